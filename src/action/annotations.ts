/**
 * Findings as GitHub annotations: one per unwaived finding, on the exact file and line of the pull
 * request, titled with the rule id. GitHub annotates only files of the checked-out commit, so a
 * finding whose place is not in it (something removed, whose only place is in the base version) goes
 * on the run itself, naming where it was. Pure: the caller says which files exist and sends the
 * annotations through `@actions/core`.
 */
import { posix } from 'node:path';
import { parseJsonDocument } from '../contracts/json-positions.ts';
import type { Diagnostic, Severity, SourceLocation } from '../report/diagnostic.ts';
import { formatPosition } from '../report/format-pretty.ts';

/** The annotation kinds of GitHub (`info` findings become notices). */
export type AnnotationLevel = 'error' | 'warning' | 'notice';

/** The properties `core.error`/`core.warning`/`core.notice` accept. */
export interface AnnotationProperties {
  title: string;
  file?: string;
  startLine?: number;
  endLine?: number;
  startColumn?: number;
  endColumn?: number;
}

/** One annotation to send. */
export interface Annotation {
  level: AnnotationLevel;
  message: string;
  properties: AnnotationProperties;
}

const levelOf: Record<Severity, AnnotationLevel> = { error: 'error', warning: 'warning', info: 'notice' };
const levelOrder: Record<AnnotationLevel, number> = { error: 0, warning: 1, notice: 2 };

/**
 * Re-roots a location's file from the project directory to the repository's top directory, which is
 * what GitHub's annotation paths, blob links and code scanning are relative to.
 */
export function rebaseLocation<T extends SourceLocation>(location: T, projectPrefix: string): T {
  if (projectPrefix === '') return location;
  return { ...location, file: posix.normalize(posix.join(projectPrefix, location.file)) };
}

/** Re-roots every place of a finding (see {@link rebaseLocation}). */
export function rebaseDiagnostic(diagnostic: Diagnostic, projectPrefix: string): Diagnostic {
  if (projectPrefix === '') return diagnostic;
  const out: Diagnostic = { ...diagnostic };
  if (diagnostic.location) out.location = rebaseLocation(diagnostic.location, projectPrefix);
  if (diagnostic.previousLocation) {
    out.previousLocation = rebaseLocation(diagnostic.previousLocation, projectPrefix);
  }
  if (diagnostic.related) out.related = diagnostic.related.map((r) => rebaseLocation(r, projectPrefix));
  return out;
}

function annotationText(diagnostic: Diagnostic, displaced: SourceLocation | undefined): string {
  const lines = [diagnostic.message];
  if (displaced) lines.push(`(reported at ${formatPosition(displaced)}, which is not in this commit)`);
  if (diagnostic.help) lines.push('', `help: ${diagnostic.help}`);
  if (diagnostic.previousLocation) lines.push(`previously: ${formatPosition(diagnostic.previousLocation)}`);
  for (const related of diagnostic.related ?? []) {
    lines.push(`related: ${formatPosition(related)}  ${related.message}`);
  }
  return lines.join('\n');
}

function placeProperties(location: SourceLocation): Omit<AnnotationProperties, 'title'> {
  const out: Omit<AnnotationProperties, 'title'> = { file: location.file };
  if (location.line < 1) return out;
  const endLine =
    location.endLine !== undefined && location.endLine >= location.line ? location.endLine : location.line;
  out.startLine = location.line;
  out.endLine = endLine;
  // GitHub takes columns only for a span on one line.
  if (endLine === location.line && location.column >= 1) {
    out.startColumn = location.column;
    if (location.endColumn !== undefined && location.endColumn > location.column)
      out.endColumn = location.endColumn;
  }
  return out;
}

/**
 * The annotations for a run's findings (paths relative to the repository top), errors first, then
 * warnings, then notices, each in report order: GitHub shows only the first ten of each kind per step.
 * Waived findings are accepted risks and are not annotated.
 */
export function annotationsOf(
  diagnostics: readonly Diagnostic[],
  fileExists: (file: string) => boolean,
): Annotation[] {
  const annotations: Annotation[] = [];
  for (const diagnostic of diagnostics) {
    if (diagnostic.waived) continue;
    const location = diagnostic.location;
    const annotatable = location !== undefined && fileExists(location.file);
    const properties: AnnotationProperties = annotatable
      ? { title: diagnostic.ruleId, ...placeProperties(location) }
      : { title: diagnostic.ruleId };
    annotations.push({
      level: levelOf[diagnostic.severity],
      message: annotationText(diagnostic, annotatable ? undefined : location),
      properties,
    });
  }
  // Array.prototype.sort is stable: report order is kept within a level.
  return annotations.sort((a, b) => levelOrder[a.level] - levelOrder[b.level]);
}

/** The pointer of the record (or enum) that holds the member a pointer names: `/fields/2/type/fields/1` → `/fields/2/type`. */
export function parentPointer(pointer: string): string {
  const tokens = pointer.split('/').slice(1);
  const member = tokens.length >= 2 ? tokens[tokens.length - 2] : undefined;
  const drop = member === 'fields' || member === 'symbols' ? 2 : 1;
  const kept = tokens.slice(0, Math.max(0, tokens.length - drop));
  return kept.length === 0 ? '' : `/${kept.join('/')}`;
}

/**
 * Gives a finding about something removed a place in the checked-out commit: a finding whose only
 * place is in the base version (no `location`, or one in a file that no longer exists) is put on the
 * line of the record that held the removed member, in the same file as it is now, found by its JSON
 * pointer (or the nearest ancestor that still exists). Findings that already have a place, and ones
 * whose file is gone, are returned as they are.
 */
export function placeRemovedFindings(
  diagnostics: readonly Diagnostic[],
  readHeadFile: (file: string) => string | undefined,
): Diagnostic[] {
  const texts = new Map<string, string | undefined>();
  const read = (file: string) => {
    if (!texts.has(file)) texts.set(file, readHeadFile(file));
    return texts.get(file);
  };
  return diagnostics.map((diagnostic) => {
    const previous = diagnostic.previousLocation;
    if (!previous || previous.pointer === undefined) return diagnostic;
    if (diagnostic.location && read(diagnostic.location.file) !== undefined) return diagnostic;
    const text = read(previous.file);
    if (text === undefined) return diagnostic;
    const parsed = parseJsonDocument(previous.file, text);
    if (!parsed.ok) return diagnostic;
    const pointer = parentPointer(previous.pointer);
    const location = parsed.positions.locate(pointer);
    return { ...diagnostic, location: { ...location, file: previous.file, pointer } };
  });
}
