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

/** The values a rule's severity setting may take. */
export const ruleSeverities: ReadonlySet<string> = new Set(['error', 'warning', 'info', 'off']);

/**
 * A rule's setting split into its written severity and options, not yet validated (the config
 * validator reports bad values; callers fall back to the rule's defaults meanwhile).
 */
export function settingOf(config: RuleConfig | undefined): { severity: unknown; options: unknown } {
  if (config === undefined) return { severity: undefined, options: undefined };
  if (typeof config === 'object' && config !== null)
    return { severity: config.severity, options: config.options };
  return { severity: config, options: undefined };
}
