/**
 * One description of the shape of `kontract.config.json`, from which both the hand-written validator
 * (`validateAgainstShape`) and the published JSON Schema (`configJsonSchema`) are derived, so the
 * two cannot drift apart. Pure.
 */
import { isValidFullName } from './avro-names.ts';
import type { Json } from './model.ts';

/** A node of the shape description. */
export type Shape =
  | {
      kind: 'string';
      description: string;
      enum?: readonly string[];
      pattern?: string;
      nonBlank?: boolean;
      calendarDate?: boolean;
      /** The string is a rule id (checked against the known rules). */
      ruleId?: boolean;
      /**
       * What `pattern` accepts, in words, for the message about a value it rejects (`a commit
       * policy: ...`); absent = the pattern is an Avro full name.
       */
      patternHint?: string;
      /** The value may hold a secret: messages about it never repeat it, and carry no `data.value`. */
      conceal?: boolean;
    }
  | { kind: 'boolean'; description: string }
  /** A whole number, at least `minimum` when given. */
  | { kind: 'integer'; description: string; minimum?: number }
  | { kind: 'array'; description: string; items: Shape }
  | {
      kind: 'object';
      description: string;
      properties: Readonly<Record<string, Shape>>;
      required?: readonly string[];
      /** Shape of members not named in `properties`; absent = unknown keys are errors. */
      additional?: Shape;
      /** Keys of `additional` members must be Avro full names. */
      keysAreFullNames?: boolean;
      /** Keys of `additional` members are rule ids (checked against the known rules). */
      keysAreRuleIds?: boolean;
      /**
       * Keys that must never be written here, each with the message that says what to do instead
       * (a password in a committed file: use the environment). Their values are never repeated.
       */
      forbidden?: Readonly<Record<string, string>>;
    }
  /** Any JSON object (rule options are validated by the rule itself). */
  | { kind: 'freeObject'; description: string }
  | { kind: 'oneOf'; description: string; options: readonly Shape[] };

const severities = ['error', 'warning', 'info'] as const;
const ruleSettings = ['off', 'info', 'warning', 'error'] as const;
const compatibilityModes = [
  'BACKWARD',
  'BACKWARD_TRANSITIVE',
  'FORWARD',
  'FORWARD_TRANSITIVE',
  'FULL',
  'FULL_TRANSITIVE',
  'NONE',
] as const;

/** `YYYY-MM-DD`, with month 01-12 and day 01-31 (the calendar check is the validator's). */
export const isoDatePattern = '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$';
/** An Avro full name: dotted names of `[A-Za-z_][A-Za-z0-9_]*`. */
export const fullNamePattern = '^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*$';

const contractConfigShape: Shape = {
  kind: 'object',
  description: 'Settings of a contract.',
  properties: {
    topic: { kind: 'string', description: 'The Kafka topic the contract is published to.', nonBlank: true },
    subject: {
      kind: 'string',
      description: 'The schema registry subject; overrides the one derived from subjectNameStrategy.',
      nonBlank: true,
    },
    subjectNameStrategy: {
      kind: 'string',
      description:
        'How the subject is derived: TopicName `<topic>-value` (the default; RecordName when there is no topic), RecordName `<fullName>`, TopicRecordName `<topic>-<fullName>`.',
      enum: ['TopicName', 'RecordName', 'TopicRecordName'],
    },
    key: {
      kind: 'string',
      description: 'Dotted path of the field that the Kafka record key is taken from.',
      nonBlank: true,
    },
    compatibility: {
      kind: 'string',
      description: 'Schema-evolution compatibility mode. Default BACKWARD.',
      enum: compatibilityModes,
    },
    owner: { kind: 'string', description: 'Team or person who owns the contract.' },
    versionField: {
      kind: 'string',
      description: 'Name of the field that carries the event schema version. Default `version`.',
      nonBlank: true,
    },
    retired: {
      kind: 'boolean',
      description: 'A retired contract may be deleted without a compatibility error.',
    },
  },
};

