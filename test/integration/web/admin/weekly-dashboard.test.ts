/**
 * The weekly dashboard on the real stack: the `dwell_times` activity reads hourly cold-tier CSVs written to
 * HDFS for a random day of 2007 and upserts its distributions into MongoDB `logs_daily`; known counter and
 * ranking documents are written beside them; the page's JSON and a CSV download must show exactly those
 * numbers. Everything written is removed afterwards.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildColdTierCsv } from '../../../../activities/logs/cold-tier-csv';
import { createDwellTimeActivities } from '../../../../activities/logs/dwell-times';
import { addDays } from '../../../../activities/logs/retention';
import type { LogEvent } from '../../../../domain/events';
import { COLLECTIONS, coldTierHourPath, HDFS_PATHS } from '../../../../infra/contracts';
import { buildApp } from '../../../../web/app';
import { findPanel } from '../../../../web/admin/dashboards/live-panels';
import type { WeeklyDashboard } from '../../../../web/admin/dashboards/weekly-tabs';
import { useStores } from '../../../support/stores';
import { loginAsAdmin, removeTestUsers, withTestAdmin, type Browser } from '../../../support/web';

const { config: storeConfig, stores } = useStores();
/** The pages are for admins: every request below comes from a fresh test user the app makes one. */
const { config, adminId } = withTestAdmin(storeConfig);
/** A random day of 2007 (no real data lives there), not in its first week so the 7 days stay in 2007. */
const day = addDays('2007-01-10', Math.floor(Math.random() * 350));
const first = addDays(day, -6);
const W20 = { userId: 'weekly-w20', gender: 'W', ageBand: 20, region: 'seoul' } as const;

function event(type: LogEvent['type'], time: string, sessionId: string, data: Record<string, unknown>, user: LogEvent['user'] = W20): LogEvent {
  return { id: randomUUID(), type, time: `${day}T${time}+09:00`, sessionId, page: '/', user, data } as LogEvent;
}
const anon = { userId: null, gender: null, ageBand: null, region: null };

