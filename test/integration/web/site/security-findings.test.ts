/**
 * Issue 19: each weak spot the fuzz run found, as the request that found it, and a rerun of the fuzz families
 * (wrong methods, invalid UTF-8, traversal, long paths, hostile JSON, wrong content types, open-redirect and
 * CRLF payloads): no 5xx, and every response carries the project's headers and error shape and echoes no input.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { loadConfig } from '../../../../infra/config';
import { buildApp } from '../../../../web/app';
import { listen } from '../../../support/browser';
import { useStores } from '../../../support/stores';
import { Browser, removeTestUsers, sessionCookieOf, signupFields, testApp, testUserId } from '../../../support/web';

const { stores } = useStores();

/** The headers every response must carry. */
function assertProjectHeaders(res: LightMyRequestResponse, what: string): void {
  assert.match(String(res.headers['content-security-policy']), /default-src 'self'/, `${what}: CSP`);
  assert.equal(res.headers['x-content-type-options'], 'nosniff', `${what}: nosniff`);
  assert.equal(res.headers['x-frame-options'], 'DENY', `${what}: frame options`);
}

/** A JSON error must be exactly `{ code, message }` with a Korean message. */
function assertErrorShape(res: LightMyRequestResponse, what: string): void {
  const body = res.json<Record<string, unknown>>();
  assert.deepEqual(Object.keys(body).sort(), ['code', 'message'], `${what}: ${res.body}`);
  assert.match(String(body.message), /[\uAC00-\uD7A3]/, `${what}: a Korean message`);
}

