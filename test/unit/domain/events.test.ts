import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eventKey, parseLogEvent } from '../../../domain/events';

const base = {
  id: '0b7e8a52-3f0c-4d9a-9d55-7a1f0e2c9b11',
  time: '2026-11-25T09:15:00+09:00',
  sessionId: 'sess-12345678',
  page: '/nolabel',
  user: { userId: 'kim01', gender: 'W', ageBand: 20, region: 'seoul' },
};

describe('log event schema', () => {
  it('accepts a member search and an anonymous page view', () => {
    const search = parseLogEvent({ ...base, type: 'search', data: { word: '생수' } });
    assert.ok(search.ok);
    const view = parseLogEvent(JSON.stringify({ ...base, type: 'page_view', user: { userId: null, gender: null, ageBand: null, region: null }, data: {} }));
    assert.ok(view.ok);
    if (view.ok) assert.equal(eventKey(view.event), 'sess-12345678', 'anonymous events are keyed by session');
    if (search.ok) assert.equal(eventKey(search.event), 'kim01');
  });

  it('rejects a time without an offset (KST must not be written as local time)', () => {
    const r = parseLogEvent({ ...base, time: '2026-11-25T09:15:00', type: 'login', data: {} });
    assert.equal(r.ok, false);
  });

  it('rejects unknown types, bad dimensions and extra fields, with reasons', () => {
    assert.equal(parseLogEvent({ ...base, type: 'purchase', data: {} }).ok, false);
    assert.equal(parseLogEvent({ ...base, type: 'login', user: { ...base.user, ageBand: 25 }, data: {} }).ok, false);
    assert.equal(parseLogEvent({ ...base, type: 'menu_click', data: { menu: 'shop' } }).ok, false);
    const extra = parseLogEvent({ ...base, type: 'login', data: {}, password: 'x' });
    assert.equal(extra.ok, false);
    if (!extra.ok) assert.ok(extra.errors.length > 0);
  });

  it('reports non-JSON input instead of throwing', () => {
    const r = parseLogEvent('{not json');
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.errors[0] ?? '', /not JSON/);
  });

  it('checks type-specific data: logout method, ecopoint service, lesswaste radius', () => {
    assert.ok(parseLogEvent({ ...base, type: 'logout', data: { method: 'session_expired' } }).ok);
    assert.equal(parseLogEvent({ ...base, type: 'logout', data: { method: 'timeout' } }).ok, false);
    assert.ok(parseLogEvent({ ...base, type: 'ecopoint', data: { service: 1, points: 20, imageId: 'img1', failCode: null } }).ok);
    assert.equal(parseLogEvent({ ...base, type: 'ecopoint', data: { service: 3, points: 20, imageId: null, failCode: null } }).ok, false);
    assert.equal(parseLogEvent({ ...base, type: 'lesswaste_search', data: { radiusKm: 50, lat: 37.5, lng: 127 } }).ok, false);
  });
});

describe('log event rejection reasons', () => {
  it('names the offending field, not just the union', () => {
    const r = parseLogEvent({ ...base, type: 'search', data: { word: '' } });
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.errors.join(' '), /\/data\/word/);
    const t = parseLogEvent({ ...base, type: 'purchase', data: {} });
    assert.equal(t.ok, false, 'an unknown type is rejected');
    if (!t.ok) assert.match(t.errors[0] ?? '', /unknown event type "purchase"/);
  });
});
