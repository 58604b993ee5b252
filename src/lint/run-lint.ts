/**
 * The lint engine: runs every enabled contract rule on every loaded contract and turns the rules'
 * pointer-based reports into located, fingerprinted diagnostics. Pure: data in, findings out.
 */
import type { ConfigSource, KontractConfig } from '../contracts/config-types.ts';
import type { Contract, ContractSet } from '../contracts/model.ts';
import type { Diagnostic, SourceLocation } from '../report/diagnostic.ts';
import { compareDiagnostics, fingerprintOf, formatMessage } from '../report/diagnostic.ts';
import type { LintReport } from './lint-rule.ts';
import { type ConfiguredLintRule, configureLintRules } from './rule-options.ts';

/** The rule id of the finding that replaces a rule's findings when it throws on a contract. */
export const ruleCrashedId = 'internal/rule-crashed';

function locationOf(contract: Contract, report: LintReport<string>): SourceLocation {
  const located =
    (report.atKey ? contract.positions.locateKey(report.pointer) : undefined) ??
    contract.positions.locate(report.pointer);
  return { ...located, file: contract.file, pointer: report.pointer };
}

function diagnosticOf(
  configured: ConfiguredLintRule,
  contract: Contract,
  report: LintReport<string>,
): Diagnostic {
  const { rule, severity } = configured;
  const template = rule.messages[report.messageId];
  const message =
    template === undefined
      ? `Unknown message \`${report.messageId}\`.`
      : formatMessage(template, report.data);
  const diagnostic: Diagnostic = {
    ruleId: rule.id,
    messageId: report.messageId,
    severity,
    message,
    location: locationOf(contract, report),
    contract: contract.fullName,
    fingerprint: fingerprintOf({
      ruleId: rule.id,
      messageId: report.messageId,
      contract: contract.fullName,
      path: report.fieldPath ?? report.pointer,
      data: report.data,
    }),
  };
  if (report.fieldPath !== undefined) diagnostic.fieldPath = report.fieldPath;
  if (report.data !== undefined) diagnostic.data = report.data;
  const help = report.help ?? rule.docs.help;
  if (help !== undefined) diagnostic.help = help;
  return diagnostic;
}

/** The start of the contract's file, even when its position map is the thing that failed. */
function topOf(contract: Contract): SourceLocation {
  try {
    return { ...contract.positions.locate(''), file: contract.file, pointer: '' };
  } catch {
    return { file: contract.file, line: 1, column: 1, pointer: '' };
  }
}

function crashDiagnostic(configured: ConfiguredLintRule, contract: Contract, error: unknown): Diagnostic {
  const reason = error instanceof Error ? error.message : String(error);
  const data = { rule: configured.rule.id, reason };
  return {
    ruleId: ruleCrashedId,
    messageId: 'crashed',
    severity: 'error',
    message: `Rule \`${configured.rule.id}\` crashed on contract \`${contract.fullName}\`: ${reason}`,
    location: topOf(contract),
    contract: contract.fullName,
    data,
    help: 'This is a bug in kontract, not in the contract: please report it with the schema file. Turn the rule off for this contract meanwhile.',
    fingerprint: fingerprintOf({
      ruleId: ruleCrashedId,
      messageId: 'crashed',
      contract: contract.fullName,
      data,
    }),
  };
}

/** Where a rule-setting problem sits in the config file, when the config was read from one. */
function optionLocation(
  source: ConfigSource | undefined,
  ruleId: string,
  option: string,
): SourceLocation | undefined {
  if (!source) return undefined;
  const rule = `/rules/${ruleId.replaceAll('~', '~0').replaceAll('/', '~1')}`;
  if (option === 'severity' || option === 'options') {
    return source.positions.locate(option === 'options' ? `${rule}/options` : rule);
  }
  const pointer = `${rule}/options/${option.replaceAll('~', '~0').replaceAll('/', '~1')}`;
  return source.positions.locateKey(pointer) ?? source.positions.locate(pointer);
}

function optionDiagnostics(configured: ConfiguredLintRule, source: ConfigSource | undefined): Diagnostic[] {
  return configured.problems.map((problem) => {
    const data = { rule: configured.rule.id, option: problem.option };
    const diagnostic: Diagnostic = {
      ruleId: 'config/invalid-value',
      messageId: 'invalidRuleOption',
      severity: 'error',
      message: `Option \`${problem.option}\` of rule \`${configured.rule.id}\` ${problem.message}`,
      data,
      help: `Fix \`rules["${configured.rule.id}"]\` in the config; the rule ran with its default for this option.`,
      fingerprint: fingerprintOf({ ruleId: 'config/invalid-value', messageId: 'invalidRuleOption', data }),
    };
    const location = optionLocation(source, configured.rule.id, problem.option);
    if (location) diagnostic.location = location;
    return diagnostic;
  });
}

/**
 * Runs every enabled lint rule on every contract; severities and options come from
 * `config.rules`. Returns the findings sorted by file, line, column and rule id. A rule that
 * throws yields one `internal/rule-crashed` error for that contract instead of its findings; an
 * unusable option yields `config/invalid-value` (located in the config file when `config.source`
 * says where it was read from) and the rule runs with the option's default.
 */
export function runLint(set: ContractSet, config: Pick<KontractConfig, 'rules' | 'source'>): Diagnostic[] {
  const configured = configureLintRules(config);
  const findings: Diagnostic[] = configured.flatMap((entry) => optionDiagnostics(entry, config.source));
  for (const contract of set.contracts) {
    for (const entry of configured) {
      const reports: LintReport<string>[] = [];
      try {
        entry.rule.check({
          contract,
          contracts: set,
          options: entry.options,
          report: (r) => reports.push(r),
        });
        const located = reports.map((report) => diagnosticOf(entry, contract, report));
        for (const diagnostic of located) findings.push(diagnostic);
      } catch (error) {
        findings.push(crashDiagnostic(entry, contract, error));
      }
    }
  }
  return findings.sort(compareDiagnostics);
}