const argumentPathShape: Shape = {
  kind: 'oneOf',
  description: 'Where the wrapper call carries this part: an argument index, or `"<index>.<property path>"`.',
  options: [
    { kind: 'integer', description: 'Argument index (0-based).', minimum: 0 },
    {
      kind: 'string',
      description: 'Argument index followed by a property path, e.g. `"0.topic"`.',
      pattern: '^[0-9]+(\\.[A-Za-z_$][A-Za-z0-9_$]*)*$',
    },
  ],
};

const namesShape = (description: string): Shape => ({
  kind: 'array',
  description,
  items: { kind: 'string', description: 'A name.', nonBlank: true },
});

/** The `code` section: how the TypeScript code analysis and codegen run. */
const codeShape: Shape = {
  kind: 'object',
  description:
    'Code analysis of the producers and consumers (TypeScript, with ts-morph) and generated contract types. Absent = no code analysis.',
  properties: {
    tsconfigs: namesShape('tsconfig files to analyse, relative to this file. Default `["tsconfig.json"]`.'),
    wrappers: {
      kind: 'array',
      description:
        'Send wrappers defined outside the analysed project (wrappers in the project are followed without an entry).',
      items: {
        kind: 'object',
        description: 'A function that sends to Kafka.',
        required: ['name', 'payload'],
        properties: {
          name: { kind: 'string', description: 'The function or method name as called.', nonBlank: true },
          topic: { ...argumentPathShape, description: 'Where the call carries the topic.' },
          key: {
            ...argumentPathShape,
            description: 'Where the call carries the key (omit when the wrapper derives it).',
          },
          payload: { ...argumentPathShape, description: 'Where the call carries the event payload.' },
        },
      },
    },
    entityTypes: namesShape(
      'Type names that are persistence entities besides TypeORM/MikroORM `@Entity` classes and Prisma models.',
    ),
    discriminators: namesShape(
      'Payload properties whose literal value names the event type. Default `["eventType", "type"]`.',
    ),
    consumerFactories: namesShape('Names of consumer factory functions. Default `["defineConsumer"]`.'),
    wrapperDepth: {
      kind: 'integer',
      description: 'How deep wrappers are followed to their callers. Default 4.',
      minimum: 0,
    },
    helperDepth: {
      kind: 'integer',
      description: "How deep a consumer's event is followed into helper functions. Default 3.",
      minimum: 0,
    },
    codegen: {
      kind: 'object',
      description:
        'Generated TypeScript types for the contracts (`kontract codegen`; `kontract check` reports drift).',
      properties: {
        output: {
          kind: 'string',
          description: 'File the types are written to, relative to this file.',
          nonBlank: true,
        },
        timestamps: {
          kind: 'string',
          description:
            'TypeScript type of `timestamp-*` values: `number` (epoch, what avsc decodes; default) or `Date`.',
          enum: ['number', 'Date'],
        },
        decimal: {
          kind: 'string',
          description: 'TypeScript type of `decimal` values. Default `string`.',
          nonBlank: true,
        },
        decimalImport: {
          kind: 'string',
          description: 'Module the `decimal` type is imported from.',
          nonBlank: true,
        },
      },
    },
  },
};

/**
 * The replay properties a config may select, in the runner's order. Kept here as data (the config
 * shape is pure and knows nothing of the replay engine); a test holds it equal to the replay
 * registry's property ids.
 */
export const replayPropertyIds = [
  'replay/evolution',
  'replay/invariant',
  'replay/not-idempotent',
  'replay/order-sensitive',
  'replay/not-restart-safe',
  'replay/not-replay-safe',
  'replay/race',
] as const;

/** A consumer commit policy as written: `per-record`, `batch:N` or `interval:MS` (N, MS ≥ 1). */
export const commitPolicyPattern = '^(per-record|(batch|interval):[1-9][0-9]*)$';

