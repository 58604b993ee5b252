/**
 * The replay report renderers, snapshot-tested on a deterministic result: a consumer that is not
 * idempotent on a small synthetic log, plus a bad log line. Durations are zeroed (they vary).
 */
import { describe, expect, it } from 'vitest';
import { defineConsumer } from '../../src/replay/define-consumer.ts';
import {
  formatReplayHtml,
  formatReplayJunit,
  formatReplayMarkdown,
  formatReplayPretty,
} from '../../src/replay/report/format-replay.ts';
import { escapeXml, renderTimelineSvg } from '../../src/replay/report/timeline-svg.ts';
import { badRecord } from '../../src/replay/rules/bad-record.ts';
import { findingsOf } from '../../src/replay/rules/replay-rule.ts';
import type { ReplayResult } from '../../src/replay/run-replay.ts';
import { runReplay } from '../../src/replay/run-replay.ts';
import { syntheticLog } from './helpers.ts';

async function sampleResult(): Promise<ReplayResult> {
  const log = syntheticLog([
    { partition: 0, value: { id: 'a', n: 1 } },
    { partition: 1, value: { id: 'b', n: 2 } },
    { partition: 0, value: { id: 'c', n: 3 } },
  ]);
  const counter = defineConsumer({
    name: 'counter <no dedupe>',
    topics: ['t'],
    setup: () => ({ total: 0 }),
    handle(record, state: { total: number }) {
      state.total += (record.value as { n: number }).n;
    },
    snapshot: (state) => ({ total: state.total }),
  });
  const result = await runReplay({
    consumers: [{ consumer: counter, file: 'consumers/counter.ts' }],
    log,
    runs: 20,
    seed: 7,
    commitPolicy: { kind: 'per-record' },
    properties: ['replay/not-idempotent', 'replay/order-sensitive', 'replay/evolution'],
  });
  result.diagnostics.push(
    ...findingsOf(badRecord, {
      problem: { messageId: 'not-json', data: { reason: 'Unexpected end of JSON input' } },
      source: { file: 'logs/demo.ndjson', line: 9 },
    }),
  );
  result.durationMs = 0;
  for (const consumer of result.consumers)
    for (const property of consumer.properties) property.durationMs = 0;
  return result;
}

describe('replay report formats', () => {
  it('renders pretty text', async () => {
    await expect(formatReplayPretty(await sampleResult())).toMatchFileSnapshot(
      '__snapshots__/replay-report.txt',
    );
  });

  it('renders JUnit XML with a test case per property and per other finding', async () => {
    const xml = formatReplayJunit(await sampleResult());
    await expect(xml).toMatchFileSnapshot('__snapshots__/replay-report.junit.xml');
    expect(xml).toContain('name="counter &lt;no dedupe&gt;"');
    expect((xml.match(/<testcase /g) ?? []).length).toBe(4);
  });

  it('renders Markdown with an embedded timeline image', async () => {
    const markdown = formatReplayMarkdown(await sampleResult());
    await expect(markdown).toMatchFileSnapshot('__snapshots__/replay-report.md.txt');
    expect(markdown).toMatch(
      /<img alt="per-partition timeline of the failing schedule" src="data:image\/svg\+xml;base64,/,
    );
  });

  it('renders a self-contained HTML page (no external resource)', async () => {
    const html = formatReplayHtml(await sampleResult());
    await expect(html).toMatchFileSnapshot('__snapshots__/replay-report.html');
    expect(html).not.toMatch(/(src|href)="https?:/);
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
  });
});

describe('renderTimelineSvg', () => {
  it('draws one row per partition and one box per step, escaping text', () => {
    const svg = renderTimelineSvg([
      { topic: 't', partition: 0, offset: '0', key: '<k>', eventType: 'a.B', what: 'delivered' },
      {
        topic: 't',
        partition: 1,
        offset: '4',
        key: null,
        eventType: 'a.C',
        what: 'redelivered',
        note: 'crash after handling',
      },
    ]);
    expect(svg.match(/<rect x="\d+" y="\d+" width="60"/g)).toHaveLength(2);
    expect(svg).toContain('>t/0</text>');
    expect(svg).toContain('>t/1</text>');
    expect(svg).toContain('key=&lt;k&gt;');
    expect(svg).toContain('stroke="#d62728" stroke-width="3"/>');
  });

  it('escapes every XML special character', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
  });
});
