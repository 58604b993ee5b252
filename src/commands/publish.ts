/**
 * `kontract publish` as a library function: registers every contract whose schema differs from what
 * its subject already holds, after the checks pass. read → lint → check against the registry →
 * register (or, with `dryRun`, say what would be registered) → report.
 *
 * Idempotent: a contract whose canonical schema equals the latest registered one is not sent; one the
 * subject already holds under an earlier version (the registry's own lookup says so) is not sent
 * either. Re-running publish therefore registers nothing new. Refuses (registers nothing at all) when
 * the lint finds errors or the local schemas are incompatible with what is registered.
 */
import type { Contract, Json } from '../contracts/model.ts';
import type { RegistryOptions } from '../registry/registry-connection.ts';
import { type Diagnostic, fingerprintOf } from '../report/diagnostic.ts';
import { lintLoadedWorkspace } from './lint.ts';
import { knownRuleIds } from './rules.ts';
import { type CheckOptions, type CheckResult, finishRun, loadWorkspace } from './workspace-run.ts';

/** Options of `runPublish`. */
export interface PublishOptions extends CheckOptions {
  registry?: RegistryOptions;
  /** Check and compare, but register nothing; entries say `would-register`. */
  dryRun?: boolean;
  /** Environment to read `KONTRACT_REGISTRY_*` from; default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
}

/** What publish did (or would do) for one contract. */
export type PublishStatus = 'registered' | 'unchanged' | 'would-register';

/** One row of the publish table. */
export interface PublishEntry {
  contract: string;
  file: string;
  subject: string;
  status: PublishStatus;
  /** The subject version holding the schema; absent for `would-register`. */
  version?: number;
  /** The global schema id; absent for `would-register`. */
  id?: number;
}

/** The check result plus the publish table. */
export interface PublishResult extends CheckResult {
  /** One entry per contract, in contract order; empty when publish refused. */
  entries: PublishEntry[];
  /** True when checks failed and nothing was registered. */
  refused: boolean;
}

const publishMessages: Record<PublishStatus, (entry: PublishEntry) => string> = {
  registered: (e) => `registered under subject \`${e.subject}\` as version ${e.version} (id ${e.id})`,
  unchanged: (e) => `already registered under subject \`${e.subject}\` as version ${e.version} (id ${e.id})`,
  'would-register': (e) => `would be registered under subject \`${e.subject}\` (dry run)`,
};

/** The `info` finding that reports one publish entry, on the contract file's first line. */
function entryDiagnostic(entry: PublishEntry): Diagnostic {
  const data: Record<string, string | number> = { subject: entry.subject };
  if (entry.version !== undefined) data.version = entry.version;
  if (entry.id !== undefined) data.id = entry.id;
  return {
    ruleId: `publish/${entry.status}`,
    messageId: entry.status,
    severity: 'info',
    message: `\`${entry.contract}\` ${publishMessages[entry.status](entry)}`,
    location: { file: entry.file, line: 1, column: 1 },
    contract: entry.contract,
    data,
    fingerprint: fingerprintOf({
      ruleId: `publish/${entry.status}`,
      messageId: entry.status,
      contract: entry.contract,
      data,
    }),
  };
}

/** The publish table as text: one aligned row per contract (subject, version, id, status). */
export function formatPublishTable(entries: readonly PublishEntry[]): string {
  const rows = [
    ['subject', 'version', 'id', 'status'],
    ...entries.map((e) => [
      e.subject,
      e.version === undefined ? '-' : String(e.version),
      e.id === undefined ? '-' : String(e.id),
      e.status,
    ]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return `${rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')}\n`;
}

/**
 * Publishes the workspace's contracts. Bad input is diagnostics (exit 2); failed checks are
 * findings (exit 1) and nothing is registered; a registry that cannot be asked throws
 * `RegistryError` (the CLI maps it to exit 2).
 */
export async function runPublish(options: PublishOptions): Promise<PublishResult> {
  const workspace = await loadWorkspace(options, knownRuleIds());
  const lint = lintLoadedWorkspace(workspace);
  const selected = workspace.contracts.contracts.filter(
    (contract) => !workspace.contextFiles.has(contract.file) && !contract.settings.retired,
  );
  const refuse = (findings: Diagnostic[], ran: Set<string>): PublishResult => {
    const result = finishRun(workspace, findings, ran, options);
    return { ...result, entries: [], refused: true };
  };
  const blocking = (result: CheckResult) =>
    result.diagnostics.some((d) => d.severity === 'error' && !d.waived);
  const linted = finishRun(workspace, lint.findings, lint.ranRuleIds, options);
  if (!workspace.checkable || blocking(linted)) return refuse(lint.findings, lint.ranRuleIds);

  const { RegistryClient } = await import('../registry/registry-client.ts');
  const { checkContractsAgainstRegistry } = await import('../registry/registry-compat.ts');
  const { canonicalSchema, externalDefinitions, selfContainedSchema } = await import(
    '../registry/schema-document.ts'
  );
  const { mapConcurrent } = await import('../registry/concurrency.ts');
  const { compatRules } = await import('../compat/rules/index.ts');
  const client = await RegistryClient.connect(options.registry ?? {}, options.env ?? process.env);

  const compat = await checkContractsAgainstRegistry(client, selected, workspace.config, {
    context: workspace.contracts.contracts,
  });
  const ran = new Set<string>([...lint.ranRuleIds, ...Object.keys(compatRules)]);
  const findings = [...lint.findings, ...compat.diagnostics];
  if (blocking(finishRun(workspace, findings, ran, options))) return refuse(findings, ran);

  const external = externalDefinitions(workspace.contracts.contracts);
  const publishOne = async (contract: Contract): Promise<PublishEntry> => {
    const subject = contract.settings.subject;
    const local = selfContainedSchema(contract.schema, external);
    const text = JSON.stringify(local);
    const base = { contract: contract.fullName, file: contract.file, subject };
    const latest = await client.latestVersion(subject);
    if (latest && canonicalSchema(JSON.parse(latest.schema) as Json) === canonicalSchema(local)) {
      return { ...base, status: 'unchanged', version: latest.version, id: latest.id };
    }
    const existing = latest ? await client.lookup(subject, text) : undefined;
    if (existing) return { ...base, status: 'unchanged', version: existing.version, id: existing.id };
    if (options.dryRun) return { ...base, status: 'would-register' };
    const { id } = await client.register(subject, text);
    const placed = await client.lookup(subject, text);
    return placed
      ? { ...base, status: 'registered', version: placed.version, id }
      : { ...base, status: 'registered', id };
  };
  // Registration order follows the contract order, so the table and the registry's version history
  // come out the same on every run; reads before it run concurrently.
  const entries = options.dryRun
    ? await mapConcurrent(selected, client.connection.concurrency, publishOne)
    : await mapConcurrent(selected, 1, publishOne);
  const result = finishRun(workspace, [...findings, ...entries.map(entryDiagnostic)], ran, options);
  return { ...result, entries, refused: false };
}