describe('security findings of the fuzz run (real Redis, FerretDB)', () => {
  let app: FastifyInstance;

  async function member(): Promise<{ userId: string; browser: Browser }> {
    const userId = testUserId('sf');
    const browser = new Browser(app);
    assert.equal((await browser.signup(signupFields(userId))).statusCode, 303);
    return { userId, browser };
  }

  before(async () => {
    ({ app } = await testApp(stores));
  });
  after(async () => {
    await app.close();
    await removeTestUsers(stores);
  });

  it('1. redirects a logged-in member to a `next` above U+00FF, percent-encoded, instead of a 500', async () => {
    const { browser } = await member();
    for (const [raw, encoded] of [
      ['%C4%80', '/%C4%80'],
      ['%E3%80%82', '/%E3%80%82'],
      ['%EF%BC%8F%EF%BC%8F', '/%EF%BC%8F%EF%BC%8F'],
      ['%E2%80%A8', '/%E2%80%A8'],
      ['%F0%9F%98%80', '/%F0%9F%98%80'],
    ] as const) {
      const res = await browser.get(`/login?next=/${raw}`);
      assert.equal(res.statusCode, 303, raw);
      assert.equal(res.headers.location, encoded, raw);
    }
  });

  it('1. logs in with such a `next` and the cookie reaches the browser', async () => {
    const { userId } = await member();
    const browser = new Browser(app);
    await browser.get('/login');
    const before = browser.sid;
    const res = await browser.postForm('/login', { userId, password: 'greenbottle1', next: '/Ā' });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/%C4%80');
    const sid = sessionCookieOf(res);
    assert.ok(sid && sid !== before, 'the new session cookie is set');
  });

  it('2. cuts off a body that never finishes (408 or closed) within the request timeout', async () => {
    const slow = await buildApp({ config: loadConfig({ ...process.env, WEB_REQUEST_TIMEOUT_S: '2' }), stores, logger: false });
    try {
      const base = new URL(await listen(slow));
      const started = Date.now();
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(Number(base.port), base.hostname, () => {
          socket.write('POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nuserId=a&password=b&' + 'x'.repeat(30));
        });
        let received = '';
        socket.on('data', (chunk) => (received += chunk.toString()));
        socket.on('close', () => resolve(received));
        socket.on('error', reject);
        setTimeout(() => {
          socket.destroy();
          reject(new Error('still open after 10 s'));
        }, 10_000).unref();
      });
      const waited = Date.now() - started;
      assert.ok(waited < 6000, `closed after ${waited} ms`);
      assert.ok(answer === '' || /^HTTP\/1\.1 408/.test(answer), answer.slice(0, 100));
    } finally {
      await slow.close();
    }
  });

  it('3. answers framework errors through the error handler: headers, {code, message}, nothing echoed', async () => {
    const cases: [string, number][] = [
      ['/%C0%AF', 400],
      [`/menu/${'a'.repeat(300)}`, 400],
      [`/menu/${'a'.repeat(2000)}`, 414],
      ['/static/..%2Fpackage.json', 400],
      [`/${'b'.repeat(300)}/x`, 404],
    ];
    for (const [url, status] of cases) {
      for (const accept of ['application/json', 'text/html']) {
        const res = await app.inject({ method: 'GET', url, headers: { accept } });
        assert.equal(res.statusCode, status, `${url.slice(0, 30)} ${accept}`);
        assertProjectHeaders(res, url.slice(0, 30));
        assert.ok(!res.body.includes('package.json') && !res.body.includes('%C0%AF') && !res.body.includes('aaaaaaaaaa') && !res.body.includes('bbbbbbbbbb'), `${url.slice(0, 30)} echoes no input`);
        assert.ok(!res.body.includes('FST_'), 'no framework code');
        if (accept === 'application/json') assertErrorShape(res, url.slice(0, 30));
      }
    }
  });

  it('4. checks admin access before routing and parsing: long ids and broken bodies learn nothing', async () => {
    const anonymous = async (method: 'GET' | 'POST', url: string, payload?: string) =>
      app.inject({ method, url, ...(payload === undefined ? {} : { payload, headers: { 'content-type': 'application/json' } }) });
    assert.equal((await anonymous('GET', `/admin/dags/${'a'.repeat(101)}`)).statusCode, 303);
    assert.equal((await anonymous('GET', `/admin/nothere/${'a'.repeat(101)}`)).statusCode, 303);
    const broken = await anonymous('POST', '/admin/api/logs/live', '{');
    assert.equal(broken.statusCode, 401);
    assertErrorShape(broken, 'broken admin body');
    const { browser } = await member();
    assert.equal((await browser.fetch(`/admin/dags/${'a'.repeat(101)}`)).statusCode, 403, 'a member: 403 whatever the path');
  });

  it('5. never caches /api/me', async () => {
    const { browser } = await member();
    const me = await browser.fetch('/api/me');
    assert.equal(me.statusCode, 200);
    assert.equal(me.headers['cache-control'], 'no-store');
  });

  it('6. tells visitors only the health status; details go to local callers and admins', async () => {
    for (const url of ['/healthz', '/readyz']) {
      const outside = await app.inject({ method: 'GET', url, remoteAddress: '203.0.113.9' });
      assert.deepEqual(Object.keys(outside.json<Record<string, unknown>>()), ['status'], url);
      const proxied = await app.inject({ method: 'GET', url, headers: { 'x-forwarded-for': '203.0.113.9' } });
      assert.deepEqual(Object.keys(proxied.json<Record<string, unknown>>()), ['status'], `${url} through a local proxy`);
      const local = await app.inject({ method: 'GET', url });
      assert.ok('services' in local.json<Record<string, unknown>>(), `${url} on this machine`);
    }
  });

  it('7. limits the anonymous sessions one address opens per minute; pages still render', async () => {
    const limited = await buildApp({ config: loadConfig({ ...process.env, ANON_SESSIONS_PER_MIN: '3' }), stores, logger: false });
    try {
      const cookies: (string | undefined)[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await limited.inject({ method: 'GET', url: '/', remoteAddress: '198.51.100.7' });
        assert.equal(res.statusCode, 200);
        cookies.push(sessionCookieOf(res));
      }
      assert.equal(cookies.filter(Boolean).length, 3, 'three sessions, then pages without one');
      const other = await limited.inject({ method: 'GET', url: '/', remoteAddress: '198.51.100.8' });
      assert.ok(sessionCookieOf(other), 'another address is not affected');
    } finally {
      await limited.close();
    }
  });

  it('8. compares the Origin by scheme, host and port', async () => {
    const { browser } = await member();
    const https = await browser.postForm('/mypage/profile', { name: '김지구', email: 'a@example.com', phone: '010-1234-5678', region: 'seoul' }, { origin: 'https://localhost:80' });
    assert.equal(https.statusCode, 403, 'https origin for an http site');
    const same = await browser.postForm('/mypage/profile', { name: '김지구', email: 'a@example.com', phone: '010-1234-5678', region: 'seoul' }, { origin: 'http://localhost:80' });
    assert.equal(same.statusCode, 303);
  });

  it('8. refuses a beacon page with markup or control characters, and __proto__ in a text/plain beacon', async () => {
    const { browser } = await member();
    for (const page of ['/a<script>', '/a\u0007b', '/a"onmouseover=x']) {
      const res = await browser.postJson('/api/events', { _csrf: browser.csrf, events: [{ type: 'page_leave', page, data: { dwellMs: 1 } }] });
      assert.equal(res.statusCode, 400, JSON.stringify(page));
      assertErrorShape(res, 'beacon page');
    }
    const proto = await app.inject({
      method: 'POST',
      url: '/api/events',
      remoteAddress: browser.ip,
      headers: { 'content-type': 'text/plain;charset=UTF-8', cookie: `ciao_sid=${browser.sid ?? ''}` },
      payload: `{"_csrf":"${browser.csrf}","events":[{"type":"page_leave","page":"/","data":{"dwellMs":1}}],"__proto__":{"x":1}}`,
    });
    assert.equal(proto.statusCode, 400);
  });

  it('8. refuses unknown fields and numbers where strings belong with a clear 400', async () => {
    const browser = new Browser(app);
    await browser.get('/login');
    const extra = await browser.postJson('/login', { userId: 'someone', password: 'x', role: 'admin' });
    assert.equal(extra.statusCode, 400);
    assertErrorShape(extra, 'unknown field');
    const number = await browser.postJson('/login', { userId: 12345, password: 'x' });
    assert.equal(number.statusCode, 400);
    const form = await browser.postForm('/login', { userId: 'someone', password: 'x', isAdmin: '1' });
    assert.equal(form.statusCode, 400);
  });

  it('fuzz families: no 5xx, the project headers everywhere, no stack trace, no echo', async () => {
    const browser = new Browser(app);
    await browser.get('/');
    const requests: { method: string; url: string; payload?: string; headers?: Record<string, string> }[] = [
      ...['PUT', 'DELETE', 'PATCH', 'OPTIONS'].map((method) => ({ method, url: '/' })),
      ...['/%FF', '/%C0%AF', '/%ED%A0%80', '/..%2F..%2Fetc%2Fpasswd', '/static/%2e%2e%2fapp.ts', '/admin/static/..%5Cx'].map((url) => ({ method: 'GET', url })),
      { method: 'GET', url: `/${'x'.repeat(5000)}` },
      { method: 'GET', url: `/login?next=${encodeURIComponent('//evil.example')}` },
      { method: 'GET', url: `/login?next=${encodeURIComponent('/\r\nSet-Cookie: x=1')}` },
      { method: 'POST', url: '/login', payload: '{"userId":{"$ne":null},"password":{"$ne":null}}', headers: { 'content-type': 'application/json' } },
      { method: 'POST', url: '/login', payload: '{"a":'.repeat(2000), headers: { 'content-type': 'application/json' } },
      { method: 'POST', url: '/login', payload: '{"__proto__":{"admin":true}}', headers: { 'content-type': 'application/json' } },
      { method: 'POST', url: '/signup', payload: '<xml/>', headers: { 'content-type': 'application/xml' } },
      { method: 'POST', url: '/api/events', payload: 'x'.repeat(2 * 1024 * 1024), headers: { 'content-type': 'application/json' } },
      { method: 'POST', url: '/api/events', payload: '\u0000\u0001', headers: { 'content-type': 'text/plain' } },
      { method: 'GET', url: '/mypage', headers: { cookie: `ciao_sid=${'A'.repeat(43)}` } },
      { method: 'GET', url: '/admin/api/logs/live?date=2026-13-40' },
    ];
    for (const r of requests) {
      const res = await app.inject({ method: r.method as 'GET', url: r.url, remoteAddress: browser.ip, ...(r.payload === undefined ? {} : { payload: r.payload }), headers: { ...(r.headers ?? {}) } });
      const what = `${r.method} ${r.url.slice(0, 40)}`;
      assert.ok(res.statusCode < 500, `${what}: ${res.statusCode} ${res.body.slice(0, 200)}`);
      assertProjectHeaders(res, what);
      assert.ok(!/\bat .+\.(ts|js):\d+/.test(res.body), `${what}: no stack trace`);
      assert.ok(!res.body.includes('FST_') && !res.body.includes('evil.example') && !res.body.includes('passwd'), `${what}: no echo`);
      assert.ok(!String(res.headers.location ?? '').includes('\n') && !('x' in (res.headers as Record<string, unknown>)), `${what}: no header injection`);
      if (String(res.headers['content-type'] ?? '').startsWith('application/json') && res.statusCode >= 400) assertErrorShape(res, what);
    }
  });
});
