/**
 * Meta-tests that keep the rule registry, the rule files, their tests and their fixture folders in
 * sync (typescript-eslint's docs tests do the same for its plugin), and that every rule carries the
 * docs and messages the reports and `kontract rules` show.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loaderRules } from '../../src/contracts/load-diagnostics.ts';
import { lintRuleIds, lintRules } from '../../src/lint/rules/index.ts';

const root = join(import.meta.dirname, '..', '..');
const ruleFiles = readdirSync(join(root, 'src/lint/rules'))
  .filter((file) => file.endsWith('.ts') && file !== 'index.ts')
  .map((file) => file.slice(0, -'.ts'.length))
  .sort();

function avscIn(dir: string): string[] {
  const path = join(root, dir);
  return existsSync(path) ? readdirSync(path).filter((file) => file.endsWith('.avsc')) : [];
}

describe('lint rule registry', () => {
  it('registers every rule file exactly once, under contract/<file name>', () => {
    expect([...lintRuleIds]).toEqual(ruleFiles.map((name) => `contract/${name}`));
  });

  it('shares no id with the loader diagnostics', () => {
    for (const id of lintRuleIds) expect(Object.keys(loaderRules)).not.toContain(id);
  });

  describe.each(ruleFiles)('%s', (name) => {
    const id = `contract/${name}`;

    it('is the default export of its file', async () => {
      const module = (await import(`../../src/lint/rules/${name}.ts`)) as { default: unknown };
      expect(lintRules[id as keyof typeof lintRules]).toBe(module.default);
    });

    it('has an id equal to its file name, kebab-case', () => {
      const rule = lintRules[id as keyof typeof lintRules];
      expect(rule.id).toBe(id);
      expect(name).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(rule.kind).toBe('lint');
    });

    it('has docs, messages and a valid default severity', () => {
      const rule = lintRules[id as keyof typeof lintRules];
      expect(['error', 'warning', 'info']).toContain(rule.defaultSeverity);
      expect(rule.docs.description.trim()).not.toBe('');
      expect(rule.docs.rationale.trim()).not.toBe('');
      expect(rule.docs.help?.trim() ?? '').not.toBe('');
      const messages = Object.entries(rule.messages as Record<string, string>);
      expect(messages.length).toBeGreaterThan(0);
      for (const [messageId, template] of messages) {
        expect(messageId).toMatch(/^[a-z][A-Za-z]*$/);
        expect(template.trim()).not.toBe('');
      }
    });

    it('has a doc page naming its id, description, messages and options, listed in the rules README', () => {
      const rule = lintRules[id as keyof typeof lintRules];
      const page = readFileSync(join(root, `docs/rules/${name}.md`), 'utf8');
      expect(page).toContain(`# \`${id}\``);
      expect(page).toContain(rule.docs.description);
      for (const messageId of Object.keys(rule.messages)) expect(page).toContain(`\`${messageId}\``);
      for (const option of Object.keys(rule.defaultOptions)) expect(page).toContain(`\`${option}\``);
      expect(readFileSync(join(root, 'docs/rules/README.md'), 'utf8')).toContain(`(${name}.md)`);
    });

    it('has valid and invalid fixtures and a test file', () => {
      expect(avscIn(`fixtures/contracts/${name}/valid`).length).toBeGreaterThan(0);
      expect(avscIn(`fixtures/contracts/${name}/invalid`).length).toBeGreaterThan(0);
      expect(existsSync(join(root, `test/lint/rules/${name}.test.ts`))).toBe(true);
    });
  });
});
