/**
 * `kontract help [command]`: the overview, or one command's options, on stdout.
 */
import type { CommandHandler } from '../command-table.ts';
import { isCommandName } from '../command-table.ts';
import { commandHelp, globalHelp } from '../help.ts';
import { toolInfo } from '../tool-info.ts';

/** Prints the help asked for; the parser has already rejected unknown command names. */
export const runHelpCommand: CommandHandler = async (invocation, io) => {
  const topic = invocation.positionals[0];
  io.stdout.write(
    topic !== undefined && isCommandName(topic) ? commandHelp(topic) : globalHelp(toolInfo().version),
  );
  return 0;
};
