/**
 * The diagnostics the loader itself emits (bad bytes, bad JSON, bad Avro, bad references, bad
 * config, bad workspace selection), as one catalogue so that docs, formatters and meta-tests can
 * list them. Every loader diagnostic is an `error`: a contract that cannot be read cannot be checked.
 */
import type { Diagnostic, SourceLocation } from '../report/diagnostic.ts';
import { fingerprintOf } from '../report/diagnostic.ts';

/** Every rule id the loader can emit, with what it means. */
export const loaderRules = {
  'contract/invalid-encoding': 'The file is not valid UTF-8.',
  'contract/invalid-json': 'The file is not strict JSON (RFC 8259): no comments, no trailing commas.',
  'contract/too-deep':
    'The JSON nests deeper than the documented limit, which recursive Avro parsers cannot handle.',
  'contract/invalid-avro': 'The JSON is not a valid Avro schema, or its top level is not a named record.',
  'contract/unresolved-reference': 'A type name refers to a named type that no loadable file defines.',
  'contract/reference-cycle': 'Files reference each other in a cycle, so no file can be parsed first.',
  'contract/duplicate-name': 'The same full name is defined by two files.',
  'config/invalid-json': 'The config file is not strict JSON.',
  'config/unknown-key': 'The config has a key kontract does not know (usually a typo).',
  'config/invalid-value':
    'A config value has the wrong type, is not one of the allowed values, or is incomplete.',
  'config/unknown-rule': 'The config names a rule id that does not exist.',
  'config/unknown-contract': 'The config has settings for a full name that no contract file defines.',
  'workspace/config-not-found': 'The config path given on the command line does not exist.',
  'workspace/path-not-found': 'A file or folder given on the command line does not exist.',
  'workspace/no-contracts': 'The globs or paths selected no contract file.',
  'workspace/unreadable': 'A selected file could not be read.',
} as const satisfies Record<string, string>;

/** One of the rule ids in {@link loaderRules}. */
export type LoaderRuleId = keyof typeof loaderRules;

/** The extra, optional parts of a loader diagnostic. */
export interface LoaderDiagnosticExtras {
  contract?: string;
  fieldPath?: string;
  help?: string;
  data?: Record<string, string | number | boolean>;
}

/**
 * Builds a loader diagnostic (always `error`). The fingerprint covers the file and JSON pointer,
 * since a loader finding is about a place in a file, not about a field of a loaded contract.
 */
export function loaderDiagnostic(
  ruleId: LoaderRuleId,
  messageId: string,
  message: string,
  location: SourceLocation | undefined,
  extras: LoaderDiagnosticExtras = {},
): Diagnostic {
  const diagnostic: Diagnostic = {
    ruleId,
    messageId,
    severity: 'error',
    message,
    fingerprint: fingerprintOf({
      ruleId,
      messageId,
      contract: extras.contract,
      path: location ? `${location.file}#${location.pointer ?? ''}` : undefined,
      data: extras.data ?? { message },
    }),
  };
  if (location) diagnostic.location = location;
  if (extras.contract !== undefined) diagnostic.contract = extras.contract;
  if (extras.fieldPath !== undefined) diagnostic.fieldPath = extras.fieldPath;
  if (extras.help !== undefined) diagnostic.help = extras.help;
  if (extras.data !== undefined) diagnostic.data = extras.data;
  return diagnostic;
}
