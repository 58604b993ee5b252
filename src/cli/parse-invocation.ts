/**
 * Turns `argv` into a validated invocation of a command in the table, or a usage error that names
 * the offending word and suggests the closest valid one. Built on `node:util` `parseArgs` (in
 * non-strict mode with tokens, so that every problem gets kontract's own message).
 */
import { parseArgs } from 'node:util';
import {
  type CommandSpec,
  commands,
  helpOption,
  type Invocation,
  isCommandName,
  type OptionSpec,
} from './command-table.ts';
import { didYouMean } from './did-you-mean.ts';

/** What the user asked for. */
export type ParsedArgv =
  | { kind: 'version' }
  | { kind: 'help'; command?: string }
  | ({ kind: 'run' } & Invocation)
  | {
      kind: 'usage-error';
      message: string /** command whose usage to show; absent = global usage */;
      command?: string;
    };

const globalFlags = ['--help', '-h', '--version'];

/** `--format`, `-q`, `--no-color`: every spelling of the options a command accepts, for suggestions. */
function spellingsOf(options: Readonly<Record<string, OptionSpec>>): string[] {
  const spellings: string[] = [];
  for (const [name, spec] of Object.entries(options)) {
    spellings.push(`--${name}`);
    if (spec.negatable) spellings.push(`--no-${name}`);
    if (spec.short) spellings.push(`-${spec.short}`);
  }
  return spellings;
}

/** Parses the arguments that follow the command name against the command's options. */
export function parseCommandArgs(command: string, spec: CommandSpec, args: readonly string[]): ParsedArgv {
  const options: Record<string, OptionSpec> = { ...spec.options, help: helpOption };
  const config: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [name, option] of Object.entries(options)) {
    config[name] = {
      type: option.type,
      ...(option.short ? { short: option.short } : {}),
      ...(option.multiple ? { multiple: true } : {}),
    };
  }
  const { values, positionals, tokens } = parseArgs({
    args: [...args],
    options: config,
    strict: false,
    allowPositionals: true,
    allowNegative: true,
    tokens: true,
  });
  const usageError = (message: string): ParsedArgv => ({ kind: 'usage-error', message, command });

  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const option = options[token.name];
    const negated = token.rawName.startsWith('--no-') && !Object.hasOwn(options, token.rawName.slice(2));
    if (option && negated && !option.negatable) {
      return usageError(`option '--${token.name}' has no '${token.rawName}' form; leave it out instead.`);
    }
    if (!option) {
      return usageError(
        `unknown option '${token.rawName}' for 'kontract ${command}'.${didYouMean(token.rawName, spellingsOf(options))}`,
      );
    }
    if (option.type === 'string' && token.value === undefined) {
      return usageError(
        `option '${token.rawName}' needs a value: ${token.rawName} <${option.valueName ?? 'value'}>.`,
      );
    }
    if (option.type === 'boolean' && token.value !== undefined) {
      return usageError(`option '${token.rawName}' takes no value (got '${token.value}').`);
    }
    if (option.choices && token.value !== undefined && !option.choices.includes(token.value)) {
      return usageError(
        `unknown value '${token.value}' for ${token.rawName}; expected one of ${option.choices.join(', ')}.${didYouMean(token.value, option.choices)}`,
      );
    }
  }
  if (values.help === true) return { kind: 'help', command };
  if (positionals.length > 0 && !spec.positionals) {
    return usageError(`'kontract ${command}' takes no arguments (got '${positionals[0]}').`);
  }
  const { help: _help, ...commandOptions } = values;
  return { kind: 'run', command, options: commandOptions, positionals };
}

/** Parses a whole command line (without `node` and the script). */
export function parseArgv(argv: readonly string[]): ParsedArgv {
  const commandNames = Object.keys(commands);
  const first = argv[0];
  if (first === undefined) return { kind: 'usage-error', message: 'missing command.' };
  if (first === '--version') return { kind: 'version' };
  if (first === '--help' || first === '-h') return { kind: 'help' };
  if (first.startsWith('-')) {
    return {
      kind: 'usage-error',
      message: `unknown option '${first}' before the command; options go after it (kontract <command> [options]).${didYouMean(first, globalFlags)}`,
    };
  }
  if (!isCommandName(first)) {
    return { kind: 'usage-error', message: `unknown command '${first}'.${didYouMean(first, commandNames)}` };
  }
  const parsed = parseCommandArgs(first, commands[first], argv.slice(1));
  if (first === 'help' && parsed.kind === 'run') {
    const topic = parsed.positionals[0];
    if (parsed.positionals.length > 1) {
      return { kind: 'usage-error', message: `'kontract help' takes one command name.`, command: 'help' };
    }
    if (topic !== undefined && !isCommandName(topic)) {
      return {
        kind: 'usage-error',
        message: `unknown command '${topic}'.${didYouMean(topic, commandNames)}`,
      };
    }
    return topic === undefined ? { kind: 'help' } : { kind: 'help', command: topic };
  }
  return parsed;
}
