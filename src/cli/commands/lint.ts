/**
 * `kontract lint`: the contract lint rules only.
 */
import { lintWorkspace } from '../../commands/lint.ts';
import type { CommandHandler } from '../command-table.ts';
import { checkOptionsOf, emitCheckResult, reportSettingsOf } from '../report-run.ts';

/** Parses nothing itself: library options in, report out, exit code back. */
export const runLintCommand: CommandHandler = async (invocation, io) => {
  const settings = reportSettingsOf(invocation, io);
  const result = await lintWorkspace(checkOptionsOf(invocation, io));
  return emitCheckResult(result, settings, io);
};
