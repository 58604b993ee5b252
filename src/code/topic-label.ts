/** How a topic is named in messages: quoted when literal, the expression in backticks when dynamic. */
import type { TopicFact } from './facts.ts';

/** `"orders"` for a literal topic, `` `${tenant}.orders` `` (the source text) for a computed one. */
export function topicLabel(topic: TopicFact): string {
  return topic.kind === 'literal' ? JSON.stringify(topic.value) : `\`${topic.text}\``;
}
