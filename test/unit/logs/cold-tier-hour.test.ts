import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCiaoError } from '../../../domain/errors';
import { coldTierHourOf, scanWindowOf } from '../../../activities/logs/cold-tier-hour';

describe('coldTierHourOf', () => {
  it('covers the Korea-time hour of the logical date, with its partition path', () => {
    const hour = coldTierHourOf('2026-11-25T10:00:00+09:00');
    assert.equal(hour.dt, '2026-11-25');
    assert.equal(hour.hour, 10);
    assert.equal(hour.startMs, Date.parse('2026-11-25T10:00:00+09:00'));
    assert.equal(hour.endMs, Date.parse('2026-11-25T11:00:00+09:00'));
    assert.equal(hour.path, '/ciao/logs/raw/dt=2026-11-25/hour=10/part-0000.csv');
  });

  it('puts a manual run in the middle of an hour in that whole hour', () => {
    assert.equal(coldTierHourOf('2026-11-25T10:37:12+09:00').startMs, Date.parse('2026-11-25T10:00:00+09:00'));
  });

  it('uses the Korea-time day, whatever offset the date is written in', () => {
    const hour = coldTierHourOf('2026-02-28T15:30:00Z');
    assert.deepEqual([hour.dt, hour.hour], ['2026-03-01', 0]);
    assert.equal(hour.path, '/ciao/logs/raw/dt=2026-03-01/hour=00/part-0000.csv');
  });

  it('rejects a text that is not a date', () => {
    assert.throws(() => coldTierHourOf('yesterday'), (err: unknown) => isCiaoError(err, 'ValidationFailed'));
  });
});

describe('scanWindowOf', () => {
  const hour = coldTierHourOf('2026-11-25T10:00:00+09:00');

  it('scans produce times from before the hour to well after it', () => {
    const w = scanWindowOf(hour, { beforeMinutes: 15, afterMinutes: 60 });
    assert.equal(w.fromMs, Date.parse('2026-11-25T09:45:00+09:00'));
    assert.equal(w.toMs, Date.parse('2026-11-25T12:00:00+09:00'));
  });

  it('takes an explicit window for events produced far from their hour (a replay)', () => {
    const w = scanWindowOf(hour, { beforeMinutes: 15, afterMinutes: 60, from: '2026-12-01T08:00:00+09:00', to: '2026-12-01T09:00:00Z' });
    assert.equal(w.fromMs, Date.parse('2026-12-01T08:00:00+09:00'));
    assert.equal(w.toMs, Date.parse('2026-12-01T09:00:00Z'));
  });

  it('rejects a window without an offset or that ends before it starts', () => {
    assert.throws(() => scanWindowOf(hour, { beforeMinutes: 0, afterMinutes: 0, from: '2026-12-01T08:00:00' }), (err: unknown) => isCiaoError(err, 'ValidationFailed') && /scanFrom/.test(err.message));
    assert.throws(() => scanWindowOf(hour, { beforeMinutes: 0, afterMinutes: 0, from: '2026-12-02T00:00:00+09:00', to: '2026-12-01T00:00:00+09:00' }), (err: unknown) => isCiaoError(err, 'ValidationFailed'));
  });
});
