import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { waitForRun } from '../../../../control/runs';
import { listDags } from '../../../../control/registry';
import { triggerDag } from '../../../../control/trigger';
import { closeStores, createStores } from '../../../../infra/stores';
import { buildApp } from '../../../../web/app';
import type { RunStateResponse } from '../../../../web/admin/routes/dags';
import { syncSchedules } from '../../../../schedules/sync';
import { useStores } from '../../../support/stores';
import { loginAsAdmin, removeTestUsers, withTestAdmin, type Browser } from '../../../support/web';
import { useWorker } from '../../../support/worker';

const { config: storeConfig, stores } = useStores();
/** The pages are for admins: every request below comes from a fresh test user the app makes one. */
const { config, adminId } = withTestAdmin(storeConfig);
useWorker(config, stores);

/** A day no earlier test run used, most likely: a random day of 2101–2199 (example_features runs daily). */
function freshDate(): Date {
  return new Date(Date.UTC(2101, 0, 1, 6) + Math.floor(Math.random() * 36_000) * 86_400_000);
}

describe('admin DAG views against a real run of example_features', () => {
  let app: FastifyInstance;
  let logicalDate = '';
  let workflowId = '';
  let encoded = '';
  let admin: Browser;

  before(async () => {
    app = await buildApp({ config, stores, logger: false });
    admin = await loginAsAdmin(app, adminId);
    const client = await stores.temporal.client();
    // Every scheduled DAG has its Temporal Schedule, so each row of the list has a pause state to show.
    await syncSchedules(client, listDags());
    const run = await triggerDag(client, 'example_features', { conf: { items: 2, gateRequired: false }, date: freshDate() });
    ({ logicalDate, workflowId } = run);
    encoded = encodeURIComponent(logicalDate);
    const result = await waitForRun(client, run.workflowId, run.runId);
    assert.equal(result.status, 'success', JSON.stringify(result.tasks));
  });
  after(async () => {
    await app.close();
    await removeTestUsers(stores);
  });

  it('lists example_features with its description, schedule and the link to its graph', async () => {
    const res = await admin.fetch('/admin/dags');
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] as string, /text\/html/);
    assert.match(res.body, /DAG 목록/);
    assert.match(res.body, /<a href="\/admin\/dags\/example_features">example_features<\/a>/);
    assert.match(res.body, /Tour of the DAG layer/);
    assert.match(res.body, /<code>0 3 \* \* \*<\/code>/);
    assert.match(res.body, /Asia\/Seoul/);
    assert.doesNotMatch(res.body, /Temporal unavailable/);
  });

  it('shows each scheduled DAG paused or active as its Temporal Schedule is', async () => {
    const client = await stores.temporal.client();
    const res = await admin.fetch('/admin/dags');
    const rows = new Map([...res.body.matchAll(/<tr data-dag-id="([^"]+)">([\s\S]*?)<\/tr>/g)].map((m) => [m[1]!, m[2]!]));
    const scheduled = listDags().filter((d) => d.schedule);
    assert.ok(scheduled.some((d) => d.id === 'example_features'));
    for (const dag of scheduled) {
      const { state } = await client.schedule.getHandle(`dag:${dag.id}`).describe();
      const pills = [...(rows.get(dag.id) ?? '').matchAll(/class="pill pill-(paused|active)"[^>]*>(paused|active)</g)].map((m) => `${m[1]} ${m[2]}`);
      const expected = state.paused ? 'paused' : 'active';
      assert.deepEqual(pills, [`${expected} ${expected}`], `${dag.id}: one pill saying what Temporal says (${expected})`);
    }
    assert.equal([...res.body.matchAll(/class="pill /g)].length, scheduled.length, 'a pill for each scheduled DAG and none for the others');
  });

  it('draws the graph of the run with each task coloured by its state', async () => {
    const res = await admin.fetch(`/admin/dags/example_features?run=${encoded}`);
    assert.equal(res.statusCode, 200, res.body);
    const body = res.body;
    for (const id of ['list_items', 'process', 'checks.wait_ready', 'checks.flaky', 'checks.gate', 'summarize', 'cleanup', 'alert']) {
      assert.ok(body.includes(`data-task-id="${id}"`), `task ${id} drawn`);
    }
    assert.match(body, /<g class="task st-success" data-task-id="list_items"/);
    assert.match(body, /<g class="task st-success" data-task-id="checks.gate"/);
    assert.match(body, /<g class="task st-skipped" data-task-id="alert"/, 'one_failed skips when no check failed');
    assert.match(body, /<g class="group depth-1" data-group-id="checks">/);
    assert.match(body, />2\/2 ok</, 'the mapped task shows its items');
    assert.match(body, />all_done</, 'a trigger rule other than all_success is shown');
    assert.match(body, /activity: exampleProcessItem/, 'the activity is in the hover title');
    assert.match(body, /<path class="edge" data-from="list_items" data-to="process"/);
    assert.ok(body.includes(`<option value="${logicalDate}" selected>`), 'the run picker selects the run');
    assert.ok(body.includes(`href="${config.temporal.uiUrl}/namespaces/${config.temporal.namespace}/workflows/${encodeURIComponent(workflowId)}"`), 'links the run in the Temporal UI');
    assert.ok(body.includes(`data-live-state="/admin/api/dags/example_features/runs/${encoded}/state"`));
    assert.match(res.headers['content-security-policy'] as string, /script-src 'self'/);
  });

  it('accepts a run whose + arrived as a space in the query string', async () => {
    const res = await admin.fetch(`/admin/dags/example_features?run=${logicalDate.replace('+', '%20')}`);
    assert.equal(res.statusCode, 200);
    assert.ok(res.body.includes(`<option value="${logicalDate}" selected>`));
  });

  it('shows the run in the grid with links to its graph and to the Temporal UI', async () => {
    const res = await admin.fetch('/admin/dags/example_features/grid');
    assert.equal(res.statusCode, 200);
    const body = res.body;
    assert.ok(body.includes(`>${logicalDate}</a>`), 'the logical date heads a column');
    assert.ok(body.includes(`<a class="run-date" href="/admin/dags/example_features?run=${encoded}"`), 'the header links the graph of the run');
    assert.ok(body.includes(`${config.temporal.uiUrl}/namespaces/${config.temporal.namespace}/workflows/${encodeURIComponent(workflowId)}`), 'and the run in the Temporal UI');
    assert.ok(body.includes(`<a class="st-success" href="/admin/dags/example_features?run=${encoded}#ti-list_items"`), 'the list_items cell is success');
    assert.ok(body.includes(`<a class="st-skipped" href="/admin/dags/example_features?run=${encoded}#ti-alert"`), 'the alert cell is skipped');
    assert.match(body, /<tr class="group-row">/);
    const rows = [...body.matchAll(/<tr data-task-id="([^"]+)"/g)].map((m) => m[1]);
    assert.equal(rows.length, 8, `a row per task of example_features: ${rows.join(', ')}`);
    assert.ok(rows.indexOf('list_items') < rows.indexOf('process') && rows.indexOf('checks.flaky') < rows.indexOf('checks.gate'), `topological rows: ${rows.join(', ')}`);
  });

  it('serves the run state as JSON for the live refresh', async () => {
    const res = await admin.fetch(`/admin/api/dags/example_features/runs/${encoded}/state`);
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json<RunStateResponse>();
    assert.equal(body.status, 'success');
    assert.equal(body.workflowId, workflowId);
    const byId = new Map(body.tasks.map((t) => [t.taskId, t]));
    assert.equal(byId.get('list_items')?.state, 'success');
    assert.equal(byId.get('process')?.badge, '2/2 ok');
    assert.equal(byId.get('checks.flaky')?.attempts, 2);
    assert.equal(byId.get('alert')?.state, 'skipped');
  });

  it('answers 404 for an unknown DAG and for an unknown run', async () => {
    const dag = await admin.fetch('/admin/dags/no_such_dag', { accept: 'text/html' });
    assert.equal(dag.statusCode, 404);
    assert.match(dag.body, /404/);
    assert.match(dag.body, /no DAG &quot;no_such_dag&quot;/);
    const grid = await admin.fetch('/admin/dags/no_such_dag/grid');
    assert.equal(grid.statusCode, 404);
    const run = await admin.fetch(`/admin/dags/example_features?run=${encodeURIComponent('1999-01-01T00:00:00+09:00')}`);
    assert.equal(run.statusCode, 404);
    const api = await admin.fetch(`/admin/api/dags/example_features/runs/${encodeURIComponent('1999-01-01T00:00:00+09:00')}/state`);
    assert.equal(api.statusCode, 404);
    assert.equal(api.json<{ code: string }>().code, 'NotFound');
  });

  it('answers 400 for a DAG id or a logical date that breaks the URL schema', async () => {
    assert.equal((await admin.fetch('/admin/dags/Bad-Id')).statusCode, 400);
    assert.equal((await admin.fetch('/admin/dags/example_features?run=yesterday')).statusCode, 400);
    assert.equal((await admin.fetch('/admin/api/dags/example_features/runs/%3Cscript%3E/state')).statusCode, 400);
  });

  it('serves the stylesheet and the script the pages link', async () => {
    const page = await admin.fetch('/admin/dags');
    const linked = [...page.body.matchAll(/(?:href|src)="(\/admin\/static\/[^"]+)"/g)];
    assert.ok(linked.some((m) => /\.css(\?|$)/.test(m[1]!)) && linked.some((m) => /\.js(\?|$)/.test(m[1]!)), `a stylesheet and a script are linked: ${linked.map((m) => m[1]).join(', ')}`);
    for (const match of linked) {
      // Anonymous: the stylesheet and scripts are public.
      const res = await app.inject({ method: 'GET', url: match[1]!.replace(/&amp;/g, '&') });
      assert.equal(res.statusCode, 200, match[1]);
      assert.match(res.headers['content-type'] as string, /text\/(css|javascript)/);
    }
    assert.equal((await admin.fetch('/admin/static/missing.css')).statusCode, 404);
  });
});

describe('admin DAG views with Temporal down', () => {
  const down = { ...config, temporal: { ...config.temporal, address: '127.0.0.1:1' } };
  const downStores = createStores(down);
  let app: FastifyInstance;
  let admin: Browser;
  before(async () => {
    app = await buildApp({ config: down, stores: downStores, logger: false });
    // Sessions live in Redis, which is up: only Temporal is down.
    admin = await loginAsAdmin(app, adminId);
  });
  after(async () => {
    await app.close();
    await closeStores(downStores);
  });

  it('still draws the DAG structure, with a "Temporal unavailable" notice', async () => {
    for (const url of ['/admin/dags', '/admin/dags/example_features', '/admin/dags/example_features/grid']) {
      const res = await admin.fetch(url);
      assert.equal(res.statusCode, 200, url);
      assert.match(res.body, /Temporal unavailable/, url);
    }
    const graph = await admin.fetch('/admin/dags/example_features');
    assert.match(graph.body, /<g class="task st-none" data-task-id="list_items"/);
    assert.match(graph.body, /data-group-id="checks"/);
  });

  it('answers 503 from the JSON endpoint', async () => {
    const res = await admin.fetch(`/admin/api/dags/example_features/runs/${encodeURIComponent('2003-01-01T00:00:00+09:00')}/state`);
    assert.equal(res.statusCode, 503);
    assert.equal(res.json<{ code: string }>().code, 'ServiceUnavailable');
  });
});
