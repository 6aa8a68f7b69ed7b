import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RunSummary } from '../../../../control/runs';
import { renderDagGraphPage } from '../../../../web/admin/views/dag-graph-page';
import { gridRows, renderDagGridPage } from '../../../../web/admin/views/dag-grid-page';
import { renderDagListPage } from '../../../../web/admin/views/dag-list-page';
import { runDisplayState } from '../../../../web/admin/views/states';
import { taskView } from '../../../../web/admin/views/task-view';
import type { RunState } from '../../../../workflows/dag/run-state';
import type { DagSpec } from '../../../../workflows/dag/spec';
import { exampleFeatures } from '../../../../workflows/dags/example-features';

const assets = { css: '/admin/static/admin.css?v=1', script: '/admin/static/admin.js?v=1' };
const temporal = { uiUrl: 'http://127.0.0.1:8233', namespace: 'default' };
const logicalDate = '2003-04-05T06:07:00+09:00';
const EVIL = '<script>alert("x")</script>';

const summary: RunSummary = {
  workflowId: `dag:example_features:${logicalDate}`,
  runId: 'r1',
  dagId: 'example_features',
  logicalDate,
  status: 'FAILED',
  startTime: '2026-01-01T00:00:00.000Z',
  closeTime: '2026-01-01T00:00:05.000Z',
};

const state: RunState = {
  dagId: 'example_features',
  runId: summary.workflowId,
  logicalDate,
  dataInterval: { start: logicalDate, end: '2003-04-06T03:00:00+09:00' },
  params: { items: 3, note: EVIL },
  status: 'failed',
  startedAt: '2026-01-01T00:00:00.000Z',
  endedAt: '2026-01-01T00:00:05.000Z',
  tasks: [
    { taskId: 'list_items', state: 'success', attempts: 1 },
    { taskId: 'process', state: 'success', attempts: 1, mapped: [0, 1, 2].map((index) => ({ index, state: index === 2 ? 'failed' : 'success', attempts: 1 })) },
    { taskId: 'checks.gate', state: 'failed', attempts: 1, error: EVIL },
    { taskId: 'summarize', state: 'upstream_failed', attempts: 0 },
  ],
};

