/**
 * The replay rule record: `defineReplayRule({ id, kind: 'replay', defaultSeverity, docs, messages,
 * check })`. Detection happens in the readers and the property engine; a rule's `check` turns one
 * detection (its `input`) into findings with the rule's own message templates, so every replay
 * finding's wording, id and docs live in the rule's file.
 */
import type { Diagnostic, RelatedLocation, Severity, SourceLocation } from '../../report/diagnostic.ts';
import { fingerprintOf, formatMessage } from '../../report/diagnostic.ts';
import type { Rule } from '../../report/rule.ts';
import { defineRule } from '../../report/rule.ts';
import type { RecordSource } from '../model.ts';

/** What a replay rule reports about one detection. */
export interface ReplayReport<MessageId extends string> {
  messageId: MessageId;
  data?: Record<string, string | number | boolean>;
  location?: SourceLocation;
  related?: RelatedLocation[];
  help?: string;
  /** Full name of the contract concerned, when one is. */
  contract?: string;
}

/** What a replay rule's `check` receives: the detection and a way to report. */
export interface ReplayRuleContext<MessageId extends string, Input> {
  input: Input;
  report(report: ReplayReport<MessageId>): void;
}

/** A replay rule: data plus a check that renders a detection as findings. */
export interface ReplayRule<MessageId extends string = string, Input = unknown>
  extends Rule<ReplayRuleContext<MessageId, Input>, MessageId> {
  kind: 'replay';
}

/** Identity helper that keeps message ids and the input type checked; the id equals the file name. */
export function defineReplayRule<MessageId extends string, Input>(
  rule: ReplayRule<MessageId, Input>,
): ReplayRule<MessageId, Input> {
  defineRule(rule);
  return rule;
}

/** Runs a rule's check on one detection and returns its findings as diagnostics. */
export function findingsOf<MessageId extends string, Input>(
  rule: ReplayRule<MessageId, Input>,
  input: Input,
  severity: Severity = rule.defaultSeverity,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  rule.check({
    input,
    report(report) {
      const template = rule.messages[report.messageId];
      const diagnostic: Diagnostic = {
        ruleId: rule.id,
        messageId: report.messageId,
        severity,
        message: formatMessage(template, report.data),
        fingerprint: fingerprintOf({
          ruleId: rule.id,
          messageId: report.messageId,
          contract: report.contract,
          data: report.data,
        }),
      };
      if (report.location) diagnostic.location = report.location;
      if (report.related && report.related.length > 0) diagnostic.related = report.related;
      const help = report.help ?? rule.docs.help;
      if (help !== undefined) diagnostic.help = help;
      if (report.contract !== undefined) diagnostic.contract = report.contract;
      if (report.data) diagnostic.data = report.data;
      out.push(diagnostic);
    },
  });
  return out;
}

/** The location of a log line (the whole line: column 1). */
export function lineLocation(source: RecordSource): SourceLocation {
  return { file: source.file, line: source.line, column: 1 };
}

/** A detection about one log line: a decode or ordering problem and where it was. */
export interface LogLineProblem {
  problem: { messageId: string; data: Record<string, string | number | boolean> };
  source: RecordSource;
}
