/**
 * How the config's `rules` section applies to the evolution rules (Avro compat, semantic, lifecycle):
 * whether a rule runs, at which severity, and, for semantic rules, with which options. Unusable
 * options are `config/invalid-value` diagnostics at the option's position; the rule then runs with its
 * defaults. Pure.
 */
import type { KontractConfig } from '../contracts/config-types.ts';
import { escapePointerToken } from '../contracts/json-positions.ts';
import { loaderDiagnostic } from '../contracts/load-diagnostics.ts';
import type { Diagnostic, Severity } from '../report/diagnostic.ts';
import { ruleSeverities, settingOf } from '../report/rule-severity.ts';
import type { RegisteredSemanticRule } from './semantic/index.ts';

/** The evolution rules as one run configures them. */
export interface CompatRuleSettings {
  /** The severity a rule reports at under the config, or `off`. */
  severityOf(ruleId: string, defaultSeverity: Severity): Severity | 'off';
  /** A semantic rule's options: its defaults overlaid with the config's usable options. */
  optionsOf(rule: RegisteredSemanticRule): Readonly<Record<string, unknown>>;
  /** Problems with the options written for semantic rules. */
  problems: Diagnostic[];
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

/** Reads the config's settings for the evolution rules; `rules` lists the semantic rules to configure. */
export function configureCompatRules(
  config: Pick<KontractConfig, 'rules' | 'source'>,
  rules: readonly RegisteredSemanticRule[],
): CompatRuleSettings {
  const problems: Diagnostic[] = [];
  const merged = new Map<string, Readonly<Record<string, unknown>>>();
  const report = (ruleId: string, option: string, message: string): void => {
    const pointer = `/rules/${escapePointerToken(ruleId)}/options/${escapePointerToken(option)}`;
    const location = config.source?.positions.locate(pointer);
    problems.push(
      loaderDiagnostic(
        'config/invalid-value',
        'invalid-option',
        `Option \`${option}\` of \`${ruleId}\` ${message}`,
        location,
        { data: { rule: ruleId, option }, help: 'Fix the option or remove it to use the default.' },
      ),
    );
  };
  for (const rule of rules) {
    const defaults = rule.defaultOptions as Record<string, unknown>;
    const written = settingOf(config.rules[rule.id]).options;
    if (written === undefined) {
      merged.set(rule.id, defaults);
      continue;
    }
    if (typeof written !== 'object' || written === null || Array.isArray(written)) {
      report(rule.id, 'options', `must be an object, not ${describeValue(written)}.`);
      merged.set(rule.id, defaults);
      continue;
    }
    const options: Record<string, unknown> = { ...defaults };
    for (const [key, value] of Object.entries(written)) {
      if (!Object.hasOwn(defaults, key)) {
        const known = Object.keys(defaults);
        report(
          rule.id,
          key,
          `is not an option of this rule (${known.length > 0 ? `known options: ${known.map((k) => `\`${k}\``).join(', ')}` : 'it has no options'}).`,
        );
        continue;
      }
      if (typeof value !== typeof defaults[key]) {
        report(rule.id, key, `must be a ${typeof defaults[key]}, not ${describeValue(value)}.`);
        continue;
      }
      options[key] = value;
    }
    for (const problem of rule.validateOptions?.(options) ?? []) {
      report(rule.id, problem.option, problem.message);
      if (Object.hasOwn(defaults, problem.option)) options[problem.option] = defaults[problem.option];
    }
    merged.set(rule.id, options);
  }
  return {
    severityOf(ruleId, defaultSeverity) {
      const written = settingOf(config.rules[ruleId]).severity;
      // The config validator reports a bad severity; the rule keeps its default meanwhile.
      return typeof written === 'string' && ruleSeverities.has(written)
        ? (written as Severity | 'off')
        : defaultSeverity;
    },
    optionsOf(rule) {
      return merged.get(rule.id) ?? (rule.defaultOptions as Record<string, unknown>);
    },
    problems,
  };
}
