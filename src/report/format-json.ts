/**
 * The machine format: one JSON document with a stable, versioned shape (described by
 * `schema/kontract.report.schema.json` and `docs/output-formats.md`). Keys are written in a fixed
 * order and findings are sorted, so two runs on the same input produce byte-identical reports. Pure.
 */
import type { Diagnostic, RelatedLocation, SourceLocation } from './diagnostic.ts';
import type { FormatOptions, RunSummary } from './render.ts';

/** Version of the report shape. Bumped only for changes that could break a reader; additions keep it. */
export const jsonReportVersion = 1;

/** A JSON value with insertion-ordered keys, which `JSON.stringify` preserves. */
type Ordered = { [key: string]: unknown };

function orderedLocation(location: SourceLocation): Ordered {
  const out: Ordered = { file: location.file, line: location.line, column: location.column };
  if (location.endLine !== undefined) out.endLine = location.endLine;
  if (location.endColumn !== undefined) out.endColumn = location.endColumn;
  if (location.pointer !== undefined) out.pointer = location.pointer;
  return out;
}

function orderedRelated(related: RelatedLocation): Ordered {
  return { ...orderedLocation(related), message: related.message };
}

/** A finding as written in the report: known keys only, in a fixed order; `data` keys sorted. */
export function orderedDiagnostic(diagnostic: Diagnostic): Ordered {
  const out: Ordered = {
    ruleId: diagnostic.ruleId,
    messageId: diagnostic.messageId,
    severity: diagnostic.severity,
    message: diagnostic.message,
  };
  if (diagnostic.location) out.location = orderedLocation(diagnostic.location);
  if (diagnostic.previousLocation) out.previousLocation = orderedLocation(diagnostic.previousLocation);
  if (diagnostic.related && diagnostic.related.length > 0)
    out.related = diagnostic.related.map(orderedRelated);
  if (diagnostic.help !== undefined) out.help = diagnostic.help;
  if (diagnostic.contract !== undefined) out.contract = diagnostic.contract;
  if (diagnostic.fieldPath !== undefined) out.fieldPath = diagnostic.fieldPath;
  if (diagnostic.data) {
    const data = diagnostic.data;
    out.data = Object.fromEntries(
      Object.keys(data)
        .sort()
        .map((key) => [key, data[key]]),
    );
  }
  out.fingerprint = diagnostic.fingerprint;
  if (diagnostic.waived) {
    const waived: Ordered = { reason: diagnostic.waived.reason };
    if (diagnostic.waived.ticket !== undefined) waived.ticket = diagnostic.waived.ticket;
    if (diagnostic.waived.expires !== undefined) waived.expires = diagnostic.waived.expires;
    out.waived = waived;
  }
  return out;
}

/** Renders the report document: `{ version, tool, summary, diagnostics }`, two-space indented. */
export function formatJson(
  diagnostics: readonly Diagnostic[],
  summary: RunSummary,
  options: FormatOptions,
): string {
  const document = {
    version: jsonReportVersion,
    tool: { name: options.tool.name, version: options.tool.version },
    summary: {
      contracts: summary.contracts,
      errors: summary.errors,
      warnings: summary.warnings,
      infos: summary.infos,
      waived: summary.waived,
      inputErrors: summary.inputErrors,
      failOn: summary.failOn,
      exitCode: summary.exitCode,
    },
    diagnostics: diagnostics.map(orderedDiagnostic),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
