/**
 * How the config's `rules` section sets a rule's severity, for every capability whose rules take
 * no options (code, replay): a severity, `off`, or an object with a `severity`. Pure.
 */
import type { RuleConfig } from '../contracts/config-types.ts';
import type { Severity } from './diagnostic.ts';

/** The severity the config gives rule `id`, `off`, or `defaultSeverity` when the config is silent. */
export function severityFor(
  rule: { id: string; defaultSeverity: Severity },
  rules: Record<string, RuleConfig> | undefined,
): Severity | 'off' {
  const setting = rules?.[rule.id];
  if (setting === undefined) return rule.defaultSeverity;
  if (typeof setting === 'string') return setting;
  return setting.severity ?? rule.defaultSeverity;
}