/** The `replay` section: what `kontract replay` (and `pnpm contracts:replay`) runs without flags. */
const replayShape: Shape = {
  kind: 'object',
  description:
    'Settings of `kontract replay` (what `pnpm contracts:replay` runs). Command-line flags override them.',
  properties: {
    consumers: {
      kind: 'array',
      description:
        'Consumer modules to replay: paths or globs relative to this file (a folder means every module directly in it).',
      items: { kind: 'string', description: 'A path or a glob.', nonBlank: true },
    },
    logs: {
      kind: 'array',
      description:
        'Recorded logs to replay, joined in this order: paths or globs relative to this file (a folder means every `.ndjson` and `.jsonl` file directly in it).',
      items: { kind: 'string', description: 'A path or a glob.', nonBlank: true },
    },
    runs: {
      kind: 'integer',
      description: 'fast-check runs per property and consumer. Default 100.',
      minimum: 1,
    },
    commit: {
      kind: 'string',
      description:
        "The consumers' commit policy: `per-record`, `batch:N` (every N records of a partition) or `interval:MS`. Default `batch:100`.",
      pattern: commitPolicyPattern,
      patternHint: 'a commit policy: "per-record", "batch:N" or "interval:MS" with N, MS at least 1',
    },
    properties: {
      kind: 'array',
      description: 'The properties to check. Default: all of them.',
      items: { kind: 'string', description: 'A replay property id.', enum: replayPropertyIds },
    },
    producerDuplicates: {
      kind: 'boolean',
      description:
        'Whether producers may write a record twice on a retry (not idempotent), so the harness tests for it. Default true.',
    },
    budget: {
      kind: 'integer',
      description:
        'Wall-clock budget of the property searches, in seconds; searches stop early when it is spent. Default: none.',
      minimum: 1,
    },
    maxRecords: {
      kind: 'integer',
      description:
        'Valid records kept in memory for the property search (a prefix of every partition). Default 50000.',
      minimum: 1,
    },
  },
};

/**
 * An http(s) URL without userinfo: `user:password@` in a committed config would leak the password.
 * The authority part (up to the first `/`, `?` or `#`) may not contain `@`.
 */
export const credentialFreeUrlPattern = '^https?://[^/?#@\\s]+([/?#]\\S*)?$';

/** What to say instead of accepting a credential in the `registry` section. */
const credentialKeys = {
  password:
    'Never write the registry password into the config (it is committed with the code): set KONTRACT_REGISTRY_PASSWORD in the environment (a CI secret) instead, with KONTRACT_REGISTRY_USERNAME.',
  token:
    'Never write a registry token into the config (it is committed with the code): set KONTRACT_REGISTRY_TOKEN in the environment (a CI secret) instead.',
  username:
    'Registry credentials come from the environment only: set KONTRACT_REGISTRY_USERNAME and KONTRACT_REGISTRY_PASSWORD (or KONTRACT_REGISTRY_TOKEN) instead.',
} as const;

/** The `registry` section: where the schema registry is; credentials never. */
const registryShape: Shape = {
  kind: 'object',
  description:
    'The Confluent-compatible schema registry of `diff --against registry`, `check --registry`, `publish`, `record --value json` and `replay --registry`. `--registry`, `--timeout` and `KONTRACT_REGISTRY_URL`/`KONTRACT_REGISTRY_TIMEOUT_MS` override it. Credentials come from the environment only (`KONTRACT_REGISTRY_USERNAME` + `KONTRACT_REGISTRY_PASSWORD`, or `KONTRACT_REGISTRY_TOKEN`): a password, token or username here is an error.',
  properties: {
    url: {
      kind: 'string',
      description:
        "Base URL of the registry's Confluent API, e.g. `https://registry.example.com` or `http://127.0.0.1:8081/apis/ccompat/v7` (Apicurio), without a username or password in it.",
      pattern: credentialFreeUrlPattern,
      patternHint:
        'an http:// or https:// URL without a username or password in it (the value is not shown: it may hold a secret; credentials go in KONTRACT_REGISTRY_USERNAME and KONTRACT_REGISTRY_PASSWORD)',
      conceal: true,
    },
    timeoutMs: {
      kind: 'integer',
      description: 'Timeout of each registry request, in milliseconds. Default 10000.',
      minimum: 1,
    },
    crossCheck: {
      kind: 'boolean',
      description:
        "Also ask the registry's own compatibility endpoint and report both verdicts where they differ (`--cross-check`). Default false.",
    },
  },
  forbidden: credentialKeys,
};

