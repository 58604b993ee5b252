/**
 * `kontract codegen`: writes the contracts' TypeScript types, or with `--check` reports drift.
 */
import { CodegenFileError, type CodegenResult, runCodegen } from '../../commands/codegen.ts';
import { countOf } from '../../report/format-summary.ts';
import type { CommandHandler } from '../command-table.ts';
import { UsageError } from '../io.ts';
import { checkOptionsOf, emitCheckResult, reportSettingsOf } from '../report-run.ts';

/** The line on stderr that says what happened to the file (stdout carries only the report). */
function outcomeLine(result: CodegenResult): string | undefined {
  const contracts = countOf(result.contractCount, 'contract');
  // A file outside the project is named absolutely: `../../tmp/x.ts` helps nobody.
  const file = result.file?.startsWith('../') ? result.absolutePath : result.file;
  switch (result.outcome) {
    case 'written':
      return `Wrote ${file} (${contracts}).\n`;
    case 'unchanged':
      return `${file} is up to date (${contracts}).\n`;
    default:
      return undefined;
  }
}

/** Library options in, report out; a file that cannot be written is exit 2 with the reason. */
export const runCodegenCommand: CommandHandler = async (invocation, io) => {
  const settings = reportSettingsOf(invocation, io);
  const out = invocation.options.out;
  const options = {
    ...checkOptionsOf(invocation, io),
    ...(typeof out === 'string' ? { out } : {}),
    check: invocation.options.check === true,
  };
  let result: CodegenResult;
  try {
    result = await runCodegen(options);
  } catch (error) {
    if (error instanceof CodegenFileError) throw new UsageError(error.message);
    throw error;
  }
  const line = outcomeLine(result);
  if (line !== undefined) io.stderr.write(line);
  return emitCheckResult(result, settings, io);
};
