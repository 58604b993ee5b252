/**
 * Schema evolution, pure: the current contracts against their earlier versions (from git, or from a
 * schema registry), matched by the top-level record's full name, so a moved or renamed file is still
 * the same contract. For each contract that changed, the compatibility mode decides what is checked:
 * BACKWARD (the candidate reads the base), FORWARD (the base reads the candidate), FULL (both), their
 * `_TRANSITIVE` forms (every earlier version, oldest → newest), NONE (no Avro check; the semantic
 * rules still run, since the meaning of the data still matters to consumers). The semantic rules
 * compare with the newest earlier version only: they judge the change being made, not history.
 *
 * Every finding is a `Diagnostic` on the exact line of the candidate schema (the reader side for
 * backward checks, the writer side for forward checks; for something removed, the record that lost
 * it), with `previousLocation` (and a `related` entry) on the earlier version, a message that names
 * the version it breaks against, and concrete fix advice.
 *
 * Unchanged contracts are not compared at all: the registry only checks a schema when a new version
 * is registered, and a change elsewhere must not surface old, accepted breaks. A contract counts as
 * changed when its schema, or a named type it references, differs beyond whitespace.
 */
import type { UsageMap } from '../code/usage.ts';
import type { CompatibilityMode, KontractConfig } from '../contracts/config-types.ts';
import { escapePointerToken } from '../contracts/json-positions.ts';
import { loaderDiagnostic } from '../contracts/load-diagnostics.ts';
import type { Contract, Json, PositionMap } from '../contracts/model.ts';
import { resolveSettings } from '../contracts/resolve-settings.ts';
import type { JsonObject } from '../contracts/walk-schema.ts';
import {
  type Diagnostic,
  fingerprintOf,
  formatMessage,
  type RelatedLocation,
  type Severity,
  type SourceLocation,
} from '../report/diagnostic.ts';
import { invalidDefaultsOf } from './base-versions.ts';
import { type CompatSchema, CompatSchemaError, toCompatSchema } from './compat-schema.ts';
import { type evolutionInputRules, evolutionRules } from './evolution/index.ts';
import type { Incompatibility } from './incompatibility.ts';
import { type CompatDirection, MODE_RULES } from './modes.ts';
import { AmbiguousFieldError, checkReaderWriter } from './resolve-compatibility.ts';
import { configureCompatRules } from './rule-settings.ts';
import { compatRules } from './rules/index.ts';
import {
  type ConsumerReadReport,
  type ConsumerReadsRemovedFieldOptions,
  consumerReadsRemovedField,
  lowerUnreadRemovals,
  type UnreadRemoval,
} from './semantic/consumer-reads-removed-field.ts';
import {
  type RegisteredSemanticRule,
  renameCandidates,
  semanticRuleIds,
  semanticRules,
} from './semantic/index.ts';
import { type RecordPair, type SchemaSides, type TypePair, walkPairs } from './semantic/schema-pairs.ts';
import {
  canonicalForm,
  collectNamedTypes,
  type SchemaDocument,
  schemaDocumentOf,
} from './semantic/schema-view.ts';
import type { SemanticReport } from './semantic/semantic-rule.ts';
import { compatHelp, compatMessage, displayPointer, jsonAt, suggestDefault } from './to-diagnostics.ts';

/** One earlier version of a contract, as an adapter (git history, a registry) hands it over. */
export interface SchemaVersion {
  /** Full name of the version's top-level record. */
  fullName: string;
  /** The schema JSON as written; absent when the version could not be read (`problem` says why). */
  schema?: Json;
  /** Why the version could not be read (not UTF-8, not JSON, too large), and where, when known. */
  problem?: { reason: string; location?: SourceLocation };
  /** Named types other files defined at that version, by full name (definition JSON). */
  external?: ReadonlyMap<string, Json>;
  /** Path of the file it was read from, relative to the project root, when it came from a file. */
  file?: string;
  /** Positions inside that file, for `previousLocation`. */
  positions?: PositionMap;
  /** How messages name this version: `contracts/x.avsc at the merge base of HEAD and main (a1b2c3d)`. */
  label: string;
}

/** A contract as it was: its versions and, when known, its settings then. */
export interface BaseContract {
  fullName: string;
  /** Oldest → newest, never empty; the last one is the version at the base. Transitive modes use them all. */
  versions: readonly SchemaVersion[];
  /** The key field the config declared then, when the config of that time is known. */
  keyField?: string;
  /** A compatibility mode that overrides the config's (a registry's subject config). */
  compatibility?: CompatibilityMode;
}