/** A Kafka bootstrap broker: `host:port` (an IPv6 host in brackets). */
export const brokerPattern = '^[^\\s,]+:[0-9]+$';

/** The `kafka` section: the cluster `kontract record` and `replay --from-kafka` read. */
const kafkaShape: Shape = {
  kind: 'object',
  description:
    'The Kafka cluster of `kontract record` and `kontract replay --from-kafka`. `--brokers` and `KONTRACT_KAFKA_BROKERS` override it.',
  properties: {
    brokers: {
      kind: 'array',
      description: 'Bootstrap brokers, `host:port`. Default `127.0.0.1:9092`.',
      items: {
        kind: 'string',
        description: 'A broker address.',
        pattern: brokerPattern,
        patternHint: 'a broker address "host:port"',
      },
    },
  },
};

/** The shape of `kontract.config.json`. */
export const configShape: Shape = {
  kind: 'object',
  description: 'Configuration of kontract, the Kafka event contract checker.',
  properties: {
    $schema: { kind: 'string', description: 'The JSON Schema of this file, for editor support.' },
    include: {
      kind: 'array',
      description:
        'Globs, relative to this file, that select the contract files. Default `["contracts/**/*.avsc"]`.',
      items: { kind: 'string', description: 'A glob.', nonBlank: true },
    },
    exclude: {
      kind: 'array',
      description: 'Globs, relative to this file, of files to leave out.',
      items: { kind: 'string', description: 'A glob.', nonBlank: true },
    },
    defaults: {
      ...contractConfigShape,
      description: 'Settings applied to every contract unless its own entry overrides them.',
    },
    contracts: {
      kind: 'object',
      description: "Per-contract settings, keyed by the top-level record's full name.",
      properties: {},
      additional: contractConfigShape,
      keysAreFullNames: true,
    },
    rules: {
      kind: 'object',
      description: 'Rule settings by rule id: a severity, `off`, or an object with a severity and options.',
      properties: {},
      keysAreRuleIds: true,
      additional: {
        kind: 'oneOf',
        description: 'A severity or `off`, or a severity with options.',
        options: [
          { kind: 'string', description: 'The severity of the rule, or `off`.', enum: ruleSettings },
          {
            kind: 'object',
            description: 'A severity with rule options.',
            properties: {
              severity: {
                kind: 'string',
                description: 'The severity of the rule, or `off`.',
                enum: ruleSettings,
              },
              options: {
                kind: 'freeObject',
                description: "Options of the rule, overlaid on the rule's defaults.",
              },
            },
          },
        ],
      },
    },
    waivers: {
      kind: 'array',
      description: 'Accepted findings, each scoped to a rule and a contract, always with a reason.',
      items: {
        kind: 'object',
        description: 'An accepted finding.',
        required: ['rule', 'contract', 'reason'],
        properties: {
          rule: { kind: 'string', description: 'The rule id.', nonBlank: true, ruleId: true },
          contract: { kind: 'string', description: 'Full name of the contract.', pattern: fullNamePattern },
          field: {
            kind: 'string',
            description: 'Dotted field path; omitted = the whole contract.',
            nonBlank: true,
          },
          reason: { kind: 'string', description: 'Why the finding is accepted.', nonBlank: true },
          expires: {
            kind: 'string',
            description: 'Date (YYYY-MM-DD) after which the waiver itself is an error.',
            pattern: isoDatePattern,
            calendarDate: true,
          },
          ticket: { kind: 'string', description: 'Tracking ticket for removing the waiver.' },
        },
      },
    },
    code: codeShape,
    replay: replayShape,
    registry: registryShape,
    kafka: kafkaShape,
    failOn: {
      kind: 'string',
      description: 'Findings at or above this severity fail the run. Default `error`.',
      enum: severities,
    },
  },
};

