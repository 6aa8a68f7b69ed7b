import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SEOUL_OFFSET_MS, seoulDate, seoulIsoSeconds, seoulIsoTime, seoulMinute, seoulWallClock } from '../../../domain/korea-time';
import { formatInZone } from '../../../schedules/zone-time';

const at = (iso: string) => new Date(iso);

describe('SEOUL_OFFSET_MS', () => {
  it('is nine hours', () => {
    assert.equal(SEOUL_OFFSET_MS, 9 * 60 * 60 * 1000);
  });

  it('agrees with the time-zone database at any time of year from 1989 on (the last summer time was 1988)', () => {
    // One instant every 1000 hours + 17 minutes from 1989 to 2040 walks through every season and hour of day.
    const step = 1000 * 3_600_000 + 17 * 60_000;
    for (let ms = Date.UTC(1989, 0, 1); ms < Date.UTC(2040, 0, 1); ms += step) {
      assert.equal(formatInZone(new Date(ms), 'Asia/Seoul').slice(19), '+09:00', new Date(ms).toISOString());
    }
  });
});

describe('seoulWallClock', () => {
  it('reads Korea time in its UTC fields', () => {
    const wall = seoulWallClock(Date.parse('2026-11-24T15:07:30.045Z'));
    assert.equal(wall.toISOString(), '2026-11-25T00:07:30.045Z');
    assert.deepEqual([wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate(), wall.getUTCHours()], [2026, 10, 25, 0]);
  });

  it('goes back to the instant by subtracting the offset', () => {
    const ms = Date.parse('2026-03-01T00:30:00+09:00');
    assert.equal(seoulWallClock(ms).getTime() - SEOUL_OFFSET_MS, ms);
  });
});

describe('seoulDate', () => {
  it('turns the day at Korea midnight, which is 15:00 UTC the day before', () => {
    assert.equal(seoulDate(at('2026-11-24T14:59:59.999Z')), '2026-11-24');
    assert.equal(seoulDate(at('2026-11-24T15:00:00.000Z')), '2026-11-25');
  });

  it('keeps the whole Korea day together although it spans two UTC days', () => {
    assert.equal(seoulDate(at('2026-11-25T00:00:00+09:00')), '2026-11-25');
    assert.equal(seoulDate(at('2026-11-25T23:59:59.999+09:00')), '2026-11-25');
  });

  it('rolls over the month, in short months and in February of leap and common years', () => {
    assert.equal(seoulDate(at('2026-04-30T14:59:59.999Z')), '2026-04-30');
    assert.equal(seoulDate(at('2026-04-30T15:00:00.000Z')), '2026-05-01');
    assert.equal(seoulDate(at('2026-02-28T15:00:00.000Z')), '2026-03-01');
    assert.equal(seoulDate(at('2024-02-28T15:00:00.000Z')), '2024-02-29');
    assert.equal(seoulDate(at('2024-02-29T15:00:00.000Z')), '2024-03-01');
  });

  it('rolls over the year at Korea midnight on New Year’s Eve', () => {
    assert.equal(seoulDate(at('2026-12-31T14:59:59.999Z')), '2026-12-31');
    assert.equal(seoulDate(at('2026-12-31T15:00:00.000Z')), '2027-01-01');
  });

  it('agrees with a time-zone formatter', () => {
    for (const iso of ['1989-05-08T15:00:00Z', '2000-01-01T00:00:00Z', '2026-06-30T15:00:00Z', '2039-12-31T14:59:59Z']) {
      assert.equal(seoulDate(at(iso)), formatInZone(at(iso), 'Asia/Seoul').slice(0, 10), iso);
    }
  });
});

describe('seoulIsoTime', () => {
  it('writes Korea wall time with milliseconds and +09:00', () => {
    assert.equal(seoulIsoTime(at('2026-11-25T00:15:00.123Z')), '2026-11-25T09:15:00.123+09:00');
  });

  it('crosses midnight, the month and the year on the Korea clock', () => {
    assert.equal(seoulIsoTime(at('2026-11-24T14:59:59.999Z')), '2026-11-24T23:59:59.999+09:00');
    assert.equal(seoulIsoTime(at('2026-11-24T15:00:00.000Z')), '2026-11-25T00:00:00.000+09:00');
    assert.equal(seoulIsoTime(at('2024-02-29T15:00:00.001Z')), '2024-03-01T00:00:00.001+09:00');
    assert.equal(seoulIsoTime(at('2026-12-31T15:00:00.000Z')), '2027-01-01T00:00:00.000+09:00');
  });

  it('names the same instant', () => {
    for (const iso of ['2026-12-31T14:59:59.999Z', '2026-12-31T15:00:00.000Z', '1990-06-01T00:00:00.001Z']) {
      assert.equal(Date.parse(seoulIsoTime(at(iso))), Date.parse(iso), iso);
    }
  });
});

describe('seoulIsoSeconds and seoulMinute', () => {
  it('cut the Korea wall time to the second (with +09:00) and to the minute', () => {
    assert.equal(seoulIsoSeconds(at('2026-11-24T14:59:59.999Z')), '2026-11-24T23:59:59+09:00');
    assert.equal(seoulIsoSeconds(at('2026-12-31T15:00:00.000Z')), '2027-01-01T00:00:00+09:00');
    assert.equal(seoulMinute(at('2026-11-24T14:59:59.999Z')), '2026-11-24T23:59');
    assert.equal(seoulMinute(at('2024-02-29T15:00:00.000Z')), '2024-03-01T00:00');
  });
});
