import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/cli.ts';
import type { CliIo } from '../../src/cli/io.ts';
import { shouldColor } from '../../src/cli/io.ts';

/** An io whose stdout fails on write: the only way to make a healthy command hit an unexpected error. */
function brokenStdoutIo(env: Record<string, string> = {}): { io: CliIo; stderr: () => string } {
  let stderr = '';
  const io: CliIo = {
    stdout: {
      write: () => {
        throw new Error('stdout exploded\nsecond line of the message');
      },
    },
    stderr: { write: (text: string) => (stderr += text) },
    env,
    cwd: process.cwd(),
  };
  return { io, stderr: () => stderr };
}

describe('main', () => {
  it('turns an unexpected error into one line on stderr and exit 2', async () => {
    const { io, stderr } = brokenStdoutIo();
    expect(await main(['rules'], io)).toBe(2);
    expect(stderr()).toBe('kontract: internal error: stdout exploded (set KONTRACT_DEBUG=1 for the stack)\n');
  });

  it('adds the stack with KONTRACT_DEBUG=1', async () => {
    const { io, stderr } = brokenStdoutIo({ KONTRACT_DEBUG: '1' });
    expect(await main(['--version'], io)).toBe(2);
    expect(stderr()).toMatch(
      /^kontract: internal error: stdout exploded\nError: stdout exploded\n.*\n\s+at /,
    );
  });
});

describe('shouldColor', () => {
  const tty = { write: () => true, isTTY: true };
  const pipe = { write: () => true };

  it.each([
    { explicit: undefined, stream: tty, env: {}, expected: true },
    { explicit: undefined, stream: pipe, env: {}, expected: false },
    { explicit: undefined, stream: tty, env: { NO_COLOR: '1' }, expected: false },
    // no-color.org: an empty NO_COLOR does not disable colour.
    { explicit: undefined, stream: tty, env: { NO_COLOR: '' }, expected: true },
    { explicit: undefined, stream: tty, env: { TERM: 'dumb' }, expected: false },
    { explicit: undefined, stream: pipe, env: { FORCE_COLOR: '1' }, expected: true },
    { explicit: undefined, stream: tty, env: { FORCE_COLOR: '0' }, expected: false },
    { explicit: true, stream: pipe, env: { NO_COLOR: '1' }, expected: true },
    { explicit: false, stream: tty, env: { FORCE_COLOR: '1' }, expected: false },
  ])('$explicit, tty=$stream.isTTY, $env → $expected', ({ explicit, stream, env, expected }) => {
    expect(shouldColor(explicit, stream, env)).toBe(expected);
  });
});
