/**
 * The `kontract` command table: every command's name, help text, options and a lazy loader for its
 * handler. This module is on the start-up path of every invocation, so it imports nothing heavy:
 * handlers (and through them ts-morph, Kafka clients, avsc) load only when their command runs.
 *
 * Adding a command is one entry here plus one module `src/cli/commands/<name>.ts` whose handler calls
 * the library function in `src/commands/`.
 */
import { formatNames } from '../report/render.ts';
import type { CliIo } from './io.ts';

/** One command-line option. Names are the long form without dashes (`fail-on`). */
export interface OptionSpec {
  type: 'string' | 'boolean';
  /** Single-letter alias (`q` for `-q`). */
  short?: string;
  /** Placeholder shown in help for string options (`--format <format>`). */
  valueName?: string;
  /** Allowed values of a string option; anything else is a usage error with a suggestion. */
  choices?: readonly string[];
  /** Boolean options that also accept `--no-<name>`. */
  negatable?: boolean;
  /** String options that may be given more than once: the value is the list of every occurrence, in order. */
  multiple?: boolean;
  /** Default shown in help; the handler applies it. */
  defaultText?: string;
  description: string;
}

/** Parsed option values, by long name. Absent options are absent; `multiple` options are lists. */
export type OptionValues = Readonly<Record<string, string | boolean | readonly string[] | undefined>>;

/** A command as the user invoked it, after parsing and validation. */
export interface Invocation {
  command: string;
  options: OptionValues;
  positionals: readonly string[];
}

/** Runs a command and resolves to its exit code. Writes the report to `io.stdout`, anything else to `io.stderr`. */
export type CommandHandler = (invocation: Invocation, io: CliIo) => Promise<number>;

/** A command's help, options and handler. */
export interface CommandSpec {
  /** One line for the command list. */
  summary: string;
  /** A paragraph for the command's own help. */
  description: string;
  options: Readonly<Record<string, OptionSpec>>;
  /** Positional arguments; absent = the command takes none. */
  positionals?: { name: string; description: string };
  /** Loads the handler module on demand, so unrelated commands never pay for its imports. */
  load(): Promise<CommandHandler>;
}

/** `--help`, accepted by every command. */
export const helpOption: OptionSpec = { type: 'boolean', short: 'h', description: 'Show this help.' };

/** Options of every command that reports findings. */
export const reportOptions = {
  format: {
    type: 'string',
    valueName: 'format',
    choices: formatNames,
    defaultText: 'pretty',
    description: 'Report format.',
  },
  config: {
    type: 'string',
    valueName: 'file',
    defaultText: 'kontract.config.json in --cwd, if present',
    description: 'Config file.',
  },
  'fail-on': {
    type: 'string',
    valueName: 'severity',
    choices: ['error', 'warning'],
    defaultText: "the config's failOn, else error",
    description: 'Lowest severity that fails the run (exit 1).',
  },
  quiet: {
    type: 'boolean',
    short: 'q',
    description: 'List only errors; warnings, infos and waived findings are only counted.',
  },
  cwd: {
    type: 'string',
    valueName: 'dir',
    defaultText: 'the current directory',
    description: 'Project directory: where the config is looked for and paths are resolved.',
  },
  output: {
    type: 'string',
    valueName: 'file',
    description: 'Write the report to a file (atomically) instead of stdout.',
  },
  color: {
    type: 'boolean',
    negatable: true,
    defaultText: 'when stdout is a terminal and NO_COLOR is unset',
    description: 'Colour the pretty report.',
  },
} as const satisfies Record<string, OptionSpec>;

const contractPaths = {
  name: 'paths',
  description:
    "Contract files or folders to check (a folder means every .avsc inside). Default: the config's include globs.",
};

