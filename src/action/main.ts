/**
 * The GitHub Action's entry point, bundled into `dist/index.js` by `scripts/build-action.ts` and run
 * by the Actions runner on Node 24 (`runs.using: node24` in `action.yml`). Thin: everything happens
 * in {@link runAction}; this only hands its exit code to the process.
 */
import { runAction } from './run-action.ts';

process.exitCode = await runAction();
