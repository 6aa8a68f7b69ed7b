import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pagePath, throttledReporter } from '../../../web/plugins/app/events';

describe('pagePath', () => {
  it('drops the query and keeps the path', () => {
    assert.equal(pagePath('/mypage?saved=1'), '/mypage');
  });

  it('cuts long paths to the 200 characters an event allows', () => {
    assert.equal(pagePath(`/${'a'.repeat(300)}`).length, 200);
  });
});

describe('throttledReporter', () => {
  it('reports once per kind per interval and counts what it held back', () => {
    const lines: string[] = [];
    const report = throttledReporter(60_000, (kind, detail, suppressed) => lines.push(`${kind}:${detail}:${suppressed}`));
    report('send_failed', 'a');
    report('send_failed', 'b');
    report('overflow', 'c');
    assert.deepEqual(lines, ['send_failed:a:0', 'overflow:c:0']);
  });

  it('reports again after the interval with the number suppressed', async () => {
    const lines: string[] = [];
    const report = throttledReporter(20, (kind, _detail, suppressed) => lines.push(`${kind}:${suppressed}`));
    report('send_failed', 'a');
    report('send_failed', 'b');
    report('send_failed', 'c');
    await new Promise((r) => setTimeout(r, 30));
    report('send_failed', 'd');
    assert.deepEqual(lines, ['send_failed:0', 'send_failed:2']);
  });
});
