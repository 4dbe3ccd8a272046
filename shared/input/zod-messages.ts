/**
 * English messages for zod/mini. We use zod/mini, the tree-shakable build (≈20 KiB in a bundle instead of
 * ≈450 KiB for classic zod); import it as `* as z from 'zod/mini'` everywhere, never re-export the namespace,
 * or the bundler has to keep all of it.
 */
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());
