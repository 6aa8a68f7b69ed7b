import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { listDagSchedules, syncSchedules } from '../../../schedules/sync';
import type { DagSpec } from '../../../workflows/dag/spec';
import { DAGS } from '../../../workflows/dags';
import { useStores, uniqueSuffix } from '../../support/stores';

const { stores } = useStores();

describe('schedules sync (real Temporal)', () => {
  it('creates, updates what changed, deletes what was removed, and reports each change', async () => {
    const client = await stores.temporal.client();
    const base = DAGS[0] as DagSpec;
    const id = `sync_probe_${uniqueSuffix()}`;
    const probe: DagSpec = { ...base, id, schedule: { cron: '15 4 * * *', timezone: 'Asia/Seoul', paused: true } };

    const created = await syncSchedules(client, [...DAGS, probe]);
    assert.deepEqual(created.filter((c) => c.scheduleId === `dag:${id}`), [{ action: 'create', scheduleId: `dag:${id}`, detail: '15 4 * * * Asia/Seoul' }]);
    assert.deepEqual(await syncSchedules(client, [...DAGS, probe]), [], 'nothing changes on a second sync');

    const dryRun = await syncSchedules(client, [...DAGS, { ...probe, schedule: { cron: '30 5 * * 1', timezone: 'Asia/Seoul' } }], { dryRun: true });
    assert.deepEqual(dryRun.map((c) => c.action), ['update']);
    const rowsBefore = await listDagSchedules(client);
    assert.equal(rowsBefore.find((r) => r.dagId === id)?.cron, '15 4 * * *', 'a dry run changes nothing');

    const updated = await syncSchedules(client, [...DAGS, { ...probe, schedule: { cron: '30 5 * * 1', timezone: 'Asia/Seoul' } }]);
    assert.deepEqual(updated, [{ action: 'update', scheduleId: `dag:${id}`, detail: '30 5 * * 1 Asia/Seoul' }]);
    const row = (await listDagSchedules(client)).find((r) => r.dagId === id);
    assert.equal(row?.cron, '30 5 * * 1');
    assert.equal(row?.paused, true, 'a sync never unpauses: pausing is an operator decision');

    const deleted = await syncSchedules(client, DAGS);
    assert.deepEqual(deleted, [{ action: 'delete', scheduleId: `dag:${id}`, detail: 'DAG has no schedule any more' }]);
    assert.equal((await listDagSchedules(client)).some((r) => r.dagId === id), false);
  });
});

describe('what a DAG schedule becomes on Temporal (real server)', () => {
  it('catch-up and overlap become the Schedule’s catchup window and overlap policy; pause and unpause reach it', async () => {
    const client = await stores.temporal.client();
    const base = DAGS[0] as DagSpec;
    const id = `policy_probe_${uniqueSuffix()}`;
    const catchingUp: DagSpec = { ...base, id, schedule: { cron: '0 * * * *', timezone: 'Asia/Seoul', catchup: true, overlap: 'buffer_all', paused: true } };
    const notCatchingUp: DagSpec = { ...base, id: `${id}_off`, schedule: { cron: '0 4 * * *', timezone: 'Asia/Seoul', paused: true } };
    await syncSchedules(client, [...DAGS, catchingUp, notCatchingUp]);
    try {
      const on = await client.schedule.getHandle(`dag:${id}`).describe();
      assert.equal(on.policies.overlap, 'BUFFER_ALL');
      assert.equal(on.policies.catchupWindow, 365 * 24 * 3600 * 1000, 'catch-up on: a year of missed runs is caught up');
      const off = await client.schedule.getHandle(`dag:${id}_off`).describe();
      assert.equal(off.policies.overlap, 'SKIP', 'the default: a run due while one runs is skipped');
      assert.equal(off.policies.catchupWindow, 60 * 1000, 'catch-up off: only a run missed by under a minute still starts');
      assert.equal(off.state.paused, true);
      await client.schedule.getHandle(`dag:${id}_off`).unpause('test');
      assert.equal((await client.schedule.getHandle(`dag:${id}_off`).describe()).state.paused, false);
      await client.schedule.getHandle(`dag:${id}_off`).pause('test');
      assert.equal((await client.schedule.getHandle(`dag:${id}_off`).describe()).state.paused, true);
    } finally {
      await syncSchedules(client, DAGS);
    }
  });
});
