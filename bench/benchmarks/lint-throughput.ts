/**
 * In-process cost of the pure core on 1,000 generated contracts: loading (parse, validate, link)
 * and linting, measured separately, as contracts per second. The lint target keeps 1,000 contracts
 * well under the 1.5 s whole-process budget.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../src/contracts/load-config.ts';
import { loadContracts } from '../../src/contracts/load-contracts.ts';
import { lintRuleIds } from '../../src/lint/rules/index.ts';
import { runLint } from '../../src/lint/run-lint.ts';
import { readWorkspace } from '../../src/workspace/read-workspace.ts';
import { type Benchmark, median } from '../bench-kit.ts';
import { generateContracts } from '../generate-contracts.ts';

const events = 1000;
/** 1,000 contracts in at most 0.25 s. */
const lintTargetPerSecond = 4000;

function timed<T>(work: () => T): { value: T; ms: number } {
  const start = process.hrtime.bigint();
  const value = work();
  return { value, ms: Number(process.hrtime.bigint() - start) / 1e6 };
}

export const benchmark: Benchmark = {
  name: 'lint-throughput',
  async run(context) {
    const dir = mkdtempSync(join(tmpdir(), 'kontract-bench-lint-'));
    try {
      generateContracts(dir, events);
      const workspace = await readWorkspace({ cwd: dir });
      const { config, diagnostics } = parseConfig(workspace.configFile, { knownRuleIds: lintRuleIds });
      if (diagnostics.length > 0)
        throw new Error(`the generated config is invalid: ${diagnostics[0]?.message}`);
      const loadTimes: number[] = [];
      const lintTimes: number[] = [];
      let findings = 0;
      for (let i = 0; i < context.runs; i++) {
        const load = timed(() => loadContracts(workspace.files, config));
        if (load.value.diagnostics.length > 0) {
          throw new Error(`the generated contracts do not load: ${load.value.diagnostics[0]?.message}`);
        }
        const lint = timed(() => runLint(load.value, config));
        loadTimes.push(load.ms);
        lintTimes.push(lint.ms);
        findings = lint.value.length;
      }
      const files = workspace.files.length;
      const perSecond = (ms: number): number => Math.round((files * 1000) / ms);
      const loadMs = median(loadTimes);
      const lintMs = median(lintTimes);
      context.log(`${files} files, ${findings} findings per lint run`);
      return [
        {
          benchmark: `load ${files} files in-process`,
          metric: `contracts/s (median ${loadMs.toFixed(1)} ms)`,
          value: String(perSecond(loadMs)),
          target: '—',
          ok: true,
        },
        {
          benchmark: `lint ${files} contracts in-process`,
          metric: `contracts/s (median ${lintMs.toFixed(1)} ms)`,
          value: String(perSecond(lintMs)),
          target: `> ${lintTargetPerSecond}`,
          ok: perSecond(lintMs) > lintTargetPerSecond,
        },
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
