/**
 * The `kontract` command line: parse the arguments, call the command's handler, exit with its code.
 * Thin on purpose: every command is a library function in `src/commands/`, and handlers load lazily
 * so that `kontract --help` never pays for the heavy modules of other commands. The process entry
 * points are `src/cli/main.ts` and `bin/kontract.js`.
 */
import { type CommandName, commands } from './command-table.ts';
import { globalHelp, usageLine } from './help.ts';
import type { CliIo } from './io.ts';
import { UsageError } from './io.ts';
import { parseArgv } from './parse-invocation.ts';
import { toolInfo } from './tool-info.ts';

/** Exit code for usage, config and input errors, and for internal errors. */
const usageExitCode = 2;

function writeUsageError(io: CliIo, message: string, command: string | undefined): void {
  const usage = command ? usageLine(command) : 'Usage: kontract <command> [options] [paths...]';
  const more = command ? `kontract help ${command}` : 'kontract help';
  io.stderr.write(`kontract: ${message}\n${usage}\nRun '${more}' for more.\n`);
}

/** The first line of an unexpected error, and its stack when `KONTRACT_DEBUG=1`. */
function describeInternalError(error: unknown, debug: boolean): string {
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split('\n', 1)[0] ?? '';
  const stack = debug && error instanceof Error && error.stack ? `\n${error.stack}` : '';
  const hint = debug ? '' : ' (set KONTRACT_DEBUG=1 for the stack)';
  return `kontract: internal error: ${firstLine}${hint}${stack}\n`;
}

/**
 * Runs one command line and resolves to the exit code. Never throws: usage problems and unexpected
 * errors are reported on `io.stderr` with exit code 2.
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const parsed = parseArgv(argv);
    switch (parsed.kind) {
      case 'version':
        io.stdout.write(`${toolInfo().version}\n`);
        return 0;
      case 'help': {
        const help = await commands.help.load();
        return await help(
          { command: 'help', options: {}, positionals: parsed.command === undefined ? [] : [parsed.command] },
          io,
        );
      }
      case 'usage-error':
        if (argv.length === 0)
          io.stderr.write(`kontract: ${parsed.message}\n\n${globalHelp(toolInfo().version)}`);
        else writeUsageError(io, parsed.message, parsed.command);
        return usageExitCode;
      case 'run': {
        const handler = await commands[parsed.command as CommandName].load();
        return await handler(parsed, io);
      }
    }
  } catch (error) {
    if (error instanceof UsageError) {
      if (error.usageOf === undefined) io.stderr.write(`kontract: ${error.message}\n`);
      else writeUsageError(io, error.message, error.usageOf);
      return usageExitCode;
    }
    io.stderr.write(describeInternalError(error, io.env.KONTRACT_DEBUG === '1'));
    return usageExitCode;
  }
}

/**
 * Runs `main` on this process's arguments and streams. Sets `process.exitCode` instead of calling
 * `process.exit()`, so that a report piped to a slow reader is flushed completely.
 */
export async function runCli(): Promise<void> {
  // A reader that goes away early (`kontract rules | head -1`) is not an error of ours.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  process.exitCode = await main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
  });
}
