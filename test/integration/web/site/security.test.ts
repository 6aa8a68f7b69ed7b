import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { COLLECTIONS } from '../../../../infra/contracts';
import { useStores } from '../../../support/stores';
import { Browser, removeTestUsers, sessionCookieOf, signupFields, testApp, testUserId, watchEvents, type EventWatch } from '../../../support/web';

const { stores } = useStores();
const users = () => stores.mongo.db.collection(COLLECTIONS.users);

let app: FastifyInstance;
let watch: EventWatch;

/** A member signed up and logged in, with a browser holding their session. */
async function member(overrides: Record<string, string> = {}): Promise<{ userId: string; browser: Browser }> {
  const userId = testUserId('s');
  const browser = new Browser(app);
  const signup = await browser.signup(signupFields(userId, overrides));
  assert.equal(signup.statusCode, 303, signup.body.slice(0, 300));
  const login = await browser.login(userId);
  assert.equal(login.statusCode, 303);
  return { userId, browser };
}

describe('web security (real Redis, FerretDB, Kafka)', () => {
  before(async () => {
    watch = await watchEvents(stores.kafka.kafka);
    ({ app } = await testApp(stores));
  });
  after(async () => {
    await app.close();
    await watch.stop();
    await removeTestUsers(stores);
  });

  describe('NoSQL injection on login', () => {
    it('refuses {"$ne": null} as a JSON password with 400 and logs no one in', async () => {
      const { userId } = await member();
      const attacker = new Browser(app);
      await attacker.get('/login');
      const res = await attacker.postJson('/login', { userId, password: { $ne: null } });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json<{ code: string }>().code, 'ValidationFailed');
      assert.ok(!JSON.stringify(res.json()).includes('at '), 'no stack trace');
      const me = await app.inject({ method: 'GET', url: '/api/me', headers: { cookie: `ciao_sid=${attacker.sid}` } });
      assert.equal(me.statusCode, 401);
    });

    it('refuses an operator in the user id too', async () => {
      const attacker = new Browser(app);
      await attacker.get('/login');
      const res = await attacker.postJson('/login', { userId: { $gt: '' }, password: 'whatever1' });
      assert.equal(res.statusCode, 400);
    });

    it('refuses password[$ne]= as a form with 400 (brackets are not parsed into objects)', async () => {
      const { userId } = await member();
      const attacker = new Browser(app);
      await attacker.get('/login');
      const res = await attacker.postForm('/login', { userId, 'password[$ne]': '' });
      assert.equal(res.statusCode, 400);
      assert.notEqual(res.headers.location, '/mypage');
      const me = await app.inject({ method: 'GET', url: '/api/me', headers: { cookie: `ciao_sid=${attacker.sid}` } });
      assert.equal(me.statusCode, 401);
    });
  });

  it('escapes a script in profile fields wherever it is shown', async () => {
    const script = '<script>alert(1)</script>';
    const { browser } = await member({ name: script });
    const page = await browser.get('/mypage');
    assert.equal(page.statusCode, 200);
    assert.ok(!page.body.includes(script), 'the raw script never comes back');
    assert.match(page.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;님, 반가워요/);
    const form = await browser.get('/mypage/profile');
    assert.ok(!form.body.includes(script));
    assert.match(form.body, /value="&lt;script&gt;alert\(1\)&lt;\/script&gt;"/);
  });

  describe('one member cannot read or change another member’s data', () => {
    it('reads only the session’s own profile, whatever the request names', async () => {
      const alice = await member({ name: '앨리스' });
      const bob = await member({ name: '밥' });
      const me = await app.inject({ method: 'GET', url: `/api/me?userId=${alice.userId}`, headers: { cookie: `ciao_sid=${bob.browser.sid}` } });
      assert.equal(me.json<{ userId: string }>().userId, bob.userId);
      const page = await bob.browser.get(`/mypage?userId=${alice.userId}`);
      assert.ok(!page.body.includes(alice.userId));
      assert.equal((await app.inject({ method: 'GET', url: `/api/users/${alice.userId}` })).statusCode, 404);
    });

    it('changes only the session’s own profile even when the body names someone else', async () => {
      const alice = await member({ name: '앨리스' });
      const bob = await member({ name: '밥' });
      await bob.browser.get('/mypage/profile');
      const named = await bob.browser.postJson('/mypage/profile', { userId: alice.userId, name: '해커', email: 'h@example.com', phone: '010-0000-0000', region: 'ulsan' });
      assert.equal(named.statusCode, 400, 'a field the form does not have is refused, not ignored');
      const res = await bob.browser.postJson('/mypage/profile', { name: '해커', email: 'h@example.com', phone: '010-0000-0000', region: 'ulsan' });
      assert.equal(res.statusCode, 200);
      assert.equal(res.json<{ userId: string }>().userId, bob.userId);
      const aliceDoc = await users().findOne({ userId: alice.userId });
      assert.equal(aliceDoc?.name, '앨리스');
      assert.equal((await users().findOne({ userId: bob.userId }))?.name, '해커');
    });

    it('does not let a logged-out visitor read or change a profile', async () => {
      const visitor = new Browser(app);
      await visitor.get('/');
      assert.equal((await visitor.postJson('/mypage/profile', { name: 'x', email: 'x@example.com', phone: '010-0000-0000', region: 'seoul' })).statusCode, 401);
      assert.equal((await app.inject({ method: 'GET', url: '/api/me' })).statusCode, 401);
    });
  });

  it('answers 413 to an oversized body', async () => {
    const browser = new Browser(app);
    await browser.get('/login');
    const res = await browser.postJson('/login', { userId: 'kim', password: 'x'.repeat(2 * 1024 * 1024) });
    assert.equal(res.statusCode, 413);
    assert.equal(res.json<{ code: string }>().code, 'PayloadTooLarge');
    const form = await browser.postForm('/signup', { name: 'y'.repeat(2 * 1024 * 1024) });
    assert.equal(form.statusCode, 413);
    assert.match(form.body, /보낸 내용이 너무 커요/);
  });

  describe('login throttling', () => {
    it('answers 429 with Retry-After after 5 failures for one user id, even with the right password', async () => {
      const { userId } = await member();
      const attacker = new Browser(app);
      for (let i = 0; i < 5; i++) assert.equal((await attacker.login(userId, `wrong${i}pass`)).statusCode, 401, `failure ${i + 1}`);
      const blocked = await attacker.login(userId, 'wrong9pass');
      assert.equal(blocked.statusCode, 429);
      assert.ok(Number(blocked.headers['retry-after']) > 0);
      assert.match(blocked.body, /로그인 시도가 너무 많아요/);
      const right = await new Browser(app).login(userId);
      assert.equal(right.statusCode, 429, 'the right password waits too');
      const json = await attacker.postJson('/login', { userId, password: 'greenbottle1' });
      assert.equal(json.statusCode, 429);
      assert.equal(json.json<{ code: string }>().code, 'RateLimited');
    });

    it('throttles one IP trying many user ids after 20 failures', async () => {
      const attacker = new Browser(app);
      for (let i = 0; i < 20; i++) await attacker.login(testUserId('g'), 'wrong1pass');
      assert.equal((await attacker.login(testUserId('g'), 'wrong1pass')).statusCode, 429);
    });

    it('does not count successful logins', async () => {
      const { userId } = await member();
      for (let i = 0; i < 7; i++) assert.equal((await new Browser(app).login(userId)).statusCode, 303);
    });
  });

  describe('CSRF', () => {
    it('refuses a form POST without a token with 403', async () => {
      const { browser } = await member();
      const res = await app.inject({ method: 'POST', url: '/logout', headers: { cookie: `ciao_sid=${browser.sid}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, payload: '' });
      assert.equal(res.statusCode, 403);
      assert.match(res.body, /보안 확인에 실패했어요/);
      assert.equal((await browser.get('/mypage')).statusCode, 200, 'still logged in');
    });

    it('refuses a wrong token, in the body and in the header', async () => {
      const { browser } = await member();
      const form = await browser.postForm('/mypage/profile', { _csrf: 'forged', name: 'x', email: 'x@example.com', phone: '010-0000-0000', region: 'seoul' });
      assert.equal(form.statusCode, 403);
      const json = await browser.postJson('/mypage/profile', { name: 'x' }, { 'x-csrf-token': 'forged' });
      assert.equal(json.statusCode, 403);
      assert.equal(json.json<{ code: string }>().code, 'Forbidden');
    });

    it('refuses a cross-site POST even with the right token', async () => {
      const { browser } = await member();
      assert.equal((await browser.postForm('/logout', {}, { 'sec-fetch-site': 'cross-site' })).statusCode, 403);
      assert.equal((await browser.postForm('/logout', {}, { origin: 'https://evil.example' })).statusCode, 403);
      assert.equal((await browser.postForm('/logout', {}, { origin: 'http://localhost:80', 'sec-fetch-site': 'same-origin' })).statusCode, 303, 'same origin passes');
    });

    it('refuses a login POST with no session at all (a forged form from elsewhere)', async () => {
      const res = await app.inject({ method: 'POST', url: '/login', payload: 'userId=kim&password=abc12345&_csrf=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      assert.equal(res.statusCode, 403);
    });
  });

  describe('cookies and headers', () => {
    it('sets the session cookie HttpOnly, SameSite=Lax, Path=/, without Secure by default', async () => {
      const res = await app.inject({ method: 'GET', url: '/login' });
      const cookie = String(res.headers['set-cookie']);
      assert.match(cookie, /^ciao_sid=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax$/);
    });

    it('adds Secure when COOKIE_SECURE is on', async () => {
      const { app: secure } = await testApp(stores, { COOKIE_SECURE: 'true' });
      try {
        const res = await secure.inject({ method: 'GET', url: '/' });
        assert.match(String(res.headers['set-cookie']), /; Secure$/);
      } finally {
        await secure.close();
      }
    });

    it('sends security headers with a CSP that allows no inline script', async () => {
      const res = await app.inject({ method: 'GET', url: '/' });
      const csp = String(res.headers['content-security-policy']);
      assert.match(csp, /script-src 'self'/);
      assert.ok(!csp.includes('unsafe-inline'));
      assert.match(csp, /frame-ancestors 'none'/);
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.equal(res.headers['referrer-policy'], 'same-origin');
      assert.equal(res.headers['cache-control'], 'no-store');
      assert.ok(!/<script>|<script(?![^>]*\bsrc=)[^>]*>/.test(res.body), 'no inline <script> in the page');
    });

    it('ignores a malformed session cookie', async () => {
      const res = await app.inject({ method: 'GET', url: '/', headers: { cookie: 'ciao_sid=../../etc; other=1' } });
      assert.equal(res.statusCode, 200);
      assert.notEqual(sessionCookieOf(res), '../../etc');
    });
  });

  it('never lets a browser set its own user dimensions on an event', async () => {
    const { userId, browser } = await member({ gender: 'W', birthDate: '1988-02-02', region: 'daegu' });
    const forged = await browser.postJson('/api/events', { _csrf: browser.csrf, events: [{ type: 'page_leave', page: '/mypage', data: { dwellMs: 1234 }, user: { userId: 'someone_else', gender: 'M' } }] });
    assert.equal(forged.statusCode, 400, 'client-sent user fields are refused');
    const res = await browser.postJson('/api/events', { _csrf: browser.csrf, events: [{ type: 'page_leave', page: '/mypage', data: { dwellMs: 1234 } }] });
    assert.equal(res.statusCode, 202, res.body);
    const [event] = await watch.waitFor((e) => e.type === 'page_leave' && e.sessionId === browser.sid);
    assert.equal(event!.user.userId, userId);
    assert.equal(event!.user.gender, 'W');
    assert.deepEqual(event!.data, { dwellMs: 1234 });
  });
});
