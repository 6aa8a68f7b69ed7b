import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cronTicks, formatInZone, intervalEndingAt, intervalStartingAt, nextTicks, parseDateInZone, previousTick } from '../../../schedules/cron';

const SEOUL = 'Asia/Seoul';

describe('cron in Asia/Seoul', () => {
  it('fires the Sunday 02:00 KST product refresh at 17:00 UTC on Saturday', () => {
    const [first, second] = nextTicks('0 2 * * 0', SEOUL, new Date('2026-11-24T12:00:00+09:00'), 2);
    assert.equal(first?.toISOString(), '2026-11-28T17:00:00.000Z');
    assert.equal(second?.toISOString(), '2026-12-05T17:00:00.000Z');
  });

  it('renders times with the +09:00 offset, never as Z', () => {
    assert.equal(formatInZone(new Date('2026-11-28T17:00:00Z'), SEOUL), '2026-11-29T02:00:00+09:00');
    assert.equal(formatInZone(new Date('2026-12-31T15:30:00Z'), SEOUL), '2027-01-01T00:30:00+09:00');
    assert.equal(formatInZone(new Date('2026-07-01T12:00:00Z'), 'UTC'), '2026-07-01T12:00:00+00:00');
  });

  it('gives a scheduled run the interval that ends at its fire time, and the logical date of its start', () => {
    const { start, end } = intervalEndingAt('0 * * * *', SEOUL, new Date('2026-11-24T14:00:00+09:00'));
    assert.equal(formatInZone(start, SEOUL), '2026-11-24T13:00:00+09:00');
    assert.equal(formatInZone(end, SEOUL), '2026-11-24T14:00:00+09:00');
  });

  it('lists backfill logical dates inclusively and across a month end', () => {
    const ticks = cronTicks('0 0 * * *', SEOUL, new Date('2026-02-27T00:00:00+09:00'), new Date('2026-03-02T00:00:00+09:00'));
    assert.deepEqual(ticks.map((t) => formatInZone(t, SEOUL).slice(0, 10)), ['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
    const day = intervalStartingAt('0 0 * * *', SEOUL, ticks[1] as Date);
    assert.equal(formatInZone(day.end, SEOUL), '2026-03-01T00:00:00+09:00');
  });
});

describe('parseDateInZone', () => {
  it('reads a bare date as midnight in the zone', () => {
    assert.equal(parseDateInZone('2026-03-01', SEOUL)?.toISOString(), '2026-02-28T15:00:00.000Z');
  });

  it('reads wall times and full ISO times', () => {
    assert.equal(parseDateInZone('2026-11-24T13:00', SEOUL)?.toISOString(), '2026-11-24T04:00:00.000Z');
    assert.equal(parseDateInZone('2026-11-24T13:00:00+09:00', 'UTC')?.toISOString(), '2026-11-24T04:00:00.000Z');
    assert.equal(parseDateInZone('2026-07-01T02:30', 'America/New_York')?.toISOString(), '2026-07-01T06:30:00.000Z');
    assert.equal(parseDateInZone('2026-01-15T02:30', 'America/New_York')?.toISOString(), '2026-01-15T07:30:00.000Z');
  });

  it('refuses impossible or ambiguous input', () => {
    assert.equal(parseDateInZone('2026-02-30', SEOUL), undefined);
    assert.equal(parseDateInZone('yesterday', SEOUL), undefined);
    assert.equal(parseDateInZone('2026-11-24T13:00:00', 'UTC')?.toISOString(), '2026-11-24T13:00:00.000Z');
  });
});

describe('manual runs', () => {
  it('cover the last complete interval: at 10:30 an hourly DAG covers 09:00–10:00', () => {
    const at = new Date('2026-11-25T10:30:00+09:00');
    const end = previousTick('0 * * * *', SEOUL, new Date(at.getTime() + 1));
    const { start } = intervalEndingAt('0 * * * *', SEOUL, end);
    assert.equal(formatInZone(start, SEOUL), '2026-11-25T09:00:00+09:00');
    assert.equal(formatInZone(end, SEOUL), '2026-11-25T10:00:00+09:00');
  });
});
