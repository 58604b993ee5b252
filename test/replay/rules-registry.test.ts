/**
 * Meta-tests: every replay rule's id equals its file name, every message template is used only with
 * data it names, and docs/replay.md documents every rule.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { replayProperties, replayRules } from '../../src/replay/replay-rules.ts';
import { root } from './helpers.ts';

describe('replay rule registry', () => {
  it('has one file per rule, named after its id', () => {
    const files = [
      ...readdirSync(path.join(root, 'src/replay/properties')).filter((f) => f !== 'property-rule.ts'),
      ...readdirSync(path.join(root, 'src/replay/rules')).filter(
        (f) => !['replay-rule.ts', 'consumer-finding.ts'].includes(f),
      ),
    ]
      .map((f) => `replay/${f.replace(/\.ts$/, '')}`)
      .sort();
    expect(Object.keys(replayRules).sort()).toEqual(files);
    for (const [id, rule] of Object.entries(replayRules)) {
      expect(rule.id).toBe(id);
      expect(rule.kind).toBe('replay');
      expect(rule.docs.description.length).toBeGreaterThan(10);
    }
  });

  it('lists the properties in the order they are checked, root causes first', () => {
    expect(Object.keys(replayProperties)).toEqual([
      'replay/evolution',
      'replay/invariant',
      'replay/not-idempotent',
      'replay/order-sensitive',
      'replay/not-restart-safe',
      'replay/not-replay-safe',
      'replay/race',
    ]);
  });

  it('documents every rule in docs/replay.md', () => {
    const docs = readFileSync(path.join(root, 'docs/replay.md'), 'utf8');
    for (const id of Object.keys(replayRules)) expect(docs).toContain(`\`${id}\``);
  });
});
