/**
 * `contract/db-column-leaked`: fields that are persistence bookkeeping (audit timestamps, soft-delete
 * flags, optimistic-lock versions, surrogate and foreign keys, columns copied in snake_case) do not
 * belong in an event.
 */
import type { LintOptionProblem } from '../lint-rule.ts';
import { defineLintRule } from '../lint-rule.ts';
import { schemaIndexOf } from '../schema-index.ts';

type Options = {
  /**
   * Field names that are persistence columns (compared case-insensitively). The camelCase audit
   * names (`createdAt`, `updatedAt`) are in the list on purpose: renaming a column does not make it
   * a fact; the event's own time is its occurrence time (`occurredAt`).
   */
  deny: string[];
  /** Regular expressions (JavaScript syntax, case-sensitive) that mark a field name as a column. */
  patterns: string[];
  /** Field names never flagged (compared case-insensitively), e.g. a legitimate `deleted` fact. */
  allow: string[];
  /** Flag snake_case field names in a contract whose other multi-word fields are camelCase. */
  snakeCaseInCamelCase: boolean;
};

const camelCase = /^[a-z][a-z0-9]*[A-Z][A-Za-z0-9]*$/;
const snakeCase = /^[a-z][a-z0-9]*(_[a-z0-9]+)+$/;

/** Compiles the `patterns` option; a bad expression is an option problem, reported by the validator. */
function compilePatterns(patterns: readonly string[]): { compiled: RegExp[]; problems: LintOptionProblem[] } {
  const compiled: RegExp[] = [];
  const problems: LintOptionProblem[] = [];
  for (const pattern of patterns) {
    try {
      compiled.push(new RegExp(pattern, 'u'));
    } catch (error) {
      problems.push({
        option: 'patterns',
        message: `\`${pattern}\` is not a valid regular expression: ${(error as Error).message}.`,
      });
    }
  }
  return { compiled, problems };
}

interface Prepared {
  deny: ReadonlyMap<string, string>;
  allow: ReadonlySet<string>;
  compiled: RegExp[];
}

/** The engine hands every contract the same options object, so lookups are built once per run. */
const preparedCache = new WeakMap<Readonly<Options>, Prepared>();

function preparedOf(options: Readonly<Options>): Prepared {
  let prepared = preparedCache.get(options);
  if (!prepared) {
    prepared = {
      deny: new Map(options.deny.map((name) => [name.toLowerCase(), name])),
      allow: new Set(options.allow.map((name) => name.toLowerCase())),
      compiled: compilePatterns(options.patterns).compiled,
    };
    preparedCache.set(options, prepared);
  }
  return prepared;
}

/**
 * The `contract/db-column-leaked` rule: no persistence columns in events: audit timestamps, soft-delete flags, lock versions, foreign keys, snake_case columns in a camelCase contract.
 */
export default defineLintRule<'deniedName' | 'patternMatch' | 'snakeCaseColumn', Options>({
  id: 'contract/db-column-leaked',
  kind: 'lint',
  defaultSeverity: 'error',
  docs: {
    description:
      'No persistence columns in events: audit timestamps, soft-delete flags, lock versions, foreign keys, snake_case columns in a camelCase contract.',
    rationale:
      'An event that carries table columns is a replica of the producer’s database: every schema migration becomes a breaking contract change, and consumers start depending on storage details instead of facts.',
    help: 'Remove the column from the event; carry the fact it stands for instead (the occurrence time `occurredAt`, a dedicated `OrderDeleted` event, the business id rather than a surrogate key).',
  },
  messages: {
    deniedName: 'Field `{field}` of `{record}` is a persistence column, not part of the fact.',
    patternMatch: 'Field `{field}` of `{record}` looks like a persistence column (matches `{pattern}`).',
    snakeCaseColumn:
      'Field `{field}` of `{record}` is snake_case in an otherwise camelCase contract: it looks copied from a table.',
  },
  defaultOptions: {
    deny: [
      'created_at',
      'updated_at',
      'modified_at',
      'deleted',
      'is_deleted',
      'deleted_at',
      'created_by',
      'updated_by',
      'modified_by',
      'jpa_version',
      'lock_version',
      'row_version',
      'optlock',
      'xmin',
      'ctid',
      'rowid',
      '_id',
      '__v',
      '_rev',
      'createdAt',
      'updatedAt',
      'modifiedAt',
      'deletedAt',
      'isDeleted',
      'jpaVersion',
      'lockVersion',
      'rowVersion',
    ],
    patterns: ['^fk_', '_fk$', '^pk_', '_pk$', '^tbl_', '^col_'],
    allow: [],
    snakeCaseInCamelCase: true,
  },
  validateOptions(options) {
    return compilePatterns(options.patterns).problems;
  },
  check(context) {
    const { options } = context;
    const { deny, allow, compiled } = preparedOf(options);
    const fields = schemaIndexOf(context.contract).fields;
    let camel = 0;
    let snake = 0;
    for (const field of fields) {
      if (camelCase.test(field.name)) camel++;
      else if (snakeCase.test(field.name)) snake++;
    }
    const flagSnake = options.snakeCaseInCamelCase && camel > snake;
    for (const field of fields) {
      const lower = field.name.toLowerCase();
      if (allow.has(lower)) continue;
      const base = { fieldPath: field.path, pointer: `${field.pointer}/name` };
      const data = { field: field.name, record: field.record.simpleName };
      const column = deny.get(lower);
      if (column !== undefined) {
        context.report({ messageId: 'deniedName', data: { ...data, column }, ...base });
        continue;
      }
      const pattern = compiled.find((p) => p.test(field.name));
      if (pattern) {
        context.report({ messageId: 'patternMatch', data: { ...data, pattern: pattern.source }, ...base });
        continue;
      }
      if (flagSnake && snakeCase.test(field.name)) {
        context.report({ messageId: 'snakeCaseColumn', data, ...base });
      }
    }
  },
});
