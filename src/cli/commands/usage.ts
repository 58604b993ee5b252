/**
 * `kontract usage`: the consumers' usage map (consumer → contract → field → places) as text or JSON.
 */

import { resolve } from 'node:path';
import { formatUsage } from '../../code/usage.ts';
import { runUsage } from '../../commands/usage.ts';
import { render } from '../../report/render.ts';
import type { CommandHandler } from '../command-table.ts';
import { shouldColor } from '../io.ts';
import { checkOptionsOf, emitText, projectDirOf } from '../report-run.ts';
import { toolInfo } from '../tool-info.ts';

/**
 * Prints the map on stdout (or to `--output`); input errors go to stderr as a report (exit 2), and
 * what could not be analysed goes to stderr as notes, so the map on stdout stays machine-readable.
 */
export const runUsageCommand: CommandHandler = async (invocation, io) => {
  const format = invocation.options.format === 'json' ? 'json' : 'text';
  const { cwd, configPath, today } = checkOptionsOf(invocation, io);
  const result = await runUsage({
    cwd,
    ...(configPath === undefined ? {} : { configPath }),
    ...(today === undefined ? {} : { today }),
  });
  if (result.exitCode === 2) {
    const color = shouldColor(undefined, io.stderr, io.env);
    io.stderr.write(
      render('pretty', result.diagnostics, result.summary, { color, quiet: false, tool: toolInfo() }),
    );
    return 2;
  }
  for (const note of result.diagnostics) {
    const where = note.location
      ? `${note.location.file}:${note.location.line}:${note.location.column}: `
      : '';
    const reason = typeof note.data?.reason === 'string' ? note.data.reason : note.message;
    io.stderr.write(`kontract: note: ${where}not fully analysed: ${reason}\n`);
  }
  const output = invocation.options.output;
  await emitText(
    formatUsage(result.usage, format),
    typeof output === 'string' ? resolve(projectDirOf(invocation, io), output) : undefined,
    io,
  );
  return 0;
};