/** Where schema evolution compares against, for the commands that check it. */
export const evolutionOptions = {
  against: {
    type: 'string',
    valueName: 'ref',
    defaultText: 'the merge base of HEAD and GITHUB_BASE_REF, else origin/main, main, origin/master, master',
    description:
      'Git ref to compare the contracts with: a branch, tag, sha or revision (`HEAD~1`); `main...` means the merge base with `main`.',
  },
  fetch: {
    type: 'boolean',
    description:
      'Fetch a missing base ref, or the history a shallow clone lacks, from origin (bounded) instead of failing with the `git fetch` to run.',
  },
} as const satisfies Record<string, OptionSpec>;

/**
 * The schema registry's flags, for every command that talks to one. Credentials are deliberately not
 * flags (they would land in shell history and process lists): the environment only.
 */
export const registryOptions = {
  registry: {
    type: 'string',
    valueName: 'url',
    defaultText: "KONTRACT_REGISTRY_URL, else the config's registry.url",
    description:
      'Base URL of the Confluent-compatible schema registry (Apicurio: …/apis/ccompat/v7). Credentials come from the environment only: KONTRACT_REGISTRY_USERNAME + KONTRACT_REGISTRY_PASSWORD, or KONTRACT_REGISTRY_TOKEN.',
  },
  timeout: {
    type: 'string',
    valueName: 'ms',
    defaultText: "KONTRACT_REGISTRY_TIMEOUT_MS, else the config's registry.timeoutMs, else 10000",
    description:
      'Timeout of each registry request, in milliseconds (up to 3 attempts on network errors, timeouts and 5xx).',
  },
} as const satisfies Record<string, OptionSpec>;

/** `--cross-check`, for the commands that check compatibility against the registry. */
const crossCheckOption = {
  type: 'boolean',
  description:
    "Also ask the registry's own compatibility endpoint, and report both verdicts where they differ (registry/cross-check-disagrees, registry/cross-check-differs).",
} as const satisfies OptionSpec;

/** `--brokers`, for the commands that read Kafka. */
export const brokersOption = {
  type: 'string',
  valueName: 'host:port,...',
  defaultText: "KONTRACT_KAFKA_BROKERS, else the config's kafka.brokers, else 127.0.0.1:9092",
  description: 'Kafka bootstrap brokers, comma-separated.',
} as const satisfies OptionSpec;

