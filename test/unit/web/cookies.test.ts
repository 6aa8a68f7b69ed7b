import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCookies, serializeCookie } from '../../../web/sessions/cookies';

describe('parseCookies', () => {
  it('reads name=value pairs separated by semicolons', () => {
    const c = parseCookies('ciao_sid=abc-_123; theme=dark');
    assert.equal(c.get('ciao_sid'), 'abc-_123');
    assert.equal(c.get('theme'), 'dark');
  });

  it('keeps the first of duplicated names and decodes escapes', () => {
    const c = parseCookies('a=1; a=2; b=%ED%95%9C; q="quoted"');
    assert.equal(c.get('a'), '1');
    assert.equal(c.get('b'), '한');
    assert.equal(c.get('q'), 'quoted');
  });

  it('ignores malformed parts and a missing header', () => {
    assert.equal(parseCookies(undefined).size, 0);
    const c = parseCookies('junk; =x; ok=1; bad=%E0%A4%A');
    assert.deepEqual([...c.keys()], ['ok', 'bad']);
    assert.equal(c.get('bad'), '%E0%A4%A');
  });
});

describe('serializeCookie', () => {
  it('defaults to HttpOnly, SameSite=Lax, Path=/ and a browser-session cookie', () => {
    assert.equal(serializeCookie('ciao_sid', 'v1'), 'ciao_sid=v1; Path=/; HttpOnly; SameSite=Lax');
  });

  it('adds Secure when asked and deletes with Max-Age=0', () => {
    assert.equal(serializeCookie('s', '', { maxAgeS: 0, secure: true }), 's=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax; Secure');
  });

  it('refuses a name that would break the header', () => {
    assert.throws(() => serializeCookie('a;b', 'v'));
  });
});
