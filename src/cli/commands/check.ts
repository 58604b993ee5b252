/**
 * `kontract check`: every check on the selected contracts, one report.
 */
import { runCheck } from '../../commands/check.ts';
import type { CommandHandler } from '../command-table.ts';
import { checkOptionsOf, emitCheckResult, reportSettingsOf } from '../report-run.ts';
import { evolutionOptionsOf } from './diff.ts';

/** Parses nothing itself: library options in, report out, exit code back. */
export const runCheckCommand: CommandHandler = async (invocation, io) => {
  const settings = reportSettingsOf(invocation, io);
  const result = await runCheck({ ...checkOptionsOf(invocation, io), ...evolutionOptionsOf(invocation, io) });
  return emitCheckResult(result, settings, io);
};