/** What the current contracts are compared with. */
export interface EvolutionBase {
  /** How the base is named in messages: `the merge base of HEAD and origin/main (a1b2c3d)`. */
  description: string;
  /** Every contract the base has, by full name. */
  contracts: ReadonlyMap<string, BaseContract>;
}

/** What {@link compareContracts} compares. */
export interface CompareContractsInput {
  /** The current contracts to compare (the selected ones; unchanged ones are skipped). */
  contracts: readonly Contract[];
  /** Named types of every loaded current contract, by full name (definition JSON). */
  definitions: ReadonlyMap<string, Json>;
  base: EvolutionBase;
  config: KontractConfig;
  /** Report base contracts that no current contract matches (off when only some files were selected). */
  reportRemoved: boolean;
  /**
   * Full names present in the workspace, loaded or not (a broken file is no deletion), beyond those in
   * `contracts`: every other current contract, when only the changed ones are passed in.
   */
  present?: ReadonlySet<string>;
  /**
   * The consumers' usage map (from code analysis of the candidate code), for
   * `compat/consumer-reads-removed-field`: removing or renaming a field a consumer reads is an error
   * in any mode; Avro findings about a removal nobody reads are lowered. Absent = the rule does not run.
   */
  usage?: UsageMap;
}

/** What happened to one contract. */
export interface ContractOutcome {
  contract: string;
  status: 'unchanged' | 'changed' | 'added' | 'removed' | 'renamed';
  /** Current file (or, for a removed contract, the file at the base). */
  file?: string;
}

/** The findings of a comparison and what was compared. */
export interface CompareContractsResult {
  diagnostics: Diagnostic[];
  /** Ids of the evolution rules that ran (for waivers: only these can leave a waiver unused). */
  ranRuleIds: Set<string>;
  /** Every contract on either side, sorted by full name. */
  outcomes: ContractOutcome[];
}

/** Every rule id an evolution check can report under, with its default severity. */
export function evolutionRuleDefaults(): Map<string, Severity> {
  const defaults = new Map<string, Severity>();
  for (const rule of Object.values(compatRules)) defaults.set(rule.id, rule.defaultSeverity);
  for (const id of semanticRuleIds) defaults.set(id, semanticRules[id].defaultSeverity);
  for (const rule of Object.values(evolutionRules)) defaults.set(rule.id, rule.defaultSeverity);
  return defaults;
}

interface Finding {
  incompatibility: Incompatibility;
  direction: CompatDirection;
  version: SchemaVersion;
  /** Further (older) versions that break the same way. */
  more: number;
}

/**
 * Another file's named types with some names hidden, without copying the map. Only `get` and `has`
 * answer (all the compat engine asks); iterating it yields nothing.
 */
class ExternalWithout extends Map<string, Json> {
  readonly #external: ReadonlyMap<string, Json>;
  readonly #hidden: ReadonlySet<string>;
  constructor(external: ReadonlyMap<string, Json>, hidden: ReadonlySet<string>) {
    super();
    this.#external = external;
    this.#hidden = hidden;
  }
  override get(name: string): Json | undefined {
    return this.#hidden.has(name) ? undefined : this.#external.get(name);
  }
  override has(name: string): boolean {
    return !this.#hidden.has(name) && this.#external.has(name);
  }
}

/**
 * The named types of other files, without those `schema` defines itself: the engine resolves a
 * reference through `external` before its own definitions are complete, so a recursive type listed
 * there would be parsed twice and stop being recursive.
 */
function externalFor(
  schema: Json,
  external: ReadonlyMap<string, Json> | undefined,
): ReadonlyMap<string, Json> | undefined {
  // No `size` test: lazy views of definitions (history, hidden names) answer `get` and `has` only.
  if (external === undefined) return external;
  const own = new Map<string, JsonObject>();
  collectNamedTypes(schema, '', own);
  const hidden = new Set([...own.keys()].filter((name) => external.has(name)));
  return hidden.size === 0 ? external : new ExternalWithout(external, hidden);
}

function namespaceOf(fullName: string): string {
  const dot = fullName.lastIndexOf('.');
  return dot < 0 ? '' : fullName.slice(0, dot);
}

