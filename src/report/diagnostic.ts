/**
 * The one finding shape shared by every capability (lint, compat, code, replay), so that every
 * output format serves them all. Pure data: renderers are pure functions of `Diagnostic[]`.
 */

/** How serious a finding is. `info` never fails a run. */
export type Severity = 'error' | 'warning' | 'info';

/** A place in a file: 1-based line and column; `pointer` is the JSON pointer inside a schema. */
export interface SourceLocation {
  /** Path relative to the project root, with `/` separators. */
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  /** RFC 6901 JSON pointer inside the schema document, e.g. `/fields/2/type`. */
  pointer?: string;
}

export interface Diagnostic {
  /** Capability-prefixed kebab-case id, e.g. `contract/version-field`, `compat/reader-field-missing-default`. */
  ruleId: string;
  /** Stable key of the message template inside the rule, e.g. `missing`. */
  messageId: string;
  severity: Severity;
  /** One sentence naming the field/type/event concerned. */
  message: string;
  location?: SourceLocation;
  /** Other places that matter, e.g. the consumer code that reads a removed field. */
  related?: RelatedLocation[];
  /** compat: where the thing was in the base version. */
  previousLocation?: SourceLocation;
  /** How to fix it, concretely. */
  help?: string;
  /** Full name of the contract concerned (`com.acme.accounts.MoneyDeposited`). */
  contract?: string;
  /** Dotted field path inside the contract (`amount`, `customer.address.street`); used by waivers. */
  fieldPath?: string;
  /** Template values the message was built from; part of the fingerprint. */
  data?: Record<string, string | number | boolean>;
  /** Hash of rule id, contract, schema path, message id and data: survives line moves. */
  fingerprint: string;
  /** Set when a waiver in the config accepted this finding; waived findings never fail a run. */
  waived?: { reason: string; ticket?: string; expires?: string };
}

export interface RelatedLocation extends SourceLocation {
  message: string;
}

const severityRank: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** True when `severity` is at or above `threshold`. */
export function isAtLeast(severity: Severity, threshold: Severity): boolean {
  return severityRank[severity] >= severityRank[threshold];
}

/** Orders findings by file, line, column, then rule id, so every renderer is deterministic. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  const fa = a.location?.file ?? '';
  const fb = b.location?.file ?? '';
  if (fa !== fb) return fa < fb ? -1 : 1;
  const la = a.location?.line ?? 0;
  const lb = b.location?.line ?? 0;
  if (la !== lb) return la - lb;
  const ca = a.location?.column ?? 0;
  const cb = b.location?.column ?? 0;
  if (ca !== cb) return ca - cb;
  return a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0;
}

/**
 * A 64-bit hash over the identifying parts of a finding. Deliberately excludes line numbers so that
 * waivers and baselines survive edits elsewhere in the file.
 */
export function fingerprintOf(parts: {
  ruleId: string;
  messageId: string;
  contract?: string | undefined;
  path?: string | undefined;
  data?: Record<string, string | number | boolean> | undefined;
}): string {
  const data = parts.data
    ? Object.keys(parts.data)
        .sort()
        .map((k) => `${k}=${String(parts.data?.[k])}`)
        .join('&')
    : '';
  const text = [parts.ruleId, parts.messageId, parts.contract ?? '', parts.path ?? '', data].join('\u0000');
  // Two independent 32-bit FNV-1a lanes (different offset bases) give 64 bits without BigInt,
  // which cost 40% of lint time on runs with tens of thousands of findings.
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x01000193) ^ (b >>> 15);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

/** Replaces `{name}` placeholders in a message template with `data` values. */
export function formatMessage(
  template: string,
  data: Record<string, string | number | boolean> = {},
): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in data ? String(data[key]) : whole));
}
