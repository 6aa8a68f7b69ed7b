import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseLogEvent } from '../../../domain/events';
import { formatInZone } from '../../../schedules/zone-time';
import { ANONYMOUS, buildEvent, seoulIsoTime } from '../../../web/events/build-event';

describe('seoulIsoTime', () => {
  it('writes Korea wall time with milliseconds and +09:00, as a time-zone formatter does', () => {
    for (const iso of ['2026-11-24T15:07:30.045Z', '2026-12-31T14:59:59.999Z', '2026-12-31T15:00:00.000Z', '2024-02-28T15:30:00.500Z', '1990-06-01T00:00:00.001Z']) {
      const at = new Date(iso);
      assert.equal(seoulIsoTime(at), `${formatInZone(at, 'Asia/Seoul').slice(0, 19)}.${iso.slice(20, 23)}+09:00`, iso);
    }
  });

  it('names the same instant', () => {
    const at = new Date('2026-11-24T15:07:30.045Z');
    assert.equal(Date.parse(seoulIsoTime(at)), at.getTime());
  });
});

describe('buildEvent', () => {
  it('builds a valid event stamped in Korea time', () => {
    const event = buildEvent('search', { word: '생수' }, { sessionId: 'session-0001', page: '/nolabel', user: ANONYMOUS }, new Date('2026-11-24T15:07:30.045Z'));
    assert.equal(event.time, '2026-11-25T00:07:30.045+09:00');
    assert.ok(parseLogEvent(event).ok);
  });
});