describe(`weekly dashboard on MongoDB and HDFS (${first} – ${day})`, () => {
  let app: FastifyInstance;
  let admin: Browser;
  const col = () => stores.mongo.db.collection<{ _id: string; date: string }>(COLLECTIONS.logsDaily);
  let dwell: Awaited<ReturnType<ReturnType<typeof createDwellTimeActivities>['computeDwellTimes']>>;

  before(async () => {
    await col().deleteMany({ date: { $gte: first, $lte: day } });
    // Hour 10: a session of 12 minutes, two pages (one closed by its leave, one by the next view), a click.
    await stores.hdfs.hdfs.writeFile(
      `${coldTierHourPath(day, 10)}/part-0000.csv`,
      buildColdTierCsv([
        event('login', '10:00:00', 'sess-w20-1', {}),
        event('page_view', '10:00:01', 'sess-w20-1', {}),
        event('page_leave', '10:00:06', 'sess-w20-1', { dwellMs: 5000 }),
        event('page_view', '10:00:07', 'sess-w20-1', {}),
        event('page_view', '10:02:07', 'sess-w20-1', {}),
        event('product_click', '10:03:00', 'sess-w20-1', { productId: 'p1', name: '생수', volumeMl: 500, unitPrice: 650 }),
        event('page_view', '10:05:00', 'sess-anon-1', {}, anon),
        event('page_leave', '10:05:45', 'sess-anon-1', { dwellMs: 45_000 }, anon),
      ]),
    );
    await stores.hdfs.hdfs.writeFile(`${coldTierHourPath(day, 11)}/part-0000.csv`, buildColdTierCsv([event('logout', '10:12:00', 'sess-w20-1', { method: 'button' })]));
    const activities = createDwellTimeActivities(stores);
    const ctx = { dagId: 'logs_warm_tier', runId: `dag:logs_warm_tier:test-${randomUUID()}`, taskId: 'dwell_times', logicalDate: `${day}T00:00:00+09:00`, dataInterval: { start: `${day}T00:00:00+09:00`, end: `${addDays(day, 1)}T00:00:00+09:00` }, params: {}, tryNumber: 1 };
    dwell = await activities.computeDwellTimes({ args: {}, ctx });
    const loadedAt = new Date();
    await col().insertMany([
      { _id: `${first}|menu_click:nolabel|W|20|seoul`, date: first, metric: 'menu_click:nolabel', gender: 'W', ageBand: 20, region: 'seoul', value: 7, batch: 't', loadedAt },
      { _id: `${day}|menu_click:nolabel|M|30|busan`, date: day, metric: 'menu_click:nolabel', gender: 'M', ageBand: 30, region: 'busan', value: 2, batch: 't', loadedAt },
      { _id: `${day}|ecopoint:1|W|20|seoul`, date: day, metric: 'ecopoint:1', gender: 'W', ageBand: 20, region: 'seoul', value: 3, batch: 't', loadedAt },
      { _id: `${day}|ecopoint:2|W|20|seoul`, date: day, metric: 'ecopoint:2', gender: 'W', ageBand: 20, region: 'seoul', value: 1, batch: 't', loadedAt },
      { _id: `${day}|search_rank|all`, date: day, metric: 'search_rank', dim: 'all', words: [{ word: '=생수', count: 4 }], batch: 't', loadedAt },
    ] as never[]);
    app = await buildApp({ config, stores, logger: false, events: { enabled: false } });
    admin = await loginAsAdmin(app, adminId);
  });

  after(async () => {
    await app?.close();
    await removeTestUsers(stores);
    await col().deleteMany({ date: { $gte: first, $lte: day } });
    await stores.hdfs.hdfs.delete(`${HDFS_PATHS.logsRaw}/dt=${day}`, { recursive: true });
  });

  it('reads the hours that exist, reports the missing ones, and pairs the dwells', () => {
    assert.equal(dwell.hoursRead, 2);
    assert.equal(dwell.missingHours.length, 22);
    assert.equal(dwell.pageDwells, 3);
    assert.equal(dwell.sessionDwells, 1);
    assert.equal(dwell.unpairedPages, 1);
    assert.equal(dwell.productClicks, 1);
  });

  it('serves the 7 days as JSON with the known numbers', async () => {
    const res = await admin.fetch(`/admin/api/logs/weekly?date=${day}`);
    assert.equal(res.statusCode, 200);
    const d = res.json<WeeklyDashboard>();
    assert.deepEqual(d.days[0], first);
    const series = (id: string) => {
      const p = findPanel(d, id);
      assert.ok(p?.kind === 'series', id);
      return Object.fromEntries(p.series.map((s) => [s.name, s.values]));
    };
    assert.deepEqual(series('weekly-menu-day')['무라벨'], [7, 0, 0, 0, 0, 0, 2]);
    // 5 s (leave) and 120 s (next view) for her, 45 s for the anonymous visitor.
    assert.deepEqual(series('weekly-dwell-pages')['여성'], [1, 0, 0, 1, 0, 0, 0, 0]);
    assert.deepEqual(series('weekly-dwell-pages')['비회원'], [0, 0, 1, 0, 0, 0, 0, 0]);
    assert.deepEqual(series('weekly-dwell-sessions')['여성'], [0, 0, 0, 0, 0, 1, 0, 0]);
    assert.deepEqual(series('weekly-price-bands')['여성'], [0, 1, 0, 0, 0, 0]);
    assert.equal(series('weekly-eco-share')['에코포인트1 비중']?.[6], 75);
  });

  it('downloads a panel as CSV with a BOM, formulas neutralised', async () => {
    const res = await admin.fetch(`/admin/logs/weekly/csv/weekly-top-words?date=${day}`);
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-disposition']), new RegExp(`ciao-weekly_weekly-top-words_${day}\\.csv`));
    assert.equal(res.body, '\uFEFF검색어,검색 수\r\n"\'=생수",4\r\n');
  });

  it('renders the page with a link to the live dashboard, and a rerun replaces the day', async () => {
    const res = await admin.fetch(`/admin/logs/weekly?date=${day}&tab=dwell`);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /href="\/admin\/logs\/live"/);
    assert.match(res.body, /data-panel="weekly-dwell-pages"/);
    const before = await col().countDocuments({ date: day, kind: 'dwell' });
    const ctx = { dagId: 'logs_warm_tier', runId: `dag:logs_warm_tier:rerun-${randomUUID()}`, taskId: 'dwell_times', logicalDate: `${day}T00:00:00+09:00`, dataInterval: { start: `${day}T00:00:00+09:00`, end: `${addDays(day, 1)}T00:00:00+09:00` }, params: {}, tryNumber: 1 };
    await createDwellTimeActivities(stores).computeDwellTimes({ args: {}, ctx });
    assert.equal(await col().countDocuments({ date: day, kind: 'dwell' }), before);
  });
});
