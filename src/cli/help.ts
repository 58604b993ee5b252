/**
 * Help texts, generated from the command table so that they can never disagree with what the parser
 * accepts.
 */
import { type CommandSpec, commands, helpOption, type OptionSpec } from './command-table.ts';

const exitCodeText =
  'Exit codes: 0 no findings at or above --fail-on; 1 findings; 2 usage, config or input error.';

function optionLabel(name: string, option: OptionSpec): string {
  const long = option.negatable ? `--[no-]${name}` : `--${name}`;
  const value = option.type === 'string' ? ` <${option.valueName ?? 'value'}>` : '';
  return option.short ? `-${option.short}, ${long}${value}` : `    ${long}${value}`;
}

function optionDescription(option: OptionSpec): string {
  const choices = option.choices ? ` One of: ${option.choices.join(', ')}.` : '';
  const fallback = option.defaultText ? ` Default: ${option.defaultText}.` : '';
  return `${option.description}${choices}${fallback}`;
}

function table(rows: readonly (readonly [string, string])[]): string[] {
  const width = Math.max(0, ...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`);
}

/** One line: how to call a command. */
export function usageLine(name: string): string {
  const spec: CommandSpec | undefined = commands[name as keyof typeof commands];
  if (!spec) return 'Usage: kontract <command> [options]';
  const positionals = spec.positionals ? ` [${spec.positionals.name}...]` : '';
  const options = Object.keys(spec.options).length > 0 ? ' [options]' : '';
  return `Usage: kontract ${name}${options}${positionals}`;
}

/** The overview: usage, the command list, global options and exit codes. */
export function globalHelp(version: string): string {
  const lines = [
    `kontract ${version}: keeps Kafka event contracts honest.`,
    '',
    'Usage: kontract <command> [options] [paths...]',
    '',
    'Commands:',
    ...table(Object.entries(commands).map(([name, spec]) => [name, spec.summary] as const)),
    '',
    'Global options:',
    ...table([
      ['-h, --help', 'Show help (also after a command: kontract lint --help).'],
      ['    --version', 'Print the version.'],
    ]),
    '',
    "Run 'kontract help <command>' for a command's options.",
    exitCodeText,
  ];
  return `${lines.join('\n')}\n`;
}

/** A command's own help: usage, description, arguments and options. */
export function commandHelp(name: keyof typeof commands): string {
  const spec: CommandSpec = commands[name];
  const lines = [usageLine(name), '', spec.description];
  if (spec.positionals) {
    lines.push('', 'Arguments:', ...table([[spec.positionals.name, spec.positionals.description]]));
  }
  const options = { ...spec.options, help: helpOption };
  lines.push(
    '',
    'Options:',
    ...table(
      Object.entries(options).map(([option, s]) => [optionLabel(option, s), optionDescription(s)] as const),
    ),
  );
  if (name !== 'help' && name !== 'rules') lines.push('', exitCodeText);
  return `${lines.join('\n')}\n`;
}
