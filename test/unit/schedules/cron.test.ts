import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveScheduledInterval } from '../../../activities/dags/resolve-schedule';
import { timezoneOf } from '../../../control/registry';
import { manualRunInterval } from '../../../control/run-interval';
import { cronTicks, formatInterval, intervalStartingAt, nextFire, nextTicks, previousFire } from '../../../schedules/cron';
import { formatInZone } from '../../../schedules/zone-time';
import { DAGS } from '../../../workflows/dags';
import type { DagSpec, ScheduleSpec } from '../../../workflows/dag/spec';

const SEOUL = 'Asia/Seoul';
const iso = (d: Date, tz: string): string => formatInZone(d, tz);

describe('cron in Asia/Seoul', () => {
  it('fires the Sunday 02:00 KST product refresh at 17:00 UTC on Saturday', () => {
    const [first, second] = nextTicks('0 2 * * 0', SEOUL, new Date('2026-11-24T12:00:00+09:00'), 2);
    assert.equal(first?.toISOString(), '2026-11-28T17:00:00.000Z');
    assert.equal(second?.toISOString(), '2026-12-05T17:00:00.000Z');
  });

  it('lists backfill logical dates inclusively and across a month end', () => {
    const ticks = cronTicks('0 0 * * *', SEOUL, new Date('2026-02-27T00:00:00+09:00'), new Date('2026-03-02T00:00:00+09:00'));
    assert.deepEqual(ticks.map((t) => iso(t, SEOUL).slice(0, 10)), ['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
    const day = intervalStartingAt('0 0 * * *', SEOUL, ticks[1] as Date);
    assert.equal(iso(day.end, SEOUL), '2026-03-01T00:00:00+09:00');
  });
});

/** A scheduled run fired at `fireAt`: what resolveScheduledInterval (the scheduled path) gives it. */
async function scheduledRun(cron: string, tz: string, fireAt: string) {
  return resolveScheduledInterval({ cron, timezone: tz, scheduledTime: new Date(fireAt).toISOString() });
}

describe('scheduled runs cover [previous fire, this fire) and take its start as logical date', () => {
  const cases: { shape: string; cron: string; fire: string; logicalDate: string; end: string }[] = [
    { shape: 'weekly Sunday 02:00 (nolabel refresh)', cron: '0 2 * * 0', fire: '2026-11-29T02:00:00+09:00', logicalDate: '2026-11-22T02:00:00+09:00', end: '2026-11-29T02:00:00+09:00' },
    { shape: 'hourly (cold tier)', cron: '0 * * * *', fire: '2026-11-25T10:00:00+09:00', logicalDate: '2026-11-25T09:00:00+09:00', end: '2026-11-25T10:00:00+09:00' },
    { shape: 'nightly 00:10 (daily batch)', cron: '10 0 * * *', fire: '2026-03-01T00:10:00+09:00', logicalDate: '2026-02-28T00:10:00+09:00', end: '2026-03-01T00:10:00+09:00' },
    { shape: 'nightly 00:20 (warm tier)', cron: '20 0 * * *', fire: '2027-01-01T00:20:00+09:00', logicalDate: '2026-12-31T00:20:00+09:00', end: '2027-01-01T00:20:00+09:00' },
    { shape: 'daily 03:00 (example)', cron: '0 3 * * *', fire: '2026-12-06T03:00:00+09:00', logicalDate: '2026-12-05T03:00:00+09:00', end: '2026-12-06T03:00:00+09:00' },
  ];
  for (const c of cases) {
    it(`${c.shape}: fired at ${c.fire} → logical date ${c.logicalDate}`, async () => {
      const run = await scheduledRun(c.cron, SEOUL, c.fire);
      assert.equal(run.logicalDate, c.logicalDate);
      assert.deepEqual(run.dataInterval, { start: c.logicalDate, end: c.end });
    });
    it(`${c.shape}: a Schedule that fires a few seconds late still gets the interval that just ended`, async () => {
      const run = await scheduledRun(c.cron, SEOUL, new Date(new Date(c.fire).getTime() + 2_345).toISOString());
      assert.equal(run.logicalDate, c.logicalDate);
    });
  }

  for (const dag of DAGS.filter((d): d is DagSpec & { schedule: ScheduleSpec } => Boolean(d.schedule))) {
    it(`${dag.id} (${dag.schedule.cron}): the scheduled run, a manual run and a backfill of one interval have one logical date`, async () => {
      const tz = timezoneOf(dag);
      const [fire] = nextTicks(dag.schedule.cron, tz, new Date('2026-12-01T00:00:00+09:00'), 1) as [Date];
      const scheduled = await scheduledRun(dag.schedule.cron, tz, fire.toISOString());
      const manual = manualRunInterval(dag, undefined, new Date(fire.getTime() + 60_000));
      const backfilled = formatInterval(intervalStartingAt(dag.schedule.cron, tz, previousFire(dag.schedule.cron, tz, fire)), tz);
      assert.equal(scheduled.dataInterval.end, iso(fire, tz), 'the interval ends at the fire time');
      assert.notEqual(scheduled.dataInterval.start, scheduled.dataInterval.end, 'the interval is not empty');
      assert.deepEqual(manual.dataInterval, scheduled.dataInterval);
      assert.equal(manual.logicalDate, scheduled.logicalDate);
      assert.deepEqual(backfilled, scheduled.dataInterval);
    });
  }
});

/** Fire times in [from, to] walked forward, and the same walked backward: they must agree. */
function firesBothWays(cron: string, tz: string, from: string, to: string): { forward: string[]; backward: string[] } {
  const forward = cronTicks(cron, tz, new Date(from), new Date(to)).map((d) => iso(d, tz));
  const backward: string[] = [];
  for (let d = previousFire(cron, tz, new Date(new Date(to).getTime() + 1)); d.getTime() >= new Date(from).getTime(); d = previousFire(cron, tz, d)) backward.unshift(iso(d, tz));
  return { forward, backward };
}

describe('cron across daylight-saving changes (Airflow cron timetable semantics)', () => {
  const table: { name: string; cron: string; tz: string; from: string; to: string; fires: string[] }[] = [
    {
      name: 'spring forward, a skipped daily time moves forward by the gap (Zurich 2023, Airflow test_entering_skip)',
      cron: '0 2 * * *',
      tz: 'Europe/Zurich',
      from: '2023-03-24T00:00:00Z',
      to: '2023-03-27T23:00:00Z',
      fires: ['2023-03-24T02:00:00+01:00', '2023-03-25T02:00:00+01:00', '2023-03-26T03:00:00+02:00', '2023-03-27T02:00:00+02:00'],
    },
    {
      name: 'spring forward, a time that exists is kept (Zurich 03:00, Airflow test_entering_exact)',
      cron: '0 3 * * *',
      tz: 'Europe/Zurich',
      from: '2023-03-24T00:00:00Z',
      to: '2023-03-27T23:00:00Z',
      fires: ['2023-03-24T03:00:00+01:00', '2023-03-25T03:00:00+01:00', '2023-03-26T03:00:00+02:00', '2023-03-27T03:00:00+02:00'],
    },
    {
      name: 'fall back, a repeated daily time fires once, at its second occurrence (Zurich, Airflow test_exiting_fold)',
      cron: '0 2 * * *',
      tz: 'Europe/Zurich',
      from: '2023-10-27T00:00:00Z',
      to: '2023-10-30T23:00:00Z',
      fires: ['2023-10-27T02:00:00+02:00', '2023-10-28T02:00:00+02:00', '2023-10-29T02:00:00+01:00', '2023-10-30T02:00:00+01:00'],
    },
    {
      name: 'fall back, an every-30-minutes cron fires in both real hours (Airflow test_fold_scheduling)',
      cron: '*/30 * * * *',
      tz: 'Europe/Zurich',
      from: '2023-10-28T23:30:00Z',
      to: '2023-10-29T02:00:00Z',
      fires: ['2023-10-29T01:30:00+02:00', '2023-10-29T02:00:00+02:00', '2023-10-29T02:30:00+02:00', '2023-10-29T02:00:00+01:00', '2023-10-29T02:30:00+01:00', '2023-10-29T03:00:00+01:00'],
    },
    {
      name: 'spring forward, an hourly cron has no run in the missing hour (New York)',
      cron: '0 * * * *',
      tz: 'America/New_York',
      from: '2026-03-08T05:00:00Z',
      to: '2026-03-08T08:00:00Z',
      fires: ['2026-03-08T00:00:00-05:00', '2026-03-08T01:00:00-05:00', '2026-03-08T03:00:00-04:00', '2026-03-08T04:00:00-04:00'],
    },
    {
      name: 'spring forward, 02:30 daily fires at 03:30 that day (New York)',
      cron: '30 2 * * *',
      tz: 'America/New_York',
      from: '2026-03-06T00:00:00Z',
      to: '2026-03-10T00:00:00Z',
      fires: ['2026-03-06T02:30:00-05:00', '2026-03-07T02:30:00-05:00', '2026-03-08T03:30:00-04:00', '2026-03-09T02:30:00-04:00'],
    },
    {
      name: 'fall back, 01:30 daily fires once on the repeated day (New York)',
      cron: '30 1 * * *',
      tz: 'America/New_York',
      from: '2026-10-30T00:00:00Z',
      to: '2026-11-03T00:00:00Z',
      fires: ['2026-10-30T01:30:00-04:00', '2026-10-31T01:30:00-04:00', '2026-11-01T01:30:00-05:00', '2026-11-02T01:30:00-05:00'],
    },
    {
      name: 'entering DST with a 7-8 hour range (Los Angeles 2020, Airflow test_7_to_8_entering)',
      cron: '0 7-8 * * *',
      tz: 'America/Los_Angeles',
      from: '2020-03-07T00:00:00Z',
      to: '2020-03-09T00:00:00Z',
      fires: ['2020-03-07T07:00:00-08:00', '2020-03-07T08:00:00-08:00', '2020-03-08T07:00:00-07:00', '2020-03-08T08:00:00-07:00'],
    },
    {
      name: '30-minute DST forward (Lord Howe): 02:00 is skipped and moves to 02:30',
      cron: '0 2 * * *',
      tz: 'Australia/Lord_Howe',
      from: '2026-10-02T00:00:00Z',
      to: '2026-10-06T00:00:00Z',
      fires: ['2026-10-03T02:00:00+10:30', '2026-10-04T02:30:00+11:00', '2026-10-05T02:00:00+11:00', '2026-10-06T02:00:00+11:00'],
    },
    {
      name: '30-minute DST forward (Lord Howe), every 30 minutes: the missing half hour has no run',
      cron: '*/30 * * * *',
      tz: 'Australia/Lord_Howe',
      from: '2026-10-03T14:00:00Z',
      to: '2026-10-03T16:00:00Z',
      fires: ['2026-10-04T00:30:00+10:30', '2026-10-04T01:00:00+10:30', '2026-10-04T01:30:00+10:30', '2026-10-04T02:30:00+11:00', '2026-10-04T03:00:00+11:00'],
    },
    {
      name: '30-minute DST back (Lord Howe): 01:30 repeats, fires once',
      cron: '30 1 * * *',
      tz: 'Australia/Lord_Howe',
      from: '2026-04-03T00:00:00Z',
      to: '2026-04-06T00:00:00Z',
      fires: ['2026-04-04T01:30:00+11:00', '2026-04-05T01:30:00+10:30', '2026-04-06T01:30:00+10:30'],
    },
  ];
  for (const row of table) {
    it(row.name, () => {
      const { forward, backward } = firesBothWays(row.cron, row.tz, row.from, row.to);
      assert.deepEqual(forward, row.fires, 'forward');
      assert.deepEqual(backward, row.fires, 'backward: the same fire times');
    });
  }

  it('previousFire(nextFire(t)) is t for every fire time of a DST year in several zones', () => {
    for (const [cron, tz] of [
      ['30 2 * * *', 'America/New_York'],
      ['0 * * * *', 'Europe/Zurich'],
      ['15,45 1-3 * * *', 'Australia/Lord_Howe'],
      ['0 2 * * 0', 'America/Santiago'],
    ] as const) {
      let t = nextFire(cron, tz, new Date('2026-01-01T00:00:00Z'));
      for (let i = 0; i < 400 && t.getFullYear() < 2027; i++) {
        const n = nextFire(cron, tz, t);
        assert.ok(n.getTime() > t.getTime(), `${cron} ${tz}: fire times increase after ${iso(t, tz)}`);
        assert.equal(previousFire(cron, tz, n).getTime(), t.getTime(), `${cron} ${tz}: previous of ${iso(n, tz)}`);
        t = n;
      }
    }
  });

  it('a Schedule firing at the first of two repeated 02:00s gets the interval ending at the second, and waits for it', async () => {
    // Zurich 2023-10-29: 02:00 happens at 00:00 UTC (+02:00) and again at 01:00 UTC (+01:00).
    const run = await scheduledRun('0 2 * * *', 'Europe/Zurich', '2023-10-29T00:00:00Z');
    assert.deepEqual(run.dataInterval, { start: '2023-10-28T02:00:00+02:00', end: '2023-10-29T02:00:00+01:00' });
    assert.equal(run.notBefore, '2023-10-29T01:00:00.000Z');
  });
});

describe('manual runs', () => {
  const daily = DAGS.find((d) => d.id === 'logs_warm_tier') as DagSpec;
  const hourly = DAGS.find((d) => d.id === 'logs_cold_tier') as DagSpec;
  const weekly: DagSpec = { ...daily, id: 'weekly_probe', schedule: { cron: '0 2 * * 0', timezone: SEOUL } };

  it('without a date, cover the last complete interval: at 10:30 an hourly DAG covers 09:00–10:00', () => {
    const run = manualRunInterval(hourly, undefined, new Date('2026-11-25T10:30:00+09:00'));
    assert.deepEqual(run, { logicalDate: '2026-11-25T09:00:00+09:00', dataInterval: { start: '2026-11-25T09:00:00+09:00', end: '2026-11-25T10:00:00+09:00' } });
  });

  it('--date <day> on a nightly DAG takes the whole interval that starts that day', () => {
    const run = manualRunInterval(daily, '2026-12-06', new Date());
    assert.deepEqual(run.dataInterval, { start: '2026-12-06T00:20:00+09:00', end: '2026-12-07T00:20:00+09:00' });
    assert.equal(run.logicalDate, '2026-12-06T00:20:00+09:00');
  });

  it('--date <time> takes the interval that contains it', () => {
    const run = manualRunInterval(hourly, '2026-12-06T09:30', new Date());
    assert.deepEqual(run.dataInterval, { start: '2026-12-06T09:00:00+09:00', end: '2026-12-06T10:00:00+09:00' });
  });

  it('--date <day> on a weekly DAG refuses a day no interval starts on, naming the nearest', () => {
    assert.throws(() => manualRunInterval(weekly, '2026-12-09', new Date()), /no interval .* starts on 2026-12-09; the nearest start at 2026-12-06T02:00:00\+09:00 and 2026-12-13T02:00:00\+09:00/);
    assert.equal(manualRunInterval(weekly, '2026-12-06', new Date()).logicalDate, '2026-12-06T02:00:00+09:00');
  });

  it('refuses text that is not a date', () => {
    assert.throws(() => manualRunInterval(daily, 'yesterday', new Date()), /"yesterday" is not a date/);
    assert.throws(() => manualRunInterval(daily, '2026-02-30', new Date()), /is not a date/);
  });
});
