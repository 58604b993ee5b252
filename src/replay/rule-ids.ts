/**
 * Every replay rule id, as a plain list: what the config validator needs to accept `replay/*` rule
 * settings and waivers without loading the harness (fast-check, the engines) on the start-up path of
 * `kontract lint` and `check`. `test/replay/rule-ids.test.ts` keeps it equal to the registry.
 */
export const replayRuleIds = [
  'replay/bad-record',
  'replay/out-of-order',
  'replay/unknown-topic',
  'replay/setup-failed',
  'replay/handler-timeout',
  'replay/snapshot-not-serializable',
  'replay/leaks-state',
  'replay/handler-error',
  'replay/evolution',
  'replay/invariant',
  'replay/not-idempotent',
  'replay/order-sensitive',
  'replay/not-restart-safe',
  'replay/not-replay-safe',
  'replay/race',
] as const;
