/**
 * The GitHub Action as the runner starts it: `node dist/index.js` with `INPUT_*` and `GITHUB_*`
 * variables. "Start-up" rejects an unknown `command` input, so it measures loading the bundle and
 * validating the inputs; "lint, demo" runs the bundled lint on a copy of the demo contracts. Target:
 * bundle load to first check under 300 ms. Also the committed bundle's size (target under 5 MB).
 */
import { cpSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Benchmark, type BenchRow, describeTiming, ms, timeProcess } from '../bench-kit.ts';

const targetMs = 300;

export const benchmark: Benchmark = {
  name: 'action-startup',
  async run(context) {
    const workspace = mkdtempSync(join(tmpdir(), 'kontract-bench-action-'));
    try {
      cpSync(join(context.root, 'contracts'), join(workspace, 'contracts'), { recursive: true });
      const output = join(workspace, 'github-output');
      const summary = join(workspace, 'step-summary.md');
      writeFileSync(output, '');
      writeFileSync(summary, '');
      const env = (command: string): Record<string, string> => ({
        GITHUB_ACTIONS: 'true',
        GITHUB_WORKSPACE: workspace,
        GITHUB_OUTPUT: output,
        GITHUB_STEP_SUMMARY: summary,
        RUNNER_TEMP: workspace,
        GITHUB_EVENT_NAME: 'push',
        INPUT_COMMAND: command,
      });
      const bundle = join(context.root, 'dist/index.js');
      const rows: BenchRow[] = [];
      for (const [label, command] of [
        ['action start-up (bundle load + inputs)', 'none'],
        ['action lint, demo contracts', 'lint'],
      ] as const) {
        const timing = timeProcess(process.execPath, [bundle], {
          cwd: workspace,
          runs: context.runs,
          env: env(command),
        });
        rows.push({
          benchmark: label,
          metric: describeTiming(timing),
          value: ms(timing.medianMs),
          target: `< ${targetMs} ms`,
          ok: timing.medianMs < targetMs,
        });
      }
      const bytes = statSync(bundle).size + statSync(join(context.root, 'dist/babel.cjs')).size;
      rows.push({
        benchmark: 'action bundle size',
        metric: 'dist/index.js + dist/babel.cjs (jiti, for replay)',
        value: `${(bytes / 1024 / 1024).toFixed(2)} MB`,
        target: '< 5 MB',
        ok: bytes < 5 * 1024 * 1024,
      });
      return rows;
    } finally {
      rmSync(workspace, { recursive: true, force: true });
    }
  },
};
