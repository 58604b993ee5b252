/** `replay/snapshot-not-serializable`: snapshots are compared as JSON, so they must be plain JSON. */
import type { ConsumerFinding } from './consumer-finding.ts';
import { consumerLocation } from './consumer-finding.ts';
import { defineReplayRule } from './replay-rule.ts';

/** `snapshot` returned something JSON cannot carry, or threw. */
export const snapshotNotSerializable = defineReplayRule<
  'unserialisable' | 'threw',
  ConsumerFinding<{ kind: 'unserialisable'; path: string; found: string } | { kind: 'threw'; error: string }>
>({
  id: 'replay/snapshot-not-serializable',
  kind: 'replay',
  defaultSeverity: 'error',
  docs: {
    description:
      '`snapshot(state)` returns plain JSON: objects, arrays, strings, finite numbers, booleans, null.',
    rationale:
      'Runs are compared by their snapshots; a Map, a Date, a function or a cycle would compare by identity or vanish, hiding real differences.',
    help: 'Convert Maps with `Object.fromEntries`, Sets with sorted arrays, Dates with `toISOString()`, bigints with `String()`.',
  },
  messages: {
    unserialisable: 'The snapshot of consumer `{consumer}` is not plain JSON: {found} at `{path}`.',
    threw: 'The `snapshot` of consumer `{consumer}` throws: {error}.',
  },
  check(context) {
    const { detail } = context.input;
    const location = consumerLocation(context.input);
    context.report(
      detail.kind === 'unserialisable'
        ? {
            messageId: 'unserialisable',
            data: { consumer: context.input.consumer, found: detail.found, path: detail.path || '(root)' },
            ...(location ? { location } : {}),
          }
        : {
            messageId: 'threw',
            data: { consumer: context.input.consumer, error: detail.error },
            ...(location ? { location } : {}),
          },
    );
  },
});
