/**
 * Runs the code rules over extracted send facts and turns their reports into `Diagnostic`s:
 * severity from the rule (or the config's override), message text from the template, and a
 * fingerprint that survives line moves. Pure.
 */
import type { RuleConfig } from '../contracts/config-types.ts';
import type { ContractSet } from '../contracts/model.ts';
import type { Diagnostic, Severity } from '../report/diagnostic.ts';
import { fingerprintOf, formatMessage } from '../report/diagnostic.ts';
import type { RuleMeta } from '../report/rule.ts';
import { severityFor } from '../report/rule-severity.ts';
import type { CodeReport, CodeRule } from './code-rule.ts';
import type { SendSite } from './facts.ts';
import { entityLeak } from './rules/entity-leak.ts';
import { payloadMismatch } from './rules/payload-mismatch.ts';
import { typesDrift } from './rules/types-drift.ts';
import { unkeyedSend } from './rules/unkeyed-send.ts';
import { unresolvedTopic } from './rules/unresolved-topic.ts';
import type { SchemaIndex } from './schema-types.ts';
import { indexSchemas } from './schema-types.ts';

export { severityFor };

/** Every rule that judges send sites, by id. */
export const sendRules = {
  'code/unkeyed-send': unkeyedSend,
  'code/entity-leak': entityLeak,
  'code/payload-mismatch': payloadMismatch,
  'code/unresolved-topic': unresolvedTopic,
} satisfies Record<string, CodeRule>;

/** Every code rule (send rules and the generated-types drift rule), by id: the registry for docs and `--help`. */
export const codeRules = { ...sendRules, 'code/types-drift': typesDrift } satisfies Record<string, RuleMeta>;

/** Property names that carry the event type inside payloads and decoded events, unless configured. */
export const defaultDiscriminators = ['eventType', 'type'];

/** Builds a finding of `rule` from one report. */
export function diagnosticFrom(rule: RuleMeta, severity: Severity, report: CodeReport<string>): Diagnostic {
  const template = rule.messages[report.messageId] ?? report.messageId;
  const diagnostic: Diagnostic = {
    ruleId: rule.id,
    messageId: report.messageId,
    severity,
    message: formatMessage(template, report.data),
    location: report.location,
    data: report.data,
    fingerprint: fingerprintOf({
      ruleId: rule.id,
      messageId: report.messageId,
      contract: report.contract,
      path: `${report.location.file}${report.fieldPath === undefined ? '' : `#${report.fieldPath}`}`,
      data: report.data,
    }),
  };
  if (report.related !== undefined && report.related.length > 0) diagnostic.related = report.related;
  const help = report.help ?? rule.docs.help;
  if (help !== undefined) diagnostic.help = help;
  if (report.contract !== undefined) diagnostic.contract = report.contract;
  if (report.fieldPath !== undefined) diagnostic.fieldPath = report.fieldPath;
  return diagnostic;
}

/** Runs every enabled send rule over `sends`; findings come back in report order (sort with `compareDiagnostics`). */
export function runSendRules(input: {
  sends: readonly SendSite[];
  contracts: ContractSet;
  discriminators?: readonly string[];
  rules?: Record<string, RuleConfig>;
  schemas?: SchemaIndex;
}): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const schemas = input.schemas ?? indexSchemas(input.contracts.contracts);
  for (const rule of Object.values(sendRules) as CodeRule[]) {
    const severity = severityFor(rule, input.rules);
    if (severity === 'off') continue;
    rule.check({
      sends: input.sends,
      contracts: input.contracts,
      schemas,
      discriminators: input.discriminators ?? defaultDiscriminators,
      report: (report) => diagnostics.push(diagnosticFrom(rule, severity, report)),
    });
  }
  return diagnostics;
}

/**
 * Compares the committed generated types file with the expected text (`generateTypes`); one
 * `code/types-drift` finding on the first differing line, or none. `committedText` undefined means
 * the file does not exist.
 */
export function checkTypesDrift(
  expected: string,
  committedText: string | undefined,
  file: string,
  rules?: Record<string, RuleConfig>,
): Diagnostic[] {
  const severity = severityFor(typesDrift, rules);
  if (severity === 'off') return [];
  const diagnostics: Diagnostic[] = [];
  typesDrift.check({
    file,
    expected,
    committed: committedText,
    report: (report) => diagnostics.push(diagnosticFrom(typesDrift, severity, report)),
  });
  return diagnostics;
}
