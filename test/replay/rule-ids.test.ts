import { describe, expect, it } from 'vitest';
import { knownRuleIds, listAllRules } from '../../src/commands/rules.ts';
import { replayRules } from '../../src/replay/replay-rules.ts';
import { replayRuleIds } from '../../src/replay/rule-ids.ts';

describe('replay rule ids', () => {
  // The static list exists so config validation does not load the harness; it must not drift.
  it('are exactly the replay registry', () => {
    expect([...replayRuleIds].sort()).toEqual(Object.keys(replayRules).sort());
  });

  it('are known to the config and listed in the full catalogue', async () => {
    expect(knownRuleIds()).toEqual(expect.arrayContaining([...replayRuleIds]));
    const all = (await listAllRules()).map((rule) => rule.id);
    expect(all).toEqual(expect.arrayContaining([...replayRuleIds]));
    expect(all).toEqual([...new Set(all)].sort());
  });
});
