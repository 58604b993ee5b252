/**
 * The shape of `kontract.config.json` (the primary config format) after validation and defaults.
 * The JSON Schema published at `schema/kontract.config.schema.json` describes the same shape.
 */
import type { Severity } from '../report/diagnostic.ts';
import type { PositionMap } from './model.ts';

export type CompatibilityMode =
  | 'BACKWARD'
  | 'BACKWARD_TRANSITIVE'
  | 'FORWARD'
  | 'FORWARD_TRANSITIVE'
  | 'FULL'
  | 'FULL_TRANSITIVE'
  | 'NONE';

/** Confluent subject naming strategies. */
export type SubjectNameStrategy = 'TopicName' | 'RecordName' | 'TopicRecordName';

export type RuleSetting = Severity | 'off';

/** A rule's setting as written: a severity, or a severity with rule options. */
export type RuleConfig = RuleSetting | { severity?: RuleSetting; options?: Record<string, unknown> };

/** An accepted finding: scoped to a rule and a contract (optionally a field), always with a reason. */
export interface Waiver {
  rule: string;
  /** Full name of the contract. */
  contract: string;
  /** Dotted field path; omitted = the whole contract. */
  field?: string;
  reason: string;
  /** ISO date (YYYY-MM-DD); after it, the waiver itself is an error. */
  expires?: string;
  ticket?: string;
}

/** Where a wrapper call carries a send's part: an argument index, or `"<index>.<property path>"`. */
export type ArgumentPath = number | string;

/** The `code` section (see `src/code/config.ts` for how each key is used). */
export interface CodeConfig {
  tsconfigs?: string[];
  wrappers?: { name: string; topic?: ArgumentPath; key?: ArgumentPath; payload: ArgumentPath }[];
  entityTypes?: string[];
  discriminators?: string[];
  consumerFactories?: string[];
  wrapperDepth?: number;
  helperDepth?: number;
  codegen?: { output?: string; timestamps?: 'number' | 'Date'; decimal?: string; decimalImport?: string };
}

/**
 * The `replay` section: what `kontract replay` runs when no flag says otherwise. Paths and globs are
 * relative to the config file; see `src/commands/replay.ts` for the defaults.
 */
export interface ReplayConfig {
  /** Consumer modules: paths or globs (a folder = every module directly in it). */
  consumers?: string[];
  /** Recorded logs, joined in this order: paths or globs (a folder = its `.ndjson`/`.jsonl` files). */
  logs?: string[];
  /** fast-check runs per property and consumer. */
  runs?: number;
  /** Commit policy as written: `per-record`, `batch:N` or `interval:MS`. */
  commit?: string;
  /** Replay property ids to check; all when absent. */
  properties?: string[];
  /** Producers may write duplicates on retry (default true); false = idempotent producers. */
  producerDuplicates?: boolean;
  /** Wall-clock budget of the property searches, in seconds. */
  budget?: number;
  /** Valid records kept in memory for the property search. */
  maxRecords?: number;
}

/**
 * The `registry` section: where the Confluent-compatible schema registry is, for `diff --against
 * registry`, `check --registry`, `publish`, `record --value json` and `replay --registry`. Flags and
 * `KONTRACT_REGISTRY_*` variables override it. Never a credential: usernames, passwords and tokens
 * come from the environment only (the validator refuses them here, and a URL with a password in it).
 */
export interface RegistryConfig {
  /** Base URL of the registry's Confluent API, without credentials. */
  url?: string;
  /** Per-request timeout in milliseconds. */
  timeoutMs?: number;
  /** Also ask the registry's own compatibility endpoint and report both verdicts where they differ. */
  crossCheck?: boolean;
}

/** The `kafka` section: the cluster `kontract record` and `replay --from-kafka` read from. */
export interface KafkaConfig {
  /** Bootstrap brokers, `host:port`. */
  brokers?: string[];
}

/** Settings a contract entry may set; `defaults` may set them all. */
export interface ContractConfig {
  topic?: string;
  subject?: string;
  subjectNameStrategy?: SubjectNameStrategy;
  key?: string;
  compatibility?: CompatibilityMode;
  owner?: string;
  versionField?: string;
  retired?: boolean;
}

export interface KontractConfig {
  /** Globs (relative to the config file) that select contract files. Default `contracts/**\/*.avsc`. */
  include: string[];
  exclude: string[];
  defaults: ContractConfig;
  /** Per-contract settings keyed by the record's full name. */
  contracts: Record<string, ContractConfig>;
  rules: Record<string, RuleConfig>;
  waivers: Waiver[];
  /** Findings at or above this severity fail the run (exit 1). */
  failOn: Severity;
  /** Code analysis and codegen settings; absent = `kontract check` does not analyse code. */
  code?: CodeConfig;
  /** `kontract replay` settings; absent = consumers and logs must come from the command line. */
  replay?: ReplayConfig;
  /** Schema registry settings; absent = the URL must come from `--registry` or `KONTRACT_REGISTRY_URL`. */
  registry?: RegistryConfig;
  /** Kafka settings; absent = brokers come from `--brokers` or `KONTRACT_KAFKA_BROKERS`. */
  kafka?: KafkaConfig;
  /**
   * Where the config was read from, so that findings about it (an unknown contract, an expired
   * waiver) can point at the exact line. Absent for zero config and programmatic configs.
   */
  source?: ConfigSource;
}

/** The config file's path (relative to the project root) and the positions of its JSON pointers. */
export interface ConfigSource {
  file: string;
  positions: PositionMap;
}

/** Typed helper for programmatic configs (the JSON file is the primary format). */
export function defineConfig(config: Partial<KontractConfig>): Partial<KontractConfig> {
  return config;
}