/** The record aliases of a contract's top-level record, as full names. */
function recordAliases(contract: Contract): string[] {
  const schema = contract.schema;
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return [];
  const aliases = schema.aliases;
  if (!Array.isArray(aliases)) return [];
  const namespace = namespaceOf(contract.fullName);
  return aliases
    .filter((alias): alias is string => typeof alias === 'string')
    .map((alias) => (alias.includes('.') || namespace === '' ? alias : `${namespace}.${alias}`));
}

class Comparison {
  readonly diagnostics: Diagnostic[] = [];
  readonly outcomes: ContractOutcome[] = [];
  readonly #input: CompareContractsInput;
  readonly #settings: ReturnType<typeof configureCompatRules>;
  readonly #semantic: { rule: RegisteredSemanticRule; severity: Severity }[];
  /** `compat/consumer-reads-removed-field` when a usage map is given and the rule is on. */
  readonly #consumerReads: { severity: Severity; options: ConsumerReadsRemovedFieldOptions } | undefined;

  constructor(input: CompareContractsInput) {
    this.#input = input;
    this.#settings = configureCompatRules(input.config, [
      ...semanticRuleIds.map((id) => semanticRules[id]),
      // Only the rule's id, defaultOptions and validateOptions are read here; its check takes a usage map.
      consumerReadsRemovedField as unknown as RegisteredSemanticRule,
    ]);
    this.diagnostics.push(...this.#settings.problems);
    this.#semantic = [];
    for (const id of semanticRuleIds) {
      const rule = semanticRules[id] as RegisteredSemanticRule;
      const severity = this.#settings.severityOf(id, rule.defaultSeverity);
      if (severity !== 'off') this.#semantic.push({ rule, severity });
    }
    const consumerReads = this.severity(
      consumerReadsRemovedField.id,
      consumerReadsRemovedField.defaultSeverity,
    );
    this.#consumerReads =
      input.usage === undefined || consumerReads === undefined
        ? undefined
        : {
            severity: consumerReads,
            options: this.#settings.optionsOf(
              consumerReadsRemovedField as unknown as RegisteredSemanticRule,
            ) as unknown as ConsumerReadsRemovedFieldOptions,
          };
  }

  /** True when `compat/consumer-reads-removed-field` runs in this comparison. */
  get consumerAware(): boolean {
    return this.#consumerReads !== undefined;
  }

  /** The severity of a rule under the config, or `undefined` when it is off. */
  severity(ruleId: string, defaultSeverity: Severity): Severity | undefined {
    const severity = this.#settings.severityOf(ruleId, defaultSeverity);
    return severity === 'off' ? undefined : severity;
  }

  run(): void {
    const { contracts, base, config } = this.#input;
    const current = new Set(contracts.map((contract) => contract.fullName));
    const matchedBase = new Set<string>();
    for (const contract of contracts) {
      let previous = base.contracts.get(contract.fullName);
      let status: ContractOutcome['status'] = 'changed';
      if (previous === undefined) {
        // A renamed record that names its old full name as an alias continues that contract.
        const alias = recordAliases(contract).find((name) => base.contracts.has(name) && !current.has(name));
        if (alias !== undefined) {
          previous = base.contracts.get(alias);
          status = 'renamed';
        }
      }
      if (previous === undefined) {
        this.added(contract);
        continue;
      }
      matchedBase.add(previous.fullName);
      const changed = this.compare(contract, previous);
      this.outcomes.push({
        contract: contract.fullName,
        status: changed ? status : 'unchanged',
        file: contract.file,
      });
    }
    if (!this.#input.reportRemoved) return;
    const present = this.#input.present ?? new Set<string>();
    for (const [fullName, previous] of base.contracts) {
      if (matchedBase.has(fullName) || current.has(fullName) || present.has(fullName)) continue;
      this.removed(previous, resolveSettings(fullName, config).retired);
    }
  }

  private added(contract: Contract): void {
    const rule = evolutionRules['compat/contract-added'];
    this.outcomes.push({ contract: contract.fullName, status: 'added', file: contract.file });
    const severity = this.severity(rule.id, rule.defaultSeverity);
    if (severity === undefined) return;
    const data = { contract: contract.fullName };
    this.diagnostics.push({
      ruleId: rule.id,
      messageId: 'added',
      severity,
      message: formatMessage(rule.messages.added, { ...data, against: this.#input.base.description }),
      location: { ...contract.positions.locate('/name'), pointer: '/name' },
      help: rule.docs.help,
      contract: contract.fullName,
      data,
      fingerprint: fingerprintOf({ ruleId: rule.id, messageId: 'added', contract: contract.fullName, data }),
    });
  }

  private removed(previous: BaseContract, retired: boolean): void {
    const rule = evolutionRules['compat/contract-removed'];
    const newest = previous.versions.at(-1) as SchemaVersion;
    this.outcomes.push({
      contract: previous.fullName,
      status: 'removed',
      ...(newest.file === undefined ? {} : { file: newest.file }),
    });
    const severity = retired ? 'info' : this.severity(rule.id, rule.defaultSeverity);
    if (severity === undefined) return;
    const messageId = retired ? 'retired' : 'removed';
    const data = { contract: previous.fullName, file: newest.file ?? 'its schema' };
    const configPointer = `/contracts/${escapePointerToken(previous.fullName)}`;
    const source = this.#input.config.source;
    const location = source
      ? (source.positions.locateKey(configPointer) ??
        (Object.hasOwn(this.#input.config.contracts, previous.fullName)
          ? source.positions.locate(configPointer)
          : undefined))
      : undefined;
    const diagnostic: Diagnostic = {
      ruleId: rule.id,
      messageId,
      severity,
      message: formatMessage(rule.messages[messageId], {
        ...data,
        against: this.#input.base.description,
      }),
      help: retired
        ? 'Nothing to do: the config marks the contract retired.'
        : `Restore ${data.file}, or, if nothing reads the topic any more, mark the contract retired in the config: \`"contracts": { "${previous.fullName}": { "retired": true } }\`. If it was renamed, add \`"aliases": ["${previous.fullName}"]\` to the new record.`,
      contract: previous.fullName,
      data,
      fingerprint: fingerprintOf({ ruleId: rule.id, messageId, contract: previous.fullName, data }),
    };
    if (location) diagnostic.location = location;
    const before = this.locatePrevious(newest, '/name');
    if (before) {
      diagnostic.previousLocation = before;
      diagnostic.related = [{ ...before, message: `the contract at ${newest.label}` }];
    }
    this.diagnostics.push(diagnostic);
  }

  /** Compares one contract with its earlier versions; false when it did not change. */
  private compare(contract: Contract, previous: BaseContract): boolean {
    const newest = previous.versions.at(-1) as SchemaVersion;
    const currentDocument = schemaDocumentOf(contract.schema, this.#input.definitions);
    const newestDocument =
      newest.schema === undefined ? undefined : schemaDocumentOf(newest.schema, newest.external);
    if (
      newestDocument !== undefined &&
      canonicalForm(currentDocument, { docs: true }) === canonicalForm(newestDocument, { docs: true })
    ) {
      return false;
    }
    const mode = previous.compatibility ?? contract.settings.compatibility;
    let candidate: CompatSchema;
    try {
      candidate = toCompatSchema(contract.schema, externalFor(contract.schema, this.#input.definitions));
    } catch (error) {
      if (!(error instanceof CompatSchemaError)) throw error;
      this.candidateUnparseable(contract, error);
      return true;
    }
    const { directions, transitive } = MODE_RULES[mode];
    const versions = transitive ? previous.versions : [newest];
    const parsed: { version: SchemaVersion; schema: CompatSchema }[] = [];
    const skipped: SchemaVersion[] = [];
    for (const version of versions) {
      const schema = this.parseVersion(version);
      if (schema !== undefined) parsed.push({ version, schema });
      else if (version === newest) this.baseUnparseable(contract, version);
      else skipped.push(version);
    }
    if (skipped.length > 0 && directions.length > 0) this.historySkipped(contract, mode, skipped);
    if (newest.schema !== undefined) {
      // Read like the registry reads registered schemas: defaults unvalidated, but say which fail today.
      const invalid = invalidDefaultsOf(newest.schema, newest.external ?? new Map());
      if (invalid.length > 0) this.invalidDefaults(contract, newest, invalid);
    }

    let pairs: { types: TypePair[]; records: RecordPair[] } | undefined;
    const sides =
      newestDocument === undefined ? undefined : { current: currentDocument, previous: newestDocument };
    const walk = () => {
      if (pairs === undefined && sides !== undefined) {
        const found = { types: [] as TypePair[], records: [] as RecordPair[] };
        walkPairs(sides, {
          onType: (pair) => found.types.push(pair),
          onRecord: (pair) => found.records.push(pair),
        });
        pairs = found;
      }
      return pairs;
    };

    // Avro resolution: newest version first, so that a finding names the most recent version it breaks.
    const findings = new Map<string, Finding>();
    for (let index = parsed.length - 1; index >= 0; index--) {
      const { version, schema } = parsed[index]!;
      for (const direction of directions) {
        let incompatibilities: Incompatibility[];
        try {
          incompatibilities =
            direction === 'backward'
              ? checkReaderWriter(candidate, schema)
              : checkReaderWriter(schema, candidate);
        } catch (error) {
          if (!(error instanceof AmbiguousFieldError)) throw error;
          this.ambiguous(contract, version, mode, direction, error);
          continue;
        }
        for (const incompatibility of incompatibilities) {
          const pointer =
            direction === 'backward' ? incompatibility.readerPointer : incompatibility.writerPointer;
          const key = [
            incompatibility.ruleId,
            incompatibility.messageId,
            direction,
            pointer,
            JSON.stringify(incompatibility.data),
          ].join('\u0000');
          const known = findings.get(key);
          if (known) known.more++;
          else findings.set(key, { incompatibility, direction, version, more: 0 });
        }
      }
    }
    for (const finding of findings.values()) {
      this.avroFinding(contract, mode, finding, currentDocument, walk, sides);
    }

    if (sides !== undefined && this.#semantic.length > 0) {
      const walked = walk()!;
      this.semantic(contract, mode, newest, sides, walked, previous);
    }
    if (sides !== undefined && this.#consumerReads !== undefined) {
      this.consumerReads(contract, newest, walk()!.records, this.#consumerReads);
    }
    return true;
  }

  private parseVersion(version: SchemaVersion): CompatSchema | undefined {
    if (version.schema === undefined) return undefined;
    try {
      return toCompatSchema(version.schema, externalFor(version.schema, version.external));
    } catch (error) {
      if (!(error instanceof CompatSchemaError)) throw error;
      const where = error.externalType === undefined ? '' : ` (in \`${error.externalType}\`)`;
      version.problem ??= {
        reason: `${error.message}${where}`,
        ...(error.externalType === undefined && version.file !== undefined
          ? { location: this.locatePrevious(version, error.pointer) as SourceLocation }
          : {}),
      };
      return undefined;
    }
  }

  locatePrevious(version: SchemaVersion, pointer: string | undefined): SourceLocation | undefined {
    if (pointer === undefined || version.positions === undefined || version.file === undefined)
      return undefined;
    const shown = version.schema === undefined ? pointer : displayPointer(version.schema, pointer);
    return { ...version.positions.locate(shown), file: version.file };
  }

  private locateCurrent(contract: Contract, pointer: string): SourceLocation {
    return contract.positions.locate(displayPointer(contract.schema, pointer));
  }

  private candidateUnparseable(contract: Contract, error: CompatSchemaError): void {
    const where = error.externalType === undefined ? '' : ` (in the named type \`${error.externalType}\`)`;
    const message = `Avro (as the schema registry parses it) rejects \`${contract.fullName}\`: ${error.message}${where}; it cannot be checked for compatibility.`;
    this.diagnostics.push(
      loaderDiagnostic(
        'contract/invalid-avro',
        'registry-parse',
        message,
        this.locateCurrent(contract, error.externalType === undefined ? error.pointer : ''),
        { contract: contract.fullName, data: { reason: error.message } },
      ),
    );
  }

  private baseUnparseable(contract: Contract, version: SchemaVersion): void {
    const reason = version.problem?.reason ?? 'it could not be read';
    const ruleId: keyof typeof evolutionInputRules = 'workspace/base-unparseable';
    const data = { contract: contract.fullName, reason };
    const diagnostic: Diagnostic = {
      ruleId,
      messageId: 'unparseable',
      severity: 'error',
      message: `\`${contract.fullName}\` could not be compared with ${version.label}: that version does not parse (${reason}).`,
      location: this.locateCurrent(contract, ''),
      help: 'Compare against another base (--against <ref>) whose version parses, or fix the schema on the base branch first. The other contracts were compared.',
      contract: contract.fullName,
      data,
      fingerprint: fingerprintOf({ ruleId, messageId: 'unparseable', contract: contract.fullName, data }),
    };
    const where = version.problem?.location;
    if (where) diagnostic.previousLocation = where;
    this.diagnostics.push(diagnostic);
  }

  private historySkipped(
    contract: Contract,
    mode: CompatibilityMode,
    skipped: readonly SchemaVersion[],
  ): void {
    const rule = evolutionRules['compat/history-version-skipped'];
    const severity = this.severity(rule.id, rule.defaultSeverity);
    if (severity === undefined) return;
    const listed = skipped
      .slice(-5)
      .map((version) => `${version.label} (${version.problem?.reason ?? 'unreadable'})`);
    const versions =
      skipped.length > 5 ? `${listed.join('; ')}; and ${skipped.length - 5} more` : listed.join('; ');
    const data = { contract: contract.fullName, count: skipped.length, mode };
    this.diagnostics.push({
      ruleId: rule.id,
      messageId: 'skipped',
      severity,
      message: formatMessage(rule.messages.skipped, { ...data, versions }),
      location: this.locateCurrent(contract, ''),
      help: rule.docs.help,
      contract: contract.fullName,
      data,
      fingerprint: fingerprintOf({
        ruleId: rule.id,
        messageId: 'skipped',
        contract: contract.fullName,
        data,
      }),
    });
  }

  private invalidDefaults(contract: Contract, version: SchemaVersion, invalid: readonly string[]): void {
    const rule = evolutionRules['compat/base-invalid-default'];
    const severity = this.severity(rule.id, rule.defaultSeverity);
    if (severity === undefined) return;
    const fields = invalid.map((field) => `\`${field}\``).join(', ');
    const data = { contract: contract.fullName, fields };
    this.diagnostics.push({
      ruleId: rule.id,
      messageId: 'skipped',
      severity,
      message: formatMessage(rule.messages.skipped, {
        ...data,
        file: version.file ?? `\`${contract.fullName}\``,
        against: version.label.startsWith(`${version.file} at `)
          ? version.label.slice(`${version.file} at `.length)
          : version.label,
      }),
      location: this.locateCurrent(contract, ''),
      help: rule.docs.help,
      contract: contract.fullName,
      data,
      fingerprint: fingerprintOf({
        ruleId: rule.id,
        messageId: 'skipped',
        contract: contract.fullName,
        data,
      }),
    });
  }

  private ambiguous(
    contract: Contract,
    version: SchemaVersion,
    mode: CompatibilityMode,
    direction: CompatDirection,
    error: AmbiguousFieldError,
  ): void {
    const rule = evolutionRules['compat/ambiguous-field-alias'];
    const severity = this.severity(rule.id, rule.defaultSeverity);
    if (severity === undefined) return;
    const data = { contract: contract.fullName, direction, fields: error.writerFields.join(', ') };
    const message = formatMessage(rule.messages.ambiguous, {
      ...data,
      message: error.message.charAt(0).toUpperCase() + error.message.slice(1),
      mode,
      against: version.label,
    });
    const diagnostic: Diagnostic = {
      ruleId: rule.id,
      messageId: 'ambiguous',
      severity,
      message,
      help: rule.docs.help,
      contract: contract.fullName,
      data,
      fingerprint: fingerprintOf({
        ruleId: rule.id,
        messageId: 'ambiguous',
        contract: contract.fullName,
        path: error.readerPointer,
        data,
      }),
    };
    // The reader is the candidate in a backward check, the earlier version in a forward one.
    if (direction === 'backward') diagnostic.location = this.locateCurrent(contract, error.readerPointer);
    else {
      diagnostic.location = this.locateCurrent(contract, '');
      const before = this.locatePrevious(version, error.readerPointer);
      if (before) diagnostic.previousLocation = before;
    }
    this.diagnostics.push(diagnostic);
  }

  private avroFinding(
    contract: Contract,
    mode: CompatibilityMode,
    finding: Finding,
    currentDocument: SchemaDocument,
    walk: () => { types: TypePair[]; records: RecordPair[] } | undefined,
    sides: SchemaSides | undefined,
  ): void {
    const { incompatibility, direction, version } = finding;
    const rule = compatRules[incompatibility.ruleId];
    const severity = this.severity(rule.id, rule.defaultSeverity);
    if (severity === undefined) return;
    const backward = direction === 'backward';
    const currentPointer = backward ? incompatibility.readerPointer : incompatibility.writerPointer;
    const previousPointer = backward ? incompatibility.writerPointer : incompatibility.readerPointer;
    const help = compatHelp(incompatibility, {
      direction,
      against: version.label,
      ...this.missingFieldAdvice(incompatibility, direction, currentDocument, walk, sides),
    });
    const data = { ...incompatibility.data, direction };
    const diagnostic: Diagnostic = {
      ruleId: rule.id,
      messageId: incompatibility.messageId,
      severity,
      message: compatMessage(incompatibility, {
        mode,
        direction,
        against: version.label,
        moreVersions: finding.more,
      }),
      location: this.locateCurrent(contract, currentPointer),
      help,
      contract: contract.fullName,
      data,
      fingerprint: fingerprintOf({
        ruleId: rule.id,
        messageId: incompatibility.messageId,
        contract: contract.fullName,
        path: incompatibility.fieldPath ?? currentPointer,
        data,
      }),
    };
    if (incompatibility.fieldPath !== undefined) diagnostic.fieldPath = incompatibility.fieldPath;
    const related: RelatedLocation[] = [];
    const before = this.locatePrevious(version, previousPointer);
    if (before) {
      diagnostic.previousLocation = before;
      related.push({ ...before, message: `the same place in ${version.label}` });
    }
    if (related.length > 0) diagnostic.related = related;
    this.diagnostics.push(diagnostic);
  }

  /** For a new reader field without a default: a fitting default, its type, and the field it looks renamed from. */
  private missingFieldAdvice(
    incompatibility: Incompatibility,
    direction: CompatDirection,
    currentDocument: SchemaDocument,
    walk: () => { types: TypePair[]; records: RecordPair[] } | undefined,
    sides: SchemaSides | undefined,
  ): { suggestedDefault?: string; fieldType?: string; renamedFrom?: string } {
    const missing =
      incompatibility.kind === 'READER_FIELD_MISSING_DEFAULT_VALUE' ||
      incompatibility.messageId === 'enumDefaultFieldMissing';
    if (!missing || direction !== 'backward') return {};
    const match = /^(.*)\/fields\/(\d+)(?:\/type)?$/.exec(incompatibility.readerPointer);
    if (match === null) return {};
    const recordPointer = match[1] ?? '';
    const index = Number(match[2]);
    const advice: { suggestedDefault?: string; fieldType?: string; renamedFrom?: string } = {};
    const pairs = walk();
    const record = pairs?.records.find((pair) => pair.currentPointer === recordPointer);
    const field = record?.added.find((candidate) => candidate.index === index);
    const fieldJson = field?.schema ?? jsonAt(currentDocument.root, `${recordPointer}/fields/${index}`);
    const type =
      typeof fieldJson === 'object' && fieldJson !== null && !Array.isArray(fieldJson)
        ? fieldJson.type
        : undefined;
    if (type !== undefined) {
      const namespace = record?.current.namespace ?? '';
      const suggested = suggestDefault(currentDocument, type, namespace);
      if (suggested !== undefined) advice.suggestedDefault = suggested;
      const text = JSON.stringify(type);
      if (text.length <= 60 && !Array.isArray(type)) advice.fieldType = text;
    }
    if (record !== undefined && sides !== undefined) {
      const rename = renameCandidates(record, sides).find((candidate) => candidate.to.index === index);
      if (rename !== undefined) advice.renamedFrom = rename.from.name;
    }
    return advice;
  }

  /**
   * `compat/consumer-reads-removed-field` for one contract: fields removed or renamed since the newest
   * earlier version that consumers still read (error, their read places as `related`), notes for the
   * removals nobody reads, and Avro's findings about those lowered to the note's severity.
   */
  private consumerReads(
    contract: Contract,
    newest: SchemaVersion,
    records: readonly RecordPair[],
    settings: { severity: Severity; options: ConsumerReadsRemovedFieldOptions },
  ): void {
    const rule = consumerReadsRemovedField;
    const reports: ConsumerReadReport[] = [];
    rule.check({
      contract: contract.fullName,
      records,
      usage: this.#input.usage as UsageMap,
      against: newest.label,
      options: settings.options,
      report: (report) => reports.push(report),
    });
    const unread: UnreadRemoval[] = [];
    for (const report of reports) {
      const data = report.data ?? {};
      if (report.messageId === 'unread' && report.fieldPath !== undefined) {
        unread.push({ contract: contract.fullName, fieldPath: report.fieldPath });
      }
      const diagnostic: Diagnostic = {
        ruleId: rule.id,
        messageId: report.messageId,
        severity: report.severity ?? settings.severity,
        message: formatMessage(rule.messages[report.messageId], { ...data, against: newest.label }),
        location: this.locateCurrent(contract, report.pointer),
        help: report.help ?? rule.docs.help ?? '',
        contract: contract.fullName,
        data,
        fingerprint: fingerprintOf({
          ruleId: rule.id,
          messageId: report.messageId,
          contract: contract.fullName,
          path: report.fieldPath ?? report.pointer,
          // The read places change with every edit of the consumers; the finding is the field.
          data: { field: String(data.field ?? '') },
        }),
      };
      if (report.fieldPath !== undefined) diagnostic.fieldPath = report.fieldPath;
      const related: RelatedLocation[] = [...report.related];
      const before = this.locatePrevious(newest, report.previousPointer);
      if (before) {
        diagnostic.previousLocation = before;
        related.push({ ...before, message: `the field in ${newest.label}` });
      }
      if (related.length > 0) diagnostic.related = related;
      this.diagnostics.push(diagnostic);
    }
    const lowerTo = settings.options.unreadRemovedField;
    if (unread.length === 0 || lowerTo === 'off') return;
    const lowered = lowerUnreadRemovals(
      this.diagnostics,
      unread,
      lowerTo,
      // Avro's finding about a removed field: the earlier version reads, and the candidate lacks the field.
      (diagnostic) =>
        diagnostic.ruleId === compatRules['compat/reader-field-missing-default'].id &&
        diagnostic.data?.direction === 'forward',
    );
    this.diagnostics.splice(0, this.diagnostics.length, ...lowered);
  }

  private semantic(
    contract: Contract,
    mode: CompatibilityMode,
    newest: SchemaVersion,
    sides: SchemaSides,
    walked: { types: TypePair[]; records: RecordPair[] },
    previous: BaseContract,
  ): void {
    const avroDirections = MODE_RULES[mode].directions;
    const directions: readonly CompatDirection[] = mode === 'NONE' ? ['backward', 'forward'] : avroDirections;
    const settings = {
      versionField: contract.settings.versionField,
      ...(contract.settings.keyField === undefined ? {} : { keyField: contract.settings.keyField }),
      ...(previous.keyField === undefined ? {} : { previousKeyField: previous.keyField }),
    };
    for (const { rule, severity } of this.#semantic) {
      const reports: SemanticReport<string>[] = [];
      rule.check({
        contract: contract.fullName,
        sides,
        types: walked.types,
        records: walked.records,
        mode,
        avroDirections,
        directions,
        settings,
        against: newest.label,
        options: this.#settings.optionsOf(rule),
        report: (report) => reports.push(report),
      });
      for (const report of reports) {
        const data = report.data ?? {};
        const template = (rule.messages as Record<string, string>)[report.messageId] ?? report.messageId;
        const diagnostic: Diagnostic = {
          ruleId: rule.id,
          messageId: report.messageId,
          severity,
          message: formatMessage(template, { ...data, against: newest.label }),
          location: this.locateCurrent(contract, report.pointer),
          help: report.help ?? rule.docs.help ?? '',
          contract: contract.fullName,
          data,
          fingerprint: fingerprintOf({
            ruleId: rule.id,
            messageId: report.messageId,
            contract: contract.fullName,
            path: report.fieldPath ?? report.pointer,
            data,
          }),
        };
        if (report.fieldPath !== undefined) diagnostic.fieldPath = report.fieldPath;
        const before = this.locatePrevious(newest, report.previousPointer);
        if (before) {
          diagnostic.previousLocation = before;
          diagnostic.related = [{ ...before, message: `the same place in ${newest.label}` }];
        }
        this.diagnostics.push(diagnostic);
      }
    }
  }
}

/**
 * Compares the current contracts with the base and returns every finding (severities from the
 * config; waivers are applied by the caller) and what happened to each contract. Never throws on bad
 * input: an earlier version that does not parse is a finding, and the rest is still compared.
 */
export function compareContracts(input: CompareContractsInput): CompareContractsResult {
  const comparison = new Comparison(input);
  comparison.run();
  const ranRuleIds = new Set<string>();
  for (const [id, defaultSeverity] of evolutionRuleDefaults()) {
    if (comparison.severity(id, defaultSeverity) !== undefined) ranRuleIds.add(id);
  }
  if (comparison.consumerAware) ranRuleIds.add(consumerReadsRemovedField.id);
  return {
    diagnostics: comparison.diagnostics,
    ranRuleIds,
    outcomes: comparison.outcomes.sort((a, b) =>
      a.contract < b.contract ? -1 : a.contract > b.contract ? 1 : 0,
    ),
  };
}
