/**
 * The embeddable widget: one ES module defining one custom element, `<chat-widget>` (built to widget.js).
 *
 *   <script type="module" src="https://chat.example.com/widget.js"></script>
 *   <chat-widget product-id="p-100" product-name="Trail Running Shoes"></chat-widget>
 */
import './components/chat-widget';
