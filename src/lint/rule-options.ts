/**
 * How the config's `rules` section applies to lint rules: whether a rule runs, at which severity,
 * and with which options (the config's options over the rule's `defaultOptions`). The checks are
 * exported for the config validator, which turns each problem into a `config/invalid-value`
 * diagnostic at the option's position. Pure.
 */
import type { KontractConfig } from '../contracts/config-types.ts';
import type { Severity } from '../report/diagnostic.ts';
import { ruleSeverities, settingOf } from '../report/rule-severity.ts';
import type { LintOptionProblem } from './lint-rule.ts';
import { type LintRuleId, lintRules, type RegisteredLintRule } from './rules/index.ts';

export type { LintOptionProblem } from './lint-rule.ts';
export { lintRuleIds } from './rules/index.ts';

/** True when `id` names a registered contract lint rule. */
export function isLintRuleId(id: string): id is LintRuleId {
  return Object.hasOwn(lintRules, id);
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

/** Checks one option value against the JSON type of its default; undefined when it fits. */
function typeProblem(option: string, value: unknown, fallback: unknown): LintOptionProblem | undefined {
  if (Array.isArray(fallback)) {
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
      return { option, message: `must be an array of strings, not ${describeValue(value)}.` };
    }
    return undefined;
  }
  if (typeof fallback === 'number') {
    return typeof value === 'number' && Number.isFinite(value)
      ? undefined
      : { option, message: `must be a number, not ${describeValue(value)}.` };
  }
  if (typeof value !== typeof fallback) {
    return { option, message: `must be a ${typeof fallback}, not ${describeValue(value)}.` };
  }
  return undefined;
}

interface MergedOptions {
  options: Readonly<Record<string, unknown>>;
  problems: LintOptionProblem[];
}

function mergeOptions(rule: RegisteredLintRule, written: unknown): MergedOptions {
  const defaults = rule.defaultOptions;
  if (written === undefined) return { options: defaults, problems: [] };
  if (typeof written !== 'object' || written === null || Array.isArray(written)) {
    return {
      options: defaults,
      problems: [{ option: 'options', message: `must be an object, not ${describeValue(written)}.` }],
    };
  }
  const problems: LintOptionProblem[] = [];
  const merged: Record<string, unknown> = { ...defaults };
  const known = Object.keys(defaults);
  for (const [option, value] of Object.entries(written)) {
    if (!Object.hasOwn(defaults, option)) {
      const list =
        known.length > 0 ? `known options: ${known.map((k) => `\`${k}\``).join(', ')}` : 'it has no options';
      problems.push({ option, message: `is not an option of \`${rule.id}\` (${list}).` });
      continue;
    }
    const problem = typeProblem(option, value, defaults[option]);
    if (problem) problems.push(problem);
    else merged[option] = value;
  }
  const ruleProblems = rule.validateOptions?.(merged) ?? [];
  for (const problem of ruleProblems) {
    problems.push(problem);
    // The rule cannot use this value: fall back to the default so that the run stays meaningful.
    if (Object.hasOwn(defaults, problem.option)) merged[problem.option] = defaults[problem.option];
  }
  return { options: merged, problems };
}

/**
 * Validates a rule's `options` object as written in the config. Returns one problem per unusable
 * option (unknown key, wrong JSON type, rule-specific constraint); empty when all are fine or when
 * `ruleId` is not a lint rule (unknown ids are the validator's `config/unknown-rule`).
 */
export function validateRuleOptions(ruleId: string, options: unknown): LintOptionProblem[] {
  if (!isLintRuleId(ruleId)) return [];
  return mergeOptions(lintRules[ruleId] as RegisteredLintRule, options).problems;
}

/** A lint rule as configured for one run: the rule, its severity, its merged options. */
export interface ConfiguredLintRule {
  rule: RegisteredLintRule;
  severity: Severity;
  options: Readonly<Record<string, unknown>>;
  /** Problems with the written setting; the rule runs with defaults in their place. */
  problems: LintOptionProblem[];
}

/** The lint rules enabled by `config.rules` (in id order), each with its severity and merged options. */
export function configureLintRules(config: Pick<KontractConfig, 'rules'>): ConfiguredLintRule[] {
  const configured: ConfiguredLintRule[] = [];
  for (const [id, registered] of Object.entries(lintRules).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const rule = registered as RegisteredLintRule;
    const { severity: written, options: writtenOptions } = settingOf(config.rules[id]);
    const problems: LintOptionProblem[] = [];
    let severity: Severity | 'off' = rule.defaultSeverity;
    if (written !== undefined) {
      if (typeof written === 'string' && ruleSeverities.has(written)) severity = written as Severity | 'off';
      else
        problems.push({
          option: 'severity',
          message: `must be one of off, info, warning, error, not ${describeValue(written)}.`,
        });
    }
    if (severity === 'off') continue;
    const merged = mergeOptions(rule, writtenOptions);
    configured.push({ rule, severity, options: merged.options, problems: [...problems, ...merged.problems] });
  }
  return configured;
}

/** Ids of the lint rules that run under `config` (for waivers: only rules that ran can leave a waiver unused). */
export function enabledLintRuleIds(config: Pick<KontractConfig, 'rules'>): Set<string> {
  return new Set(configureLintRules(config).map((c) => c.rule.id));
}