/** A violation of the shape, located by JSON pointer. */
export interface ShapeProblem {
  ruleId: 'config/unknown-key' | 'config/invalid-value' | 'config/unknown-rule';
  messageId: string;
  message: string;
  pointer: string;
  /** Locate the member's key rather than its value. */
  atKey: boolean;
  data?: Record<string, string | number | boolean>;
}

const nonBlankPattern = '\\S';

function typeName(value: Json): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  return `${typeof value === 'number' ? 'the number' : 'the boolean'} ${String(value)}`;
}

function isCalendarDate(text: string): boolean {
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

function isObject(value: Json): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What the validator needs to know beyond the shape. */
export interface ShapeContext {
  /** Known rule ids; when given, unknown ones in `rules` and `waivers[].rule` are reported. */
  knownRuleIds?: readonly string[];
  /** Suggests the closest known word for a typo. */
  suggest: (word: string, candidates: readonly string[]) => string | undefined;
}

function escapeToken(token: string | number): string {
  return String(token).replaceAll('~', '~0').replaceAll('/', '~1');
}

/**
 * Validates `value` against `shape`. Returns the problems and a copy of `value` with every invalid
 * member removed, so that the caller can fall back to defaults for exactly the invalid parts.
 */
export function validateAgainstShape(
  value: Json,
  shape: Shape,
  context: ShapeContext,
  pointer = '',
  label = 'The config',
): { problems: ShapeProblem[]; valid: Json | undefined } {
  const problems: ShapeProblem[] = [];
  const valid = validateNode(value, shape, context, pointer, label, problems);
  return { problems, valid };
}

function validateNode(
  value: Json,
  shape: Shape,
  context: ShapeContext,
  pointer: string,
  label: string,
  problems: ShapeProblem[],
): Json | undefined {
  const invalid = (message: string, data?: Record<string, string | number | boolean>): undefined => {
    problems.push({
      ruleId: 'config/invalid-value',
      messageId: 'invalid-value',
      message,
      pointer,
      atKey: false,
      ...(data ? { data } : {}),
    });
    return undefined;
  };
  switch (shape.kind) {
    case 'string': {
      if (typeof value !== 'string') return invalid(`${label} must be a string, not ${typeName(value)}.`);
      if (shape.enum && !shape.enum.includes(value)) {
        const suggestion = context.suggest(value, shape.enum);
        return invalid(
          `${label} must be one of ${shape.enum.map((item) => JSON.stringify(item)).join(', ')}, not ${JSON.stringify(value)}${suggestion ? ` (did you mean ${JSON.stringify(suggestion)}?)` : ''}.`,
          { value },
        );
      }
      if (shape.nonBlank && value.trim() === '') return invalid(`${label} must not be empty.`);
      if (shape.pattern && !new RegExp(shape.pattern).test(value)) {
        if (shape.conceal) return invalid(`${label} must be ${shape.patternHint ?? 'valid'}.`);
        return invalid(
          shape.calendarDate
            ? `${label} must be a date written YYYY-MM-DD, not ${JSON.stringify(value)}.`
            : shape.patternHint
              ? `${label} must be ${shape.patternHint}, not ${JSON.stringify(value)}.`
              : `${label} ${JSON.stringify(value)} is not a valid Avro full name.`,
          { value },
        );
      }
      if (shape.calendarDate && !isCalendarDate(value)) {
        return invalid(`${label} ${JSON.stringify(value)} is not a date that exists.`, { value });
      }
      if (shape.ruleId && context.knownRuleIds && !context.knownRuleIds.includes(value)) {
        const suggestion = context.suggest(value, context.knownRuleIds);
        problems.push({
          ruleId: 'config/unknown-rule',
          messageId: 'unknown-rule',
          message: `Unknown rule "${value}"${suggestion ? `; did you mean "${suggestion}"?` : '.'}`,
          pointer,
          atKey: false,
          data: suggestion ? { rule: value, suggestion } : { rule: value },
        });
        return undefined;
      }
      return value;
    }
    case 'boolean':
      return typeof value === 'boolean'
        ? value
        : invalid(`${label} must be true or false, not ${typeName(value)}.`);
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) {
        return invalid(`${label} must be a whole number, not ${typeName(value)}.`);
      }
      if (shape.minimum !== undefined && value < shape.minimum) {
        return invalid(`${label} must be at least ${shape.minimum}, not ${value}.`, { value });
      }
      return value;
    case 'freeObject':
      return isObject(value) ? value : invalid(`${label} must be an object, not ${typeName(value)}.`);
    case 'array': {
      if (!Array.isArray(value)) return invalid(`${label} must be an array, not ${typeName(value)}.`);
      const items: Json[] = [];
      value.forEach((item, index) => {
        const validItem = validateNode(
          item,
          shape.items,
          context,
          `${pointer}/${index}`,
          `Item ${index} of ${label.replace(/^The /, 'the ')}`,
          problems,
        );
        if (validItem !== undefined) items.push(validItem);
      });
      return items;
    }
    case 'oneOf': {
      // Pick the option whose kind fits the value, so the message speaks about the right one.
      const fitting = shape.options.find((option) =>
        option.kind === 'string'
          ? typeof value === 'string'
          : option.kind === 'integer'
            ? typeof value === 'number'
            : option.kind === 'object'
              ? isObject(value)
              : false,
      );
      if (fitting === undefined) {
        const kinds = shape.options.map((option) =>
          option.kind === 'string'
            ? 'a string'
            : option.kind === 'integer'
              ? 'a whole number'
              : `an ${option.kind}`,
        );
        return invalid(`${label} must be ${kinds.join(' or ')}, not ${typeName(value)}.`);
      }
      return validateNode(value, fitting, context, pointer, label, problems);
    }
    case 'object': {
      if (!isObject(value)) return invalid(`${label} must be an object, not ${typeName(value)}.`);
      const problemsBefore = problems.length;
      const result: { [key: string]: Json } = {};
      const known = Object.keys(shape.properties);
      for (const [key, member] of Object.entries(value)) {
        const memberPointer = `${pointer}/${escapeToken(key)}`;
        const propertyShape = Object.hasOwn(shape.properties, key) ? shape.properties[key] : undefined;
        if (propertyShape !== undefined) {
          const validMember = validateNode(
            member,
            propertyShape,
            context,
            memberPointer,
            `"${key}"`,
            problems,
          );
          if (validMember !== undefined) result[key] = validMember;
          continue;
        }
        const forbidden =
          shape.forbidden && Object.hasOwn(shape.forbidden, key) ? shape.forbidden[key] : undefined;
        if (forbidden !== undefined) {
          problems.push({
            ruleId: 'config/invalid-value',
            messageId: 'credential-in-config',
            message: `"${key}" is not allowed in ${label.replace(/^The /, 'the ')}. ${forbidden}`,
            pointer: memberPointer,
            atKey: true,
            data: { key },
          });
          continue;
        }
        if (shape.additional === undefined) {
          const suggestion = context.suggest(key, known);
          problems.push({
            ruleId: 'config/unknown-key',
            messageId: 'unknown-key',
            message: `Unknown key "${key}" in ${label.replace(/^The /, 'the ')}${suggestion ? `; did you mean "${suggestion}"?` : `; known keys are ${known.map((k) => `"${k}"`).join(', ')}.`}`,
            pointer: memberPointer,
            atKey: true,
            data: suggestion ? { key, suggestion } : { key },
          });
          continue;
        }
        if (shape.keysAreFullNames && !isValidFullName(key)) {
          problems.push({
            ruleId: 'config/invalid-value',
            messageId: 'invalid-contract-name',
            message: `"${key}" is not an Avro full name; contract entries are keyed by the record's full name (e.g. "com.acme.accounts.MoneyDeposited").`,
            pointer: memberPointer,
            atKey: true,
            data: { key },
          });
          continue;
        }
        if (shape.keysAreRuleIds && context.knownRuleIds && !context.knownRuleIds.includes(key)) {
          const suggestion = context.suggest(key, context.knownRuleIds);
          problems.push({
            ruleId: 'config/unknown-rule',
            messageId: 'unknown-rule',
            message: `Unknown rule "${key}"${suggestion ? `; did you mean "${suggestion}"?` : '.'}`,
            pointer: memberPointer,
            atKey: true,
            data: suggestion ? { rule: key, suggestion } : { rule: key },
          });
          continue;
        }
        const validMember = validateNode(
          member,
          shape.additional,
          context,
          memberPointer,
          `"${key}"`,
          problems,
        );
        if (validMember !== undefined) result[key] = validMember;
      }
      const missing = (shape.required ?? []).filter((key) => !Object.hasOwn(value, key));
      if (missing.length > 0) {
        return invalid(
          `${label} has no ${missing.map((key) => `"${key}"`).join(' or ')}${missing.includes('reason') ? '; every waiver must say why the finding is accepted' : ''}.`,
          { missing: missing.join(',') },
        );
      }
      // An object with required members (a waiver) is all or nothing: a waiver whose expiry date is
      // malformed must not silently become a waiver that never expires.
      if (shape.required && problems.length > problemsBefore) return undefined;
      return result;
    }
  }
}

