/**
 * `kontract check`: every check on the selected contracts, one report. With `--registry <url>` the
 * contracts are also checked against the versions registered in the schema registry
 * (`runRegistryCompat`), and both results are merged into the one report and the one verdict.
 */
import { runCheck } from '../../commands/check.ts';
import type { CheckResult } from '../../commands/workspace-run.ts';
import { compareDiagnostics, type Diagnostic } from '../../report/diagnostic.ts';
import { summarize } from '../../report/render.ts';
import { waiverMatches, waiverUnusedId } from '../../report/waivers.ts';
import type { CommandHandler } from '../command-table.ts';
import { UsageError } from '../io.ts';
import { checkOptionsOf, emitCheckResult, reportSettingsOf } from '../report-run.ts';
import { emitWithContext, evolutionOptionsOf, runRegistryPart } from './diff.ts';

/** Same finding, same place, same words: what both runs report about the same input (a config problem). */
function identity(diagnostic: Diagnostic): string {
  const where = diagnostic.location
    ? `${diagnostic.location.file}:${diagnostic.location.line}:${diagnostic.location.column}`
    : '';
  return `${diagnostic.ruleId}\u0000${diagnostic.fingerprint ?? ''}\u0000${where}\u0000${diagnostic.message}`;
}

/** True when `unused` (a `config/waiver-unused` warning) names a waiver that some finding of `other` used. */
function usedIn(unused: Diagnostic, other: readonly Diagnostic[]): boolean {
  const data = unused.data ?? {};
  if (typeof data.rule !== 'string' || typeof data.contract !== 'string') return false;
  const waiver = {
    rule: data.rule,
    contract: data.contract,
    reason: '',
    ...(typeof data.field === 'string' ? { field: data.field } : {}),
  };
  return other.some((finding) => finding.waived !== undefined && waiverMatches(waiver, finding));
}

/**
 * Merges the registry comparison into the check's result: its findings added, what both runs report
 * (the config's and the contracts' own problems, an expired waiver) once, a waiver reported unused
 * only when neither run used it, and the verdict summarised again over the whole. Pure.
 */
export function mergeRegistryResult(check: CheckResult, registry: CheckResult): CheckResult {
  const seen = new Set(check.diagnostics.map(identity));
  const added = registry.diagnostics.filter((d) => !seen.has(identity(d)));
  const isUnused = (d: Diagnostic) => d.ruleId === waiverUnusedId;
  const diagnostics = [
    ...check.diagnostics.filter((d) => !(isUnused(d) && usedIn(d, registry.diagnostics))),
    ...added.filter((d) => !(isUnused(d) && usedIn(d, check.diagnostics))),
  ].sort(compareDiagnostics);
  const summary = summarize(diagnostics, {
    contracts: check.summary.contracts,
    failOn: check.summary.failOn,
  });
  const result: CheckResult = { diagnostics, summary, exitCode: summary.exitCode, root: check.root };
  if (check.configFile !== undefined) result.configFile = check.configFile;
  return result;
}

/** Parses nothing itself: library options in, report out, exit code back. */
export const runCheckCommand: CommandHandler = async (invocation, io) => {
  const settings = reportSettingsOf(invocation, io);
  const registryFlag =
    typeof invocation.options.registry === 'string' ? invocation.options.registry : undefined;
  if (invocation.options.against === 'registry') {
    throw new UsageError(
      '--against takes a git ref in check; add --registry <url> to check against the registry as well, or run kontract diff --against registry.',
      'check',
    );
  }
  if (
    registryFlag === undefined &&
    (invocation.options['cross-check'] === true || invocation.options.timeout !== undefined)
  ) {
    throw new UsageError('--cross-check and --timeout go with --registry <url>.', 'check');
  }
  const check = await runCheck({ ...checkOptionsOf(invocation, io), ...evolutionOptionsOf(invocation, io) });
  if (registryFlag === undefined) return emitCheckResult(check, settings, io);
  const { result, context } = await runRegistryPart(invocation, io, registryFlag);
  return emitWithContext(mergeRegistryResult(check, result), context, settings, io);
};
