/**
 * Waivers: accepted findings, declared in the config with a reason (and optionally a ticket and an
 * expiry date). Applies to the findings of every capability. Pure: the date is an input.
 */
import type { Waiver } from '../contracts/config-types.ts';
import type { Diagnostic, SourceLocation } from './diagnostic.ts';
import { compareDiagnostics, fingerprintOf } from './diagnostic.ts';

/** Rule id of the error for a waiver whose expiry date has passed. */
export const waiverExpiredId = 'config/waiver-expired';
/** Rule id of the warning for a waiver that matched no finding of a rule that ran. */
export const waiverUnusedId = 'config/waiver-unused';

/** What {@link applyWaivers} needs beyond the findings and the waivers. */
export interface ApplyWaiversOptions {
  /** The date of the run, `YYYY-MM-DD`; a waiver expires when `today` is after its `expires`. */
  today: string;
  /** Ids of the rules that ran: only their waivers can be used, unused or expired in this run. */
  ranRuleIds: ReadonlySet<string>;
  /** The config file, for the location of waiver diagnostics when `locateWaiver` cannot tell. */
  configFile?: string;
  /** The location of the n-th waiver (`/waivers/n`) in the config file. */
  locateWaiver?: (index: number) => SourceLocation | undefined;
}

/** True when the finding is about the waiver's rule, contract and (if given) field or a field under it. */
export function waiverMatches(waiver: Waiver, finding: Diagnostic): boolean {
  if (finding.ruleId !== waiver.rule || finding.contract !== waiver.contract) return false;
  if (waiver.field === undefined || waiver.field === '') return true;
  const path = finding.fieldPath;
  return path !== undefined && (path === waiver.field || path.startsWith(`${waiver.field}.`));
}

function waiverLocation(index: number, options: ApplyWaiversOptions): SourceLocation | undefined {
  const located = options.locateWaiver?.(index);
  if (located) return located;
  return options.configFile === undefined
    ? undefined
    : { file: options.configFile, line: 1, column: 1, pointer: `/waivers/${index}` };
}

function describeScope(waiver: Waiver): string {
  return waiver.field ? `\`${waiver.contract}\` field \`${waiver.field}\`` : `\`${waiver.contract}\``;
}

function waiverDiagnostic(
  kind: 'expired' | 'unused',
  waiver: Waiver,
  index: number,
  options: ApplyWaiversOptions,
): Diagnostic {
  const ruleId = kind === 'expired' ? waiverExpiredId : waiverUnusedId;
  const data: Record<string, string> = { rule: waiver.rule, contract: waiver.contract };
  if (waiver.field) data.field = waiver.field;
  if (kind === 'expired' && waiver.expires) data.expires = waiver.expires;
  const diagnostic: Diagnostic =
    kind === 'expired'
      ? {
          ruleId,
          messageId: 'expired',
          severity: 'error',
          message: `The waiver of \`${waiver.rule}\` for ${describeScope(waiver)} expired on ${waiver.expires}.`,
          help: 'Fix the finding it accepted and delete the waiver, or, if the reason still holds, set a new `expires` date.',
          fingerprint: fingerprintOf({
            ruleId,
            messageId: 'expired',
            contract: waiver.contract,
            path: waiver.field,
            data,
          }),
        }
      : {
          ruleId,
          messageId: 'unused',
          severity: 'warning',
          message: `The waiver of \`${waiver.rule}\` for ${describeScope(waiver)} matched no finding.`,
          help: 'The finding is gone (or the waiver names the wrong contract or field): delete the waiver.',
          fingerprint: fingerprintOf({
            ruleId,
            messageId: 'unused',
            contract: waiver.contract,
            path: waiver.field,
            data,
          }),
        };
  diagnostic.contract = waiver.contract;
  if (waiver.field) diagnostic.fieldPath = waiver.field;
  diagnostic.data = data;
  const location = waiverLocation(index, options);
  if (location) diagnostic.location = location;
  return diagnostic;
}

/**
 * Marks findings accepted by a waiver; reports expired waivers (error) and unused ones (warning)
 * for the rules that ran. A matched finding keeps its severity but carries `waived`, so it never
 * fails a run; the first waiver that matches a finding is the one recorded. An expired waiver
 * accepts nothing. Waivers for rules that did not run are neither used, unused nor expired in this
 * run (the run that executes their rule judges them). Returns new objects, sorted.
 */
export function applyWaivers(
  findings: Diagnostic[],
  waivers: readonly Waiver[],
  options: ApplyWaiversOptions,
): Diagnostic[] {
  const result = findings.slice();
  const extra: Diagnostic[] = [];
  waivers.forEach((waiver, index) => {
    if (!options.ranRuleIds.has(waiver.rule)) return;
    // ISO dates compare correctly as strings.
    if (waiver.expires !== undefined && options.today > waiver.expires) {
      extra.push(waiverDiagnostic('expired', waiver, index, options));
      return;
    }
    let used = false;
    for (let i = 0; i < result.length; i++) {
      const finding = result[i]!;
      if (!waiverMatches(waiver, finding)) continue;
      used = true;
      if (finding.waived) continue;
      const waived: NonNullable<Diagnostic['waived']> = { reason: waiver.reason };
      if (waiver.ticket !== undefined) waived.ticket = waiver.ticket;
      if (waiver.expires !== undefined) waived.expires = waiver.expires;
      result[i] = { ...finding, waived };
    }
    if (!used) extra.push(waiverDiagnostic('unused', waiver, index, options));
  });
  return [...result, ...extra].sort(compareDiagnostics);
}