/** The JSON Schema (draft 2020-12) equivalent of a shape. */
export function shapeToJsonSchema(shape: Shape): { [key: string]: Json } {
  switch (shape.kind) {
    case 'string': {
      const schema: { [key: string]: Json } = { type: 'string', description: shape.description };
      if (shape.enum) schema.enum = [...shape.enum];
      if (shape.pattern) schema.pattern = shape.pattern;
      else if (shape.nonBlank) schema.pattern = nonBlankPattern;
      if (shape.calendarDate) schema.format = 'date';
      return schema;
    }
    case 'boolean':
      return { type: 'boolean', description: shape.description };
    case 'integer':
      return shape.minimum === undefined
        ? { type: 'integer', description: shape.description }
        : { type: 'integer', description: shape.description, minimum: shape.minimum };
    case 'freeObject':
      return { type: 'object', description: shape.description };
    case 'array':
      return { type: 'array', description: shape.description, items: shapeToJsonSchema(shape.items) };
    case 'oneOf':
      return { description: shape.description, oneOf: shape.options.map(shapeToJsonSchema) };
    case 'object': {
      const schema: { [key: string]: Json } = { type: 'object', description: shape.description };
      const properties = Object.entries(shape.properties);
      if (properties.length > 0) {
        schema.properties = Object.fromEntries(
          properties.map(([key, member]) => [key, shapeToJsonSchema(member)]),
        );
      }
      if (shape.required) schema.required = [...shape.required];
      if (shape.keysAreFullNames) schema.propertyNames = { pattern: fullNamePattern };
      schema.additionalProperties = shape.additional ? shapeToJsonSchema(shape.additional) : false;
      return schema;
    }
  }
}

/** The JSON Schema published at `schema/kontract.config.schema.json`. */
export function configJsonSchema(): { [key: string]: Json } {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://kontract.dev/schema/kontract.config.schema.json',
    title: 'kontract.config.json',
    ...shapeToJsonSchema(configShape),
  };
}
