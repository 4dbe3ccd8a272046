import type { Topic } from '#shared/chat/model';
import { looseId } from '#shared/compat/ids';

/** The document types `taggable_id` as an integer: a topic id that is not one (a product `p-100`) goes out as null. */
const integerOrNull = (id: string) => {
  const value = looseId(id);
  return typeof value === 'number' ? value : null;
};

/**
 * Laravel's polymorphic tag and the core's topic are one thing: `App\Models\Order` #123 ⇄ `{ type: "order",
 * id: "123" }` (the class basename in snake_case; back under App\Models). So a conversation tagged with an
 * order here is the same conversation as the core's order topic, and a product conversation shows as
 * `App\Models\Product`.
 */
export const topicFromTaggable = (taggableType: string, taggableId: string): Topic => {
  const basename = taggableType.split('\\').filter(Boolean).pop() ?? taggableType;
  return { type: basename.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase(), id: taggableId };
};

export const taggableFromTopic = (topic: Topic | null) =>
  topic
    ? {
        taggable_type: `App\\Models\\${topic.type
          .split('_')
          .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
          .join('')}`,
        taggable_id: integerOrNull(topic.id),
      }
    : { taggable_type: null, taggable_id: null };
