/**
 * Code analysis speed on a generated 2,000-file service (whole project and incremental). The
 * measurement lives with its project generator in `bench/code-analysis.ts`, which can also run alone;
 * this module only registers it with the bench runner.
 */
export { benchmark } from '../code-analysis.ts';
