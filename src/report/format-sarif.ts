/**
 * SARIF 2.1.0 (the OASIS Static Analysis Results Interchange Format), for GitHub code scanning and
 * every other SARIF viewer: one run, the rules that the findings refer to (id, descriptions, help
 * link into kontract's README, default level), and one result per finding with its exact region,
 * related places, a stable partial fingerprint and a suppression for waived findings.
 *
 * GitHub's ingestion is stricter than the schema in one way that matters: it rejects the whole
 * upload when a single result has no location. A finding without a file is therefore anchored at
 * `options.anchorFile` (the config file) when given, and otherwise reported as a tool notification
 * of the invocation instead of a result, so that it is neither lost nor fatal. Pure.
 */
import type { Diagnostic, RelatedLocation, Severity, SourceLocation } from './diagnostic.ts';
import { type FormatOptions, failsRun, type RunSummary } from './render.ts';
import type { RuleMeta } from './rule.ts';

/** The `$schema` every kontract SARIF log declares (the schema GitHub code scanning validates against). */
export const sarifSchemaUri = 'https://json.schemastore.org/sarif-2.1.0.json';

/** The key of kontract's fingerprint in `partialFingerprints`; the `/v1` changes if its recipe does. */
export const fingerprintKey = 'kontractFingerprint/v1';

/**
 * The README anchor of a rule's entry: `contract/version-field` → `rule-contract-version-field`.
 * Stable: derived from the rule id alone, so links in old SARIF logs keep working.
 */
export function ruleAnchor(ruleId: string): string {
  return `rule-${ruleId.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
}

/** README section that documents the ids of input problems (config, workspace, loader, internal). */
const inputProblemsAnchor = 'output-formats-and-exit-codes';

const levelOf: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};

/** What the contract loader's own findings (not rules in the catalogue) are about. */
const loaderDescriptions: Readonly<Record<string, string>> = {
  'contract/invalid-json': 'A contract file is not valid JSON.',
  'contract/invalid-avro': 'A contract file is JSON but not a valid Avro schema.',
  'contract/invalid-encoding': 'A contract file is not UTF-8 text.',
  'contract/too-deep': 'A contract file nests deeper than kontract reads.',
  'contract/unresolved-reference': 'A contract refers to a named type that no contract defines.',
  'contract/reference-cycle': 'Contract files refer to each other in a cycle.',
  'contract/duplicate-name': 'Two contract files define the same named type.',
};

/**
 * What the other findings that are not rules in the catalogue (the config's, the workspace's) are
 * about, by id prefix; the most specific prefix comes first.
 */
const prefixDescriptions: readonly [prefix: string, description: string][] = [
  ['config/waiver-', 'A waiver in the kontract config has expired or no longer matches a finding.'],
  ['config/', 'The kontract config has a problem (an unknown key, rule or contract, a bad value).'],
  ['workspace/', 'The selected files could not be read (a missing path, an empty selection).'],
  ['internal/', 'A kontract rule crashed on this input; the rest of the run went on.'],
];

/** The description of an id outside the catalogue, and whether it is one of the input problems. */
function describeUncatalogued(ruleId: string): { text: string; inputProblem: boolean } {
  const known =
    loaderDescriptions[ruleId] ?? prefixDescriptions.find(([prefix]) => ruleId.startsWith(prefix))?.[1];
  return known !== undefined
    ? { text: known, inputProblem: true }
    : { text: `Findings reported by kontract as ${ruleId}.`, inputProblem: false };
}

/** README section with the rule catalogue, for rule ids this build's catalogue does not describe. */
const rulesAnchor = 'rules';

/** A JSON value with insertion-ordered keys, which `JSON.stringify` preserves. */
type Ordered = { [key: string]: unknown };

function ruleDescriptor(ruleId: string, meta: RuleMeta | undefined, tool: FormatOptions['tool']): Ordered {
  const descriptor: Ordered = { id: ruleId };
  const uncatalogued = meta ? undefined : describeUncatalogued(ruleId);
  if (meta) {
    descriptor.shortDescription = { text: meta.docs.description };
    descriptor.fullDescription = { text: meta.docs.rationale };
    descriptor.help = { text: meta.docs.help ?? meta.docs.description };
  } else {
    descriptor.shortDescription = { text: uncatalogued?.text };
  }
  if (tool.readmeUrl !== undefined) {
    const anchor = meta ? ruleAnchor(ruleId) : uncatalogued?.inputProblem ? inputProblemsAnchor : rulesAnchor;
    descriptor.helpUri = `${tool.readmeUrl}#${anchor}`;
  }
  if (meta) descriptor.defaultConfiguration = { level: levelOf[meta.defaultSeverity] };
  descriptor.properties = { tags: ['kontract', meta ? meta.kind : ruleId.slice(0, ruleId.indexOf('/'))] };
  return descriptor;
}

function region(location: SourceLocation): Ordered | undefined {
  // Line 0 means "the whole file" (e.g. a file that is not UTF-8): SARIF then takes no region.
  if (location.line < 1) return undefined;
  const out: Ordered = { startLine: location.line };
  if (location.column >= 1) out.startColumn = location.column;
  if (location.endLine !== undefined && location.endLine >= location.line) out.endLine = location.endLine;
  if (location.endColumn !== undefined && location.endColumn >= 1) {
    const sameLine = (location.endLine ?? location.line) === location.line;
    // SARIF requires endColumn > startColumn on a one-line region; an empty span has no end to give.
    if (!sameLine || location.endColumn > location.column) out.endColumn = location.endColumn;
  }
  return out;
}

