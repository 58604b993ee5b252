/**
 * `kontract rules`: the rule catalogue as text, JSON or a Markdown table.
 */
import { resolve } from 'node:path';
import { listAllRules } from '../../commands/rules.ts';
import { formatRuleList, type RuleListFormat, ruleListFormats } from '../../report/format-rules.ts';
import type { CommandHandler } from '../command-table.ts';
import { emitText } from '../report-run.ts';

function isRuleListFormat(format: string): format is RuleListFormat {
  return (ruleListFormats as readonly string[]).includes(format);
}

/** Prints every rule; exit 0. */
export const runRulesCommand: CommandHandler = async (invocation, io) => {
  const requested = invocation.options.format;
  const format = typeof requested === 'string' && isRuleListFormat(requested) ? requested : 'pretty';
  const output = invocation.options.output;
  await emitText(
    formatRuleList(await listAllRules(), format),
    typeof output === 'string' ? resolve(io.cwd, output) : undefined,
    io,
  );
  return 0;
};
