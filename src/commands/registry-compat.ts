/**
 * `kontract diff --against registry` (and the registry part of `check --registry <url>`) as a library
 * function: the workspace's contracts checked against the versions registered in a schema registry,
 * honouring the mode configured there (see `src/registry/registry-compat.ts` for the precedence).
 * read → load → ask the registry → examine → waive → summarise, like every checking command.
 */

import type { KontractConfig } from '../contracts/config-types.ts';
import type { CrossCheck, SubjectCheck } from '../registry/registry-compat.ts';
import type { RegistryOptions } from '../registry/registry-connection.ts';
import { type Diagnostic, fingerprintOf } from '../report/diagnostic.ts';
import { knownRuleIds } from './rules.ts';
import { type CheckOptions, type CheckResult, finishRun, loadWorkspace } from './workspace-run.ts';

/** Options of `runRegistryCompat`. */
export interface RegistryCompatCommandOptions extends CheckOptions {
  /** Registry URL and credentials; what is missing is read from `env` (`KONTRACT_REGISTRY_*`). */
  registry?: RegistryOptions;
  /** Also ask the registry's own compatibility endpoint and report both verdicts. */
  crossCheck?: boolean;
  /** Environment to read `KONTRACT_REGISTRY_*` from; default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
}

/** The check result plus what was checked against which registered versions. */
export interface RegistryCompatResult extends CheckResult {
  /** One entry per contract checked: subject, mode and where it came from, versions checked. */
  subjects: SubjectCheck[];
  /** With `crossCheck`: kontract's and the registry's verdicts, per subject that has versions. */
  crossChecks: CrossCheck[];
}

/**
 * The warning for a subject where kontract and the registry, applying the same mode, disagree: one
 * of them has a bug, and `publish` will meet the registry's verdict, not kontract's.
 */
function disagreement(check: CrossCheck): Diagnostic {
  const data = {
    subject: check.subject,
    mode: check.mode,
    kontract: check.kontract ? 'compatible' : 'incompatible',
    registry: check.registry ? 'compatible' : 'incompatible',
  };
  const subjectFile = check.file;
  return {
    ruleId: 'registry/cross-check-disagrees',
    messageId: 'disagrees',
    severity: 'warning',
    message: `kontract finds \`${check.contract}\` ${data.kontract} with subject \`${check.subject}\` under ${check.mode}, but the registry's compatibility endpoint says ${data.registry}`,
    location: { file: subjectFile, line: 1, column: 1 },
    contract: check.contract,
    data,
    help: "Trust neither blindly: report the schema pair to kontract; `publish` will get the registry's verdict.",
    fingerprint: fingerprintOf({
      ruleId: 'registry/cross-check-disagrees',
      messageId: 'disagrees',
      contract: check.contract,
      data,
    }),
  };
}

/**
 * The note for a subject where the two verdicts differ because the two sides apply different modes
 * (the config's and the registry's level): no bug, but `publish` meets the registry's level.
 */
function difference(check: CrossCheck): Diagnostic {
  const data = {
    subject: check.subject,
    mode: check.mode,
    registryMode: check.registryMode,
    kontract: check.kontract ? 'compatible' : 'incompatible',
    registry: check.registry ? 'compatible' : 'incompatible',
  };
  return {
    ruleId: 'registry/cross-check-differs',
    messageId: 'differs',
    severity: 'info',
    message: `kontract finds \`${check.contract}\` ${data.kontract} with subject \`${check.subject}\` under ${check.mode}; the registry, applying its level ${check.registryMode}, says ${data.registry}`,
    location: { file: check.file, line: 1, column: 1 },
    contract: check.contract,
    data,
    help: "Make the registry's level and the config's `compatibility` agree (set the subject's level, or the contract's), so that both sides judge the same rule.",
    fingerprint: fingerprintOf({
      ruleId: 'registry/cross-check-differs',
      messageId: 'differs',
      contract: check.contract,
      data,
    }),
  };
}

/** A cross-check finding at the severity the config's `rules` give its rule; none when `off`. */
function configured(diagnostic: Diagnostic, rules: KontractConfig['rules']): Diagnostic[] {
  const setting = Object.hasOwn(rules, diagnostic.ruleId) ? rules[diagnostic.ruleId] : undefined;
  const severity =
    setting === undefined
      ? diagnostic.severity
      : typeof setting === 'string'
        ? setting
        : (setting.severity ?? diagnostic.severity);
  return severity === 'off' ? [] : [{ ...diagnostic, severity }];
}

/**
 * Checks the workspace's contracts against the registry. Bad contracts and a bad config are
 * diagnostics (exit 2), as in every command; a registry that cannot be asked (down, timeout, wrong
 * password, unknown URL) throws `RegistryError`, which the CLI prints and maps to exit 2.
 */
export async function runRegistryCompat(
  options: RegistryCompatCommandOptions,
): Promise<RegistryCompatResult> {
  const workspace = await loadWorkspace(options, knownRuleIds());
  if (!workspace.checkable) {
    return { ...finishRun(workspace, [], new Set(), options), subjects: [], crossChecks: [] };
  }
  const { RegistryClient } = await import('../registry/registry-client.ts');
  const { checkContractsAgainstRegistry } = await import('../registry/registry-compat.ts');
  const { compatRules } = await import('../compat/rules/index.ts');
  const client = await RegistryClient.connect(options.registry ?? {}, options.env ?? process.env);
  const selected = workspace.contracts.contracts.filter(
    (contract) => !workspace.contextFiles.has(contract.file),
  );
  const outcome = await checkContractsAgainstRegistry(client, selected, workspace.config, {
    crossCheck: options.crossCheck ?? false,
    context: workspace.contracts.contracts,
  });
  const ran = new Set<string>(Object.keys(compatRules));
  if (options.crossCheck) ran.add('registry/cross-check-disagrees').add('registry/cross-check-differs');
  const disagreements = outcome.crossChecks
    .flatMap((check) =>
      check.disagree ? [disagreement(check)] : check.kontract !== check.registry ? [difference(check)] : [],
    )
    .flatMap((diagnostic) => configured(diagnostic, workspace.config.rules));
  return {
    ...finishRun(workspace, [...outcome.diagnostics, ...disagreements], ran, options),
    subjects: outcome.subjects,
    crossChecks: outcome.crossChecks,
  };
}
