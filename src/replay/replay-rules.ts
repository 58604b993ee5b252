/**
 * Every replay rule in one registry: the log input rules, the consumer health rules and the
 * properties (in the order the runner checks them). Ids equal file names.
 */
import { evolution } from './properties/evolution.ts';
import { invariant } from './properties/invariant.ts';
import { notIdempotent } from './properties/not-idempotent.ts';
import { notReplaySafe } from './properties/not-replay-safe.ts';
import { notRestartSafe } from './properties/not-restart-safe.ts';
import { orderSensitive } from './properties/order-sensitive.ts';
import type { PropertyRule } from './properties/property-rule.ts';
import { race } from './properties/race.ts';
import { badRecord } from './rules/bad-record.ts';
import { handlerError } from './rules/handler-error.ts';
import { handlerTimeout } from './rules/handler-timeout.ts';
import { leaksState } from './rules/leaks-state.ts';
import { outOfOrder } from './rules/out-of-order.ts';
import type { ReplayRule } from './rules/replay-rule.ts';
import { setupFailed } from './rules/setup-failed.ts';
import { snapshotNotSerializable } from './rules/snapshot-not-serializable.ts';
import { unknownTopic } from './rules/unknown-topic.ts';

/** The properties, in the order the runner checks them (root causes first). */
export const replayProperties = {
  'replay/evolution': evolution,
  'replay/invariant': invariant,
  'replay/not-idempotent': notIdempotent,
  'replay/order-sensitive': orderSensitive,
  'replay/not-restart-safe': notRestartSafe,
  'replay/not-replay-safe': notReplaySafe,
  'replay/race': race,
} satisfies Record<string, PropertyRule>;

/** Every replay rule by id. */
export const replayRules = {
  'replay/bad-record': badRecord,
  'replay/out-of-order': outOfOrder,
  'replay/unknown-topic': unknownTopic,
  'replay/setup-failed': setupFailed,
  'replay/handler-timeout': handlerTimeout,
  'replay/snapshot-not-serializable': snapshotNotSerializable,
  'replay/leaks-state': leaksState,
  'replay/handler-error': handlerError,
  ...replayProperties,
} satisfies Record<string, ReplayRule<string, never> | PropertyRule>;

/** Id of a replay property. */
export type ReplayPropertyId = keyof typeof replayProperties;

/** Every replay rule id. */
export type ReplayRuleId = keyof typeof replayRules;
