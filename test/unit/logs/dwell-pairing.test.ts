import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildColdTierCsv, parseColdTierCsv } from '../../../activities/logs/cold-tier-csv';
import { dwellBucketOf, dwellHistograms, pairPageDwells, pairSessionDwells, type DwellEvent } from '../../../activities/logs/dwell-pairing';
import { priceBandOf, priceClickHistograms } from '../../../activities/logs/price-bands';
import type { LogEvent } from '../../../domain/events';

const T0 = Date.UTC(2007, 4, 10, 1, 0, 0);
let seq = 0;
function ev(type: string, atSeconds: number, sessionId: string, extra: Partial<DwellEvent> = {}): DwellEvent {
  seq += 1;
  return { type, timeMs: T0 + atSeconds * 1000, id: `e${String(seq).padStart(4, '0')}`, sessionId, userId: null, gender: null, ageBand: null, ...extra };
}
const member = { userId: 'kim01', gender: 'W', ageBand: 20 } as const;

describe('pairPageDwells', () => {
  it('takes the dwell a page_leave reports', () => {
    const { dwells, unpaired } = pairPageDwells([ev('page_view', 0, 's1'), ev('page_leave', 42, 's1', { dwellMs: 41_500 })]);
    assert.deepEqual(dwells.map((d) => d.ms), [41_500]);
    assert.equal(unpaired, 0);
  });

  it('closes a view without a leave at the next view of the same session, by the gap', () => {
    const { dwells } = pairPageDwells([ev('page_view', 100, 's1'), ev('page_view', 0, 's1'), ev('page_view', 5, 's2'), ev('page_leave', 130, 's1', { dwellMs: 30_000 })]);
    assert.deepEqual(dwells.map((d) => d.ms).sort((a, b) => a - b), [30_000, 100_000]);
  });

  it('counts the last view of a session that nothing closes as unpaired', () => {
    const { dwells, unpaired } = pairPageDwells([ev('page_view', 0, 's1'), ev('page_leave', 3, 's1', { dwellMs: 3000 }), ev('page_view', 4, 's1')]);
    assert.equal(dwells.length, 1);
    assert.equal(unpaired, 1);
  });

  it('keeps the dimensions of the closing leave', () => {
    const { dwells } = pairPageDwells([ev('page_view', 0, 's1'), ev('page_leave', 3, 's1', { ...member, dwellMs: 3000 })]);
    assert.deepEqual(dwells, [{ ms: 3000, gender: 'W', ageBand: 20 }]);
  });
});

describe('pairSessionDwells', () => {
  it('measures login → logout of the same session and member', () => {
    const { dwells, unpaired } = pairSessionDwells([ev('login', 0, 's1', member), ev('menu_click', 10, 's1', member), ev('logout', 600, 's1', member)]);
    assert.deepEqual(dwells, [{ ms: 600_000, gender: 'W', ageBand: 20 }]);
    assert.equal(unpaired, 0);
  });

  it('leaves a logout without a login that day and a login never closed unpaired', () => {
    const { dwells, unpaired } = pairSessionDwells([ev('logout', 5, 's1', member), ev('login', 10, 's2', member)]);
    assert.equal(dwells.length, 0);
    assert.equal(unpaired, 2);
  });

  it('drops a login followed by another login before the logout', () => {
    const { dwells, unpaired } = pairSessionDwells([ev('login', 0, 's1', member), ev('login', 60, 's1', member), ev('logout', 90, 's1', member)]);
    assert.deepEqual(dwells.map((d) => d.ms), [30_000]);
    assert.equal(unpaired, 1);
  });

  it('does not pair events of different sessions', () => {
    const { dwells } = pairSessionDwells([ev('login', 0, 's1', member), ev('logout', 60, 's2', member)]);
    assert.equal(dwells.length, 0);
  });
});

describe('dwell buckets', () => {
  it('puts each bound in the bucket above it', () => {
    assert.deepEqual([0, 9_999, 10_000, 29_999, 30_000, 60_000, 180_000, 600_000, 1_800_000, 3_599_999, 3_600_000, 86_400_000].map(dwellBucketOf), [0, 0, 1, 1, 2, 3, 4, 5, 6, 6, 7, 7]);
  });

  it('buckets per gender × age band, anonymous last, with counts and totals', () => {
    const h = dwellHistograms([
      { ms: 5000, gender: null, ageBand: null },
      { ms: 20_000, gender: 'W', ageBand: 20 },
      { ms: 25_000, gender: 'W', ageBand: 20 },
      { ms: 4_000_000, gender: 'M', ageBand: 60 },
    ]);
    assert.deepEqual(
      h.map((x) => [x.gender, x.ageBand, x.buckets, x.count, x.total]),
      [
        ['M', 60, [0, 0, 0, 0, 0, 0, 0, 1], 1, 4_000_000],
        ['W', 20, [0, 2, 0, 0, 0, 0, 0, 0], 2, 45_000],
        [null, null, [1, 0, 0, 0, 0, 0, 0, 0], 1, 5000],
      ],
    );
  });
});

describe('price bands', () => {
  it('bands unit prices, a missing price in its own band', () => {
    assert.deepEqual([0, 499.9, 500, 1000, 1999, 2000, 5000, null].map(priceBandOf), [0, 0, 1, 2, 2, 3, 4, 5]);
  });

  it('counts clicks per band and member group', () => {
    const [w] = priceClickHistograms([
      { unitPrice: 300, gender: 'W', ageBand: 30 },
      { unitPrice: null, gender: 'W', ageBand: 30 },
    ]);
    assert.deepEqual(w?.buckets, [1, 0, 0, 0, 0, 1]);
    assert.equal(w?.total, 300);
  });
});

describe('parseColdTierCsv', () => {
  it('reads back the events the cold tier wrote and counts rows that are not events', () => {
    const leave: LogEvent = { id: '00000000-0000-4000-8000-000000000001', type: 'page_leave', time: '2007-05-10T10:00:01+09:00', sessionId: 'sess-0001', page: '/', user: { userId: 'kim01', gender: 'W', ageBand: 20, region: 'seoul' }, data: { dwellMs: 1234 } };
    const csv = `${buildColdTierCsv([leave])}not-a-uuid,2007-05-10T10:00:02+09:00,page_view,sess-0001,/,,,,,{}\n`;
    const parsed = parseColdTierCsv(csv);
    assert.deepEqual(parsed.events, [leave]);
    assert.equal(parsed.malformed, 1);
  });
});
