/**
 * The one-line verdict of a run, shared by the human-readable formats so that they always agree.
 * Pure.
 */
import type { RunSummary } from './render.ts';

/** How a run ended, for choosing the summary icon and colour. */
export type SummaryTone = 'passed' | 'passed-with-findings' | 'failed';

/** `1 error`, `2 warnings`: English count with the noun in the right number (`info` is uncountable). */
export function countOf(
  count: number,
  noun: 'error' | 'warning' | 'info' | 'contract' | 'input error',
): string {
  const plural = noun === 'info' || count === 1 ? noun : `${noun}s`;
  return `${count} ${plural}`;
}

/** Whether the run passed, passed with non-failing findings, or failed. */
export function summaryTone(summary: RunSummary): SummaryTone {
  if (summary.exitCode !== 0) return 'failed';
  return summary.errors + summary.warnings + summary.infos > 0 ? 'passed-with-findings' : 'passed';
}

/** The icon a tone is shown with. */
export function summaryIcon(tone: SummaryTone): string {
  return tone === 'failed' ? '✖' : tone === 'passed-with-findings' ? '⚠' : '✔';
}

/**
 * The verdict without icon or colour: `3 errors, 1 warning (2 waived) in 12 contracts` or
 * `10 contracts, no findings`; an incomplete run says so.
 */
export function summaryText(summary: RunSummary): string {
  const waived = summary.waived > 0 ? ` (${summary.waived} waived)` : '';
  const counts: string[] = [];
  if (summary.errors > 0) counts.push(countOf(summary.errors, 'error'));
  if (summary.warnings > 0) counts.push(countOf(summary.warnings, 'warning'));
  if (summary.infos > 0) counts.push(countOf(summary.infos, 'info'));
  const contracts = countOf(summary.contracts, 'contract');
  if (counts.length === 0) return `${contracts}, no findings${waived}`;
  const incomplete =
    summary.inputErrors > 0
      ? ` — ${countOf(summary.inputErrors, 'input error')}, the check is incomplete`
      : '';
  return `${counts.join(', ')}${waived} in ${contracts}${incomplete}`;
}
