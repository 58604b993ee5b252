/**
 * Loads the project's contracts (kontract.config.json and its `.avsc` files) into a replay catalog,
 * through the same workspace reader and loader as `kontract check`.
 */
import { parseConfig } from '../../contracts/load-config.ts';
import { loadContracts } from '../../contracts/load-contracts.ts';
import type { Diagnostic } from '../../report/diagnostic.ts';
import { readWorkspace } from '../../workspace/read-workspace.ts';
import type { ReplayCatalog } from '../catalog.ts';
import { catalogFromContracts } from '../catalog.ts';

/** The catalog of the project at `root`, and the config/contract findings met on the way. */
export async function loadReplayCatalog(options: { root: string; configPath?: string }): Promise<{
  catalog: ReplayCatalog;
  diagnostics: Diagnostic[];
}> {
  const workspace = await readWorkspace(
    options.configPath === undefined
      ? { cwd: options.root }
      : { cwd: options.root, configPath: options.configPath },
  );
  const { config, diagnostics: configDiagnostics } = parseConfig(workspace.configFile);
  const set = loadContracts(workspace.files, config);
  return {
    catalog: catalogFromContracts(set.contracts),
    diagnostics: [...workspace.diagnostics, ...configDiagnostics, ...set.diagnostics],
  };
}