describe('admin DAG views (rendering)', () => {
  it('escapes an error message that contains a script in the graph page', () => {
    const page = renderDagGraphPage({ dag: exampleFeatures, timezone: 'Asia/Seoul', runs: [summary], run: summary, read: { state }, note: { runId: summary.workflowId, note: EVIL, author: 'admin', updatedAt: '2026-12-06T00:00:00Z' }, csrf: 'token', temporal, notices: [], assets });
    assert.ok(!page.includes(EVIL), 'no raw script from run data or the note');
    assert.ok(page.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'));
    assert.doesNotMatch(page, /<script>/, 'the only script is the external one');
  });

  it('shows the run’s DAG version (and that the DAG changed since), the note form, the assets and the backfills', () => {
    const old = { ...state, dagVersion: '000000000000' };
    const page = renderDagGraphPage({
      dag: exampleFeatures,
      timezone: 'Asia/Seoul',
      runs: [summary],
      run: summary,
      read: { state: old },
      note: { runId: summary.workflowId, note: '확인 완료', author: 'boss', updatedAt: '2026-12-06T00:00:00Z' },
      backfills: [{ backfillId: 'backfill:example_features:a:b', dagId: 'example_features', status: 'RUNNING', startTime: '2026-12-06T00:00:00Z', progress: { backfillId: 'backfill:example_features:a:b', total: 4, started: 2, skipped: 1, succeeded: 1, failed: 0, notEnded: 0, status: 'running' } }],
      csrf: 'token-123',
      temporal,
      notices: [],
      assets,
    });
    assert.match(page, /data-dag-version>000000000000<\/code> <span class="badge warn"[^>]*>changed since: now [0-9a-f]{12}/);
    assert.match(page, /<textarea id="note" name="note"[^>]*>확인 완료<\/textarea>/);
    assert.match(page, /name="_csrf" value="token-123"/);
    assert.match(page, /<code>summarize<\/code> produces <code>example\/summary<\/code> → starts <a href="\/admin\/dags\/example_asset_consumer">/);
    assert.match(page, /<progress max="4" value="2"><\/progress> 2\/4/);
  });

  it('escapes an error message that contains a script in the grid tooltips', () => {
    const page = renderDagGridPage({ dag: exampleFeatures, timezone: 'Asia/Seoul', columns: [{ run: summary, read: { state } }], temporal, notices: [{ level: 'warning', text: 'x', detail: EVIL }], assets });
    assert.ok(!page.includes(EVIL));
    assert.match(page, /title="[^"]*error: &lt;script&gt;/);
  });

  it('escapes a DAG description in the list', () => {
    const dag: DagSpec = { ...exampleFeatures, description: EVIL };
    const page = renderDagListPage({ rows: [{ dag, timezone: 'Asia/Seoul', runs: [summary] }], temporal, notices: [], assets });
    assert.ok(!page.includes(EVIL));
    assert.ok(page.includes('<span class="badge st-failed">failed</span>'), 'the last run is coloured by its state');
  });

  it('says how many intervals are still failed, linking to the oldest', () => {
    const older = { ...summary, logicalDate: '2003-04-04T06:07:00+09:00', workflowId: 'dag:example_features:2003-04-04T06:07:00+09:00' };
    const page = renderDagListPage({ rows: [{ dag: exampleFeatures, timezone: 'Asia/Seoul', runs: [summary], failed: [summary, older] }], temporal, notices: [], assets });
    assert.match(page, /<a class="st-failed" href="[^"]*2003-04-04[^"]*"[^>]*>2 failed<\/a>/);
    const none = renderDagListPage({ rows: [{ dag: exampleFeatures, timezone: 'Asia/Seoul', runs: [summary], failed: [] }], temporal, notices: [], assets });
    assert.ok(!none.includes('failed-runs'));
  });

  it('shows k/n ok for a mapped task and try n after a retry', () => {
    const process = exampleFeatures.tasks.find((t) => t.id === 'process')!;
    assert.equal(taskView(process, state, 'Asia/Seoul').badge, '2/3 ok');
    const flaky = exampleFeatures.tasks.find((t) => t.id === 'checks.flaky')!;
    const retried: RunState = { ...state, tasks: [{ taskId: 'checks.flaky', state: 'success', attempts: 2 }] };
    assert.equal(taskView(flaky, retried, 'Asia/Seoul').badge, 'try 2');
  });

  it('marks a task a run does not know as absent, and every task unknown when the state is missing', () => {
    const cleanup = exampleFeatures.tasks.find((t) => t.id === 'cleanup')!;
    assert.equal(taskView(cleanup, state, 'Asia/Seoul').state, 'absent');
    assert.equal(taskView(cleanup, undefined, 'Asia/Seoul', 'unknown').state, 'unknown');
  });

  it('maps Temporal statuses to Airflow run states', () => {
    assert.equal(runDisplayState('COMPLETED'), 'success');
    assert.equal(runDisplayState('FAILED'), 'failed');
    assert.equal(runDisplayState('TIMED_OUT'), 'failed');
    assert.equal(runDisplayState('TERMINATED'), 'terminated');
    assert.equal(runDisplayState('RUNNING'), 'running');
    assert.equal(runDisplayState('RUNNING', { status: 'failed' }), 'failed');
  });

  it('orders grid rows topologically with each group together under its heading', () => {
    const rows = gridRows(exampleFeatures).map((r) => (r.kind === 'group' ? `[${r.id}]` : `${'  '.repeat(r.depth)}${r.task.id}`));
    assert.deepEqual(rows, ['list_items', 'process', '[checks]', '  checks.wait_ready', '  checks.flaky', '  checks.gate', 'summarize', 'cleanup', 'alert']);
  });
});