/** Every command, in the order help lists them. */
export const commands = {
  check: {
    summary: 'Check the contracts: lint, schema evolution against the git base, and code analysis.',
    description:
      "Runs every check kontract has on the selected contracts and prints one report. This is what `pnpm contracts:check` and the GitHub Action run. Schema evolution is checked against the merge base with the base branch when the project is in a git repository (not at all outside one); with `--against`, a base that cannot be read fails the run (exit 2). With `--registry <url>`, the contracts are also checked against the versions registered under their subjects (the mode: the contract's own, else the subject's level, else the config default, else the registry's global level), in the same report; a registry that cannot be asked fails the run (exit 2).",
    options: {
      ...reportOptions,
      ...evolutionOptions,
      registry: {
        ...registryOptions.registry,
        defaultText: 'none: the registry is not consulted',
        description:
          'Also check the contracts against the versions registered in this schema registry (Apicurio: …/apis/ccompat/v7). Credentials come from the environment only: KONTRACT_REGISTRY_USERNAME + KONTRACT_REGISTRY_PASSWORD, or KONTRACT_REGISTRY_TOKEN.',
      },
      'cross-check': crossCheckOption,
      timeout: registryOptions.timeout,
    },
    positionals: contractPaths,
    load: async () => (await import('./commands/check.ts')).runCheckCommand,
  },
  lint: {
    summary: 'Run the contract lint rules only.',
    description:
      'Loads the contracts and runs the lint rules (facts-only names, version and event id fields, no leaked columns, ...). See `kontract rules`.',
    options: reportOptions,
    positionals: contractPaths,
    load: async () => (await import('./commands/lint.ts')).runLintCommand,
  },
  diff: {
    summary: 'Check schema evolution only: the contracts against a git ref (default: the merge base).',
    description:
      "Compares every contract that changed since the base with its version there (every earlier version in git history for the *_TRANSITIVE modes), by its compatibility mode, and runs the semantic rules (logical types, key field, version bump, renames). Contracts are matched by full name, so moved files are followed. A base that cannot be resolved or read is an error (exit 2), never a pass. `--against registry` compares with the versions registered in the schema registry instead (the latest, or all of them for *_TRANSITIVE; the mode: the contract's own, else the subject's level, else the config default, else the registry's global level); each finding names the subject and the version it breaks, and a registry that cannot be asked is an error (exit 2).",
    options: {
      ...reportOptions,
      ...evolutionOptions,
      against: {
        ...evolutionOptions.against,
        description: `${evolutionOptions.against.description} \`registry\` compares with the schema registry (a branch named registry: \`refs/heads/registry\`).`,
      },
      ...registryOptions,
      'cross-check': crossCheckOption,
    },
    positionals: contractPaths,
    load: async () => (await import('./commands/diff.ts')).runDiffCommand,
  },
  codegen: {
    summary: 'Write TypeScript types for the contracts (or check the committed ones for drift).',
    description:
      'Generates one TypeScript module with a type for every contract and writes it atomically to `code.codegen.output` (or `--out`). With `--check`, writes nothing and reports `code/types-drift` when the file differs (exit 1). `kontract check` runs the same drift check.',
    options: {
      out: {
        type: 'string',
        valueName: 'file',
        defaultText: "the config's code.codegen.output",
        description: 'File to write the generated types to (relative to --cwd).',
      },
      check: {
        type: 'boolean',
        description: 'Compare with the file instead of writing it: drift fails the run.',
      },
      format: reportOptions.format,
      config: reportOptions.config,
      'fail-on': reportOptions['fail-on'],
      quiet: reportOptions.quiet,
      cwd: reportOptions.cwd,
      color: reportOptions.color,
    },
    load: async () => (await import('./commands/codegen.ts')).runCodegenCommand,
  },
  publish: {
    summary: 'Register the changed schemas in the schema registry, after the checks pass.',
    description:
      'Lints the contracts and checks them against the versions registered under their subjects; when neither finds an error, registers every schema its subject does not hold yet (canonically compared, so a reformatted file registers nothing) and prints the table of subjects, versions, ids and what happened. Re-running registers nothing new. `--dry-run` registers nothing and says what would be. Exit 0 published, 1 refused because the checks found errors (nothing was registered), 2 a bad config or contract, or a registry that cannot be asked (the message says why, never with a secret).',
    options: {
      'dry-run': {
        type: 'boolean',
        description: 'Check and compare, but register nothing: the table says what would be registered.',
      },
      ...registryOptions,
      format: reportOptions.format,
      config: reportOptions.config,
      quiet: reportOptions.quiet,
      cwd: reportOptions.cwd,
      output: reportOptions.output,
      color: reportOptions.color,
    },
    positionals: {
      name: 'paths',
      description:
        "Contract files or folders to publish (a folder means every .avsc inside). Default: the config's include globs.",
    },
    load: async () => (await import('./commands/publish.ts')).runPublishCommand,
  },
  record: {
    summary: 'Record a range of a Kafka topic into a log file that replay reads.',
    description:
      "Consumes a range of a topic (partitions; offsets or times) into kontract's NDJSON log, values as the Confluent wire format (or decoded to JSON through the registry with `--value json`). Joins no consumer group and commits no offset. The end offsets are captured at the start, so the recording ends even while producers go on. The log is written atomically; an interrupted recording resumes when the same command runs again (`--restart` starts over). Runs itself in a child Node process with `--max-semi-space-size=16` (the memory budget of a million records) unless the process has a semi-space limit already. Progress on stderr when it is a terminal. Exit 0 recorded, 2 a bad range, an unknown topic, Kafka or the registry unreachable.",
    options: {
      topic: {
        type: 'string',
        valueName: 'topic',
        description: 'The topic to record (or give it as the argument).',
      },
      out: {
        type: 'string',
        valueName: 'file',
        description: 'The log file to write (relative to --cwd). Required.',
      },
      brokers: brokersOption,
      partitions: {
        type: 'string',
        valueName: 'spec',
        defaultText: 'all',
        description: 'Partitions to record: numbers and ranges, e.g. 0-5,7.',
      },
      from: {
        type: 'string',
        valueName: 'position',
        defaultText: 'earliest',
        description:
          'Where to start on each partition: earliest, an offset, or an ISO date-time with a zone (2026-11-01T00:00Z).',
      },
      to: {
        type: 'string',
        valueName: 'position',
        defaultText: 'latest: the end offsets when the recording starts',
        description: 'Where to stop (exclusive): latest, an offset, or an ISO date-time with a zone.',
      },
      value: {
        type: 'string',
        valueName: 'encoding',
        choices: ['wire', 'json'],
        defaultText: 'wire',
        description:
          'How values are written: wire (the bytes as on the broker, schema id kept) or json (decoded through the schema registry; needs --registry).',
      },
      registry: {
        ...registryOptions.registry,
        description: `For --value json: ${registryOptions.registry.description}`,
      },
      timeout: registryOptions.timeout,
      restart: {
        type: 'boolean',
        description: 'Start over instead of resuming an interrupted recording of the same range.',
      },
      format: {
        type: 'string',
        valueName: 'format',
        choices: ['pretty', 'json'],
        defaultText: 'pretty',
        description: 'Report format: what was recorded (json adds the time and the peak memory).',
      },
      config: reportOptions.config,
      quiet: { type: 'boolean', short: 'q', description: 'No progress line.' },
      cwd: reportOptions.cwd,
    },
    positionals: { name: 'topic', description: 'The topic to record (instead of --topic).' },
    load: async () => (await import('./commands/record.ts')).runRecordCommand,
  },
  usage: {
    summary: 'Show which contract fields each consumer in the code reads, and where.',
    description:
      "Analyses the project's TypeScript (the config's `code` section; `tsconfig.json` without one) and prints the usage map: consumer → contract → field path → the places that read it. Schema evolution uses the same map to fail a change that removes a field someone reads. Exit 0, or 2 when the config or the contracts cannot be read.",
    options: {
      format: {
        type: 'string',
        valueName: 'format',
        choices: ['text', 'json'],
        defaultText: 'text',
        description: 'Output format.',
      },
      config: reportOptions.config,
      cwd: reportOptions.cwd,
      output: {
        type: 'string',
        valueName: 'file',
        description: 'Write the map to a file (atomically) instead of stdout.',
      },
    },
    load: async () => (await import('./commands/usage.ts')).runUsageCommand,
  },
  rules: {
    summary: 'List every rule with its kind, default severity and description.',
    description:
      'Prints the rule catalogue. `--format markdown` prints the table the README is checked against.',
    options: {
      format: {
        type: 'string',
        valueName: 'format',
        choices: ['pretty', 'json', 'markdown'],
        defaultText: 'pretty',
        description: 'Output format.',
      },
      output: reportOptions.output,
    },
    load: async () => (await import('./commands/rules.ts')).runRulesCommand,
  },
  replay: {
    summary: 'Replay recorded logs through the consumers under adversarial, Kafka-legal delivery schedules.',
    description:
      "Replays recorded Kafka logs through the consumer modules under delivery schedules fast-check generates within Kafka's guarantees (redelivery after a crash, producer retries, cross-partition interleavings, concurrent workers, older schema versions) and reports every property a consumer breaks, shrunk to the smallest failing schedule, with the command that reproduces it. Consumers, logs and settings come from the config's `replay` section; flags override it. Exit 0 when no property fails, 1 when one does (or another finding at or above --fail-on), 2 when an input cannot be used (a bad flag or config, a missing log, a consumer module that does not load).",
    options: {
      consumers: {
        type: 'string',
        valueName: 'glob',
        multiple: true,
        defaultText: "the config's replay.consumers",
        description:
          'Consumer modules: a path, a glob or a folder (its modules), relative to --cwd. Repeatable, or a comma list.',
      },
      log: {
        type: 'string',
        valueName: 'file',
        multiple: true,
        defaultText: "the config's replay.logs",
        description:
          'A recorded log (NDJSON envelopes or kcat -J), a glob or a folder. Repeatable; joined in order.',
      },
      consumer: {
        type: 'string',
        valueName: 'name',
        multiple: true,
        defaultText: 'every consumer the modules export',
        description: 'Replay only the consumer with this name. Repeatable.',
      },
      property: {
        type: 'string',
        valueName: 'id',
        multiple: true,
        defaultText: "the config's replay.properties, else all",
        description: 'Check only this property (`replay/race` or `race`). Repeatable.',
      },
      runs: {
        type: 'string',
        valueName: 'n',
        defaultText: "the config's replay.runs, else 100",
        description: 'fast-check runs per property and consumer.',
      },
      seed: {
        type: 'string',
        valueName: 'n',
        defaultText: 'random, and printed',
        description: 'Seed of the property searches.',
      },
      path: {
        type: 'string',
        valueName: 'path',
        description: 'fast-check path of a failure to replay directly (with its --seed and --property).',
      },
      budget: {
        type: 'string',
        valueName: 'seconds',
        defaultText: "the config's replay.budget, else none",
        description: 'Wall-clock budget of the property searches; they stop early when it is spent.',
      },
      commit: {
        type: 'string',
        valueName: 'policy',
        defaultText: "the config's replay.commit, else batch:100",
        description: "The consumers' commit policy: per-record, batch:N or interval:MS.",
      },
      'idempotent-producers': {
        type: 'boolean',
        description: 'Producers never write a record twice (no producer-retry duplicates are tried).',
      },
      'max-records': {
        type: 'string',
        valueName: 'n',
        defaultText: "the config's replay.maxRecords, else 50000",
        description: 'Valid records kept in memory for the search (a prefix of every partition).',
      },
      'from-kafka': {
        type: 'string',
        valueName: 'topic',
        description:
          'Replay this topic straight from Kafka (recorded into a temporary log first) instead of --log files. Wire-format values are decoded with the schema registry (--registry, KONTRACT_REGISTRY_URL or registry.url).',
      },
      partitions: {
        type: 'string',
        valueName: 'spec',
        defaultText: 'all',
        description:
          'With --from-kafka: the partitions to replay, e.g. 0-5,7. Several runners split a topic by giving each its own partitions.',
      },
      brokers: { ...brokersOption, description: `With --from-kafka: ${brokersOption.description}` },
      registry: {
        ...registryOptions.registry,
        defaultText:
          "with --from-kafka: KONTRACT_REGISTRY_URL, else the config's registry.url; else none (sidecars)",
        description:
          'Decode wire-format values with the writer schemas this schema registry holds for their ids, instead of <log>.schemas.json sidecars. Credentials come from the environment only: KONTRACT_REGISTRY_USERNAME + KONTRACT_REGISTRY_PASSWORD, or KONTRACT_REGISTRY_TOKEN.',
      },
      timeout: registryOptions.timeout,
      format: {
        type: 'string',
        valueName: 'format',
        choices: [...formatNames, 'html'],
        defaultText: 'pretty',
        description:
          'Report format; pretty, junit, markdown and html show the minimal schedule, the snapshot diff, the timeline and the reproduce line.',
      },
      config: reportOptions.config,
      'fail-on': reportOptions['fail-on'],
      quiet: {
        type: 'boolean',
        short: 'q',
        description: 'No progress line; json, github and sarif list only errors.',
      },
      cwd: reportOptions.cwd,
      output: reportOptions.output,
    },
    load: async () => (await import('./commands/replay.ts')).runReplayCommand,
  },
  help: {
    summary: 'Show help for kontract or for one command.',
    description: 'Shows the list of commands, or the options of the named command.',
    options: {},
    positionals: { name: 'command', description: 'The command to explain.' },
    load: async () => (await import('./commands/help.ts')).runHelpCommand,
  },
} satisfies Record<string, CommandSpec>;

/** Names of the commands. */
export type CommandName = keyof typeof commands;

/** True when `name` is a command in the table. */
export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(commands, name);
}