/** A file path as a relative URI reference: each segment percent-encoded, `/` kept. */
export function fileUri(file: string): string {
  return file
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

function physicalLocation(location: SourceLocation): Ordered {
  const out: Ordered = { artifactLocation: { uri: fileUri(location.file), uriBaseId: '%SRCROOT%' } };
  const lines = region(location);
  if (lines) out.region = lines;
  return out;
}

function relatedLocations(diagnostic: Diagnostic): Ordered[] {
  const related: Ordered[] = [];
  const add = (location: SourceLocation, message: string) => {
    related.push({
      id: related.length + 1,
      physicalLocation: physicalLocation(location),
      message: { text: message },
    });
  };
  if (diagnostic.previousLocation) add(diagnostic.previousLocation, 'Where this was in the base version.');
  for (const place of diagnostic.related ?? ([] as RelatedLocation[])) add(place, place.message);
  return related;
}

function messageText(diagnostic: Diagnostic, anchored: boolean): string {
  const parts = [diagnostic.message];
  if (diagnostic.help) parts.push(`Help: ${diagnostic.help}`);
  if (anchored) parts.push('(Reported on the config file: the finding concerns no single file.)');
  return parts.join('\n');
}

function result(
  diagnostic: Diagnostic,
  ruleIndex: number,
  summary: RunSummary,
  anchorFile?: string,
): Ordered {
  const out: Ordered = {
    ruleId: diagnostic.ruleId,
    ruleIndex,
    level: levelOf[diagnostic.severity],
    message: { text: messageText(diagnostic, diagnostic.location === undefined) },
  };
  const location =
    diagnostic.location ?? (anchorFile !== undefined ? { file: anchorFile, line: 0, column: 0 } : undefined);
  if (location) out.locations = [{ physicalLocation: physicalLocation(location) }];
  const related = relatedLocations(diagnostic);
  if (related.length > 0) out.relatedLocations = related;
  out.partialFingerprints = { [fingerprintKey]: diagnostic.fingerprint };
  if (diagnostic.waived) {
    const { reason, ticket, expires } = diagnostic.waived;
    const extras = [ticket, expires ? `expires ${expires}` : undefined].filter((x) => x !== undefined);
    out.suppressions = [
      {
        kind: 'external',
        status: 'accepted',
        justification: extras.length > 0 ? `${reason} (${extras.join(', ')})` : reason,
      },
    ];
  }
  const properties: Ordered = {};
  if (diagnostic.contract !== undefined) properties.contract = diagnostic.contract;
  if (diagnostic.fieldPath !== undefined) properties.fieldPath = diagnostic.fieldPath;
  if (diagnostic.location?.pointer !== undefined) properties.pointer = diagnostic.location.pointer;
  properties.failsRun = failsRun(diagnostic, summary.failOn);
  out.properties = properties;
  return out;
}

function notification(diagnostic: Diagnostic, ruleIndex: number): Ordered {
  return {
    level: levelOf[diagnostic.severity],
    message: { text: messageText(diagnostic, false) },
    descriptor: { id: diagnostic.ruleId, index: ruleIndex },
    associatedRule: { id: diagnostic.ruleId, index: ruleIndex },
  };
}

/**
 * Renders a SARIF 2.1.0 log with one run. Rules are the catalogue entries of the rule ids that occur,
 * sorted by id; results keep the report's order. `invocations[0].executionSuccessful` is false when
 * the input could not be checked fully, so a viewer never mistakes an incomplete run for a clean one.
 */
export function formatSarif(
  diagnostics: readonly Diagnostic[],
  summary: RunSummary,
  options: FormatOptions,
): string {
  const catalogue = new Map((options.rules ?? []).map((rule) => [rule.id, rule]));
  const ruleIds = [...new Set(diagnostics.map((d) => d.ruleId))].sort();
  const ruleIndex = new Map(ruleIds.map((id, index) => [id, index]));
  const indexOf = (id: string): number => ruleIndex.get(id) ?? 0;

  const results: Ordered[] = [];
  const notifications: Ordered[] = [];
  for (const diagnostic of diagnostics) {
    if (diagnostic.location === undefined && options.anchorFile === undefined) {
      notifications.push(notification(diagnostic, indexOf(diagnostic.ruleId)));
    } else {
      results.push(result(diagnostic, indexOf(diagnostic.ruleId), summary, options.anchorFile));
    }
  }

  const driver: Ordered = { name: options.tool.name, version: options.tool.version };
  if (/^\d+\.\d+\.\d+/.test(options.tool.version)) driver.semanticVersion = options.tool.version;
  if (options.tool.readmeUrl !== undefined) driver.informationUri = options.tool.readmeUrl;
  driver.rules = ruleIds.map((id) => ruleDescriptor(id, catalogue.get(id), options.tool));

  const invocation: Ordered = {
    executionSuccessful: summary.inputErrors === 0,
    exitCode: summary.exitCode,
  };
  if (notifications.length > 0) invocation.toolExecutionNotifications = notifications;

  const log = {
    $schema: sarifSchemaUri,
    version: '2.1.0',
    runs: [
      {
        tool: { driver },
        invocations: [invocation],
        columnKind: 'utf16CodeUnits',
        results,
        properties: {
          contracts: summary.contracts,
          errors: summary.errors,
          warnings: summary.warnings,
          infos: summary.infos,
          waived: summary.waived,
          inputErrors: summary.inputErrors,
          failOn: summary.failOn,
        },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
