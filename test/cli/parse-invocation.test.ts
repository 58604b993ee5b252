import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closestMatch, editDistance } from '../../src/cli/did-you-mean.ts';
import { parseArgv } from '../../src/cli/parse-invocation.ts';
import { propertyRuns } from '../support/property.ts';

describe('parseArgv', () => {
  it('parses a command with options and paths', () => {
    expect(parseArgv(['lint', '--format', 'json', '-q', '--fail-on=warning', 'contracts', 'more'])).toEqual({
      kind: 'run',
      command: 'lint',
      options: { format: 'json', quiet: true, 'fail-on': 'warning' },
      positionals: ['contracts', 'more'],
    });
  });

  it('accepts --no-color and --color', () => {
    expect(parseArgv(['check', '--no-color'])).toMatchObject({ kind: 'run', options: { color: false } });
    expect(parseArgv(['check', '--color'])).toMatchObject({ kind: 'run', options: { color: true } });
  });

  // `--` ends the options, so a contract file whose name starts with a dash can still be checked.
  it('treats everything after -- as a path', () => {
    expect(parseArgv(['lint', '--', '--odd.avsc'])).toMatchObject({
      kind: 'run',
      positionals: ['--odd.avsc'],
    });
  });

  it.each([
    [['--help'], { kind: 'help' }],
    [['-h'], { kind: 'help' }],
    [['help'], { kind: 'help' }],
    [['help', 'lint'], { kind: 'help', command: 'lint' }],
    [['lint', '--help'], { kind: 'help', command: 'lint' }],
    [['check', 'contracts', '-h'], { kind: 'help', command: 'check' }],
    [['--version'], { kind: 'version' }],
  ])('%j asks for %j', (argv, expected) => {
    expect(parseArgv(argv)).toEqual(expected);
  });

  it.each([
    [[], 'missing command.'],
    [['lnt'], "unknown command 'lnt'. Did you mean 'lint'?"],
    [['chek'], "unknown command 'chek'. Did you mean 'check'?"],
    [['frobnicate'], "unknown command 'frobnicate'."],
    [['help', 'rulez'], "unknown command 'rulez'. Did you mean 'rules'?"],
    [['lint', '--formt', 'json'], "unknown option '--formt' for 'kontract lint'. Did you mean '--format'?"],
    [['lint', '--no-colour'], "unknown option '--no-colour' for 'kontract lint'. Did you mean '--no-color'?"],
    [['lint', '--no-quiet'], "option '--quiet' has no '--no-quiet' form; leave it out instead."],
    [['lint', '--no-format'], "option '--format' has no '--no-format' form; leave it out instead."],
    [['lint', '-x'], "unknown option '-x' for 'kontract lint'."],
    [['lint', '--format'], "option '--format' needs a value: --format <format>."],
    [['lint', '--quiet=yes'], "option '--quiet' takes no value (got 'yes')."],
    [
      ['lint', '--format', 'jsn'],
      "unknown value 'jsn' for --format; expected one of pretty, json, github, sarif, junit, markdown. Did you mean 'json'?",
    ],
    [
      ['check', '--fail-on', 'warn'],
      "unknown value 'warn' for --fail-on; expected one of error, warning. Did you mean 'warning'?",
    ],
    [['rules', 'contracts'], "'kontract rules' takes no arguments (got 'contracts')."],
    [
      ['rules', '--format', 'github'],
      "unknown value 'github' for --format; expected one of pretty, json, markdown.",
    ],
    [
      ['--format', 'json', 'lint'],
      "unknown option '--format' before the command; options go after it (kontract <command> [options]).",
    ],
  ])('%j is a usage error', (argv, message) => {
    expect(parseArgv(argv)).toMatchObject({ kind: 'usage-error', message });
  });

  // A usage error inside a command shows that command's usage, not the global one.
  it('names the command whose usage to show', () => {
    expect(parseArgv(['lint', '--bogus'])).toMatchObject({ kind: 'usage-error', command: 'lint' });
    expect(parseArgv(['bogus'])).not.toHaveProperty('command');
  });

  it('never throws, whatever the arguments', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.string(),
            fc.constantFrom('lint', 'check', 'rules', 'help', '--', '-', '--format', '-q'),
          ),
        ),
        (argv) => {
          const parsed = parseArgv(argv);
          expect(['run', 'help', 'version', 'usage-error']).toContain(parsed.kind);
        },
      ),
      propertyRuns(300),
    );
  });
});

describe('did you mean', () => {
  it('measures edit distance', () => {
    expect(editDistance('lint', 'lint')).toBe(0);
    expect(editDistance('lnt', 'lint')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('is a metric: symmetric, zero only for equal words, and obeys the triangle inequality', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 12 }),
        fc.string({ maxLength: 12 }),
        fc.string({ maxLength: 12 }),
        (a, b, c) => {
          expect(editDistance(a, b)).toBe(editDistance(b, a));
          expect(editDistance(a, b) === 0).toBe(a === b);
          expect(editDistance(a, c)).toBeLessThanOrEqual(editDistance(a, b) + editDistance(b, c));
        },
      ),
      propertyRuns(300),
    );
  });

  it('suggests only plausible typos', () => {
    expect(closestMatch('LINT', ['check', 'lint'])).toBe('lint');
    expect(closestMatch('--out', ['--format', '--output'])).toBe('--output');
    expect(closestMatch('zzz', ['check', 'lint'])).toBeUndefined();
  });
});
