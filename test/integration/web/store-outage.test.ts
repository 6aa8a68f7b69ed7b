/**
 * The web tier with a store down (issue 18, Deliver 1), measured over real HTTP against a Redis and a FerretDB
 * of this file's own (test/support/own-store.ts), which the tests stop and start again — the shared stack's
 * servers are never touched. For each outage: every page class is requested several times (the first requests
 * right after the stop included, when the guard has not opened yet), each answer's status and time are
 * checked against its bound, and after the restart the time until a member's page works again is measured
 * from the moment the server's port accepts connections (FerretDB needs a few seconds to open it). Redis is
 * also frozen once (SIGSTOP: connections stay open, nothing answers), where the deadlines rather than refused
 * connections keep the pages fast.
 */
import assert from 'node:assert/strict';
import { connect, type AddressInfo } from 'node:net';
import { after, before, describe, it, type TestContext } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { summaryKey } from '../../../activities/ecopoints/summary-cache';
import { loadConfig, parseHostPort, type Config } from '../../../infra/config';
import { runningPid } from '../../../infra/stack/process-control';
import { closeStores, createStores, type Stores } from '../../../infra/stores';
import { buildApp } from '../../../web/app';
import { useOwnStore } from '../../support/own-store';
import { TEST_DATA_PREFIX } from '../../support/test-env';
import { Browser, removeTestUsers, signupFields, testUserId } from '../../support/web';

const baseConfig = loadConfig();
if (baseConfig.dataPrefix !== TEST_DATA_PREFIX) throw new Error('run through scripts/with-test-env.sh (README "Tests")');

/** Rounds of requests per page while the store is down. */
const ROUNDS = 6;
/** A store that returns must be used again within this, measured from its start. */
const RECOVERY_BOUND_MS = 2000;
/** /healthz and /readyz answer within this whatever is down. */
const PROBE_BOUND_MS = 1000;
const UNAVAILABLE_TEXT = '잠시 후 다시 시도해 주세요';

/** One timed request over HTTP. */
interface Timed {
  readonly status: number;
  readonly ms: number;
  readonly body: string;
}

/** The app on a real port, on stores made from `config`. */
async function listeningApp(config: Config): Promise<{ app: FastifyInstance; stores: Stores; base: string }> {
  const stores = createStores(config);
  const app = await buildApp({ config, stores, logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, stores, base: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
}

/** GET (or POST a form to) `base + path` with `cookie`, timed. */
async function timed(base: string, path: string, options: { cookie?: string; form?: Record<string, string>; accept?: string } = {}): Promise<Timed> {
  const headers: Record<string, string> = { accept: options.accept ?? 'text/html' };
  if (options.cookie) headers.cookie = `ciao_sid=${options.cookie}`;
  if (options.form) headers['content-type'] = 'application/x-www-form-urlencoded';
  const started = performance.now();
  const res = await fetch(`${base}${path}`, { method: options.form ? 'POST' : 'GET', redirect: 'manual', headers, ...(options.form ? { body: new URLSearchParams(options.form).toString() } : {}) });
  const body = await res.text();
  return { status: res.status, ms: performance.now() - started, body };
}

/** One page class requested while a store is down: what it must answer, and how fast. */
interface Case {
  readonly name: string;
  readonly request: () => Promise<Timed>;
  readonly status: number;
  readonly boundMs: number;
  /** Text the answer must contain. */
  readonly text?: string;
}

/**
 * Runs every case `ROUNDS` times, interleaved, and checks each answer; reports the slowest per case in the
 * test's diagnostics (the table of issue 18's Why, for this outage).
 */
async function checkCases(t: TestContext, cases: readonly Case[]): Promise<void> {
  const worst = new Map<string, Timed>();
  const problems: string[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const c of cases) {
      const r = await c.request();
      if ((worst.get(c.name)?.ms ?? -1) < r.ms) worst.set(c.name, r);
      if (r.status !== c.status) problems.push(`${c.name} round ${round}: status ${r.status}, expected ${c.status}`);
      if (r.ms > c.boundMs) problems.push(`${c.name} round ${round}: ${r.ms.toFixed(0)} ms, bound ${c.boundMs} ms`);
      if (c.text && !r.body.includes(c.text)) problems.push(`${c.name} round ${round}: the answer does not say "${c.text}"`);
    }
  }
  for (const c of cases) {
    const w = worst.get(c.name);
    t.diagnostic(`${c.name}: ${c.status}, slowest ${w?.ms.toFixed(1)} ms of ${ROUNDS} (bound ${c.boundMs} ms)`);
  }
  assert.deepEqual(problems, []);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** When 127.0.0.1:`port` first accepts a connection (polled every 10 ms, for at most `limitMs`). */
async function portOpenAt(port: number, limitMs: number): Promise<number> {
  const deadline = performance.now() + limitMs;
  while (performance.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => resolve(true));
      socket.once('error', () => resolve(false));
    });
    if (open) return performance.now();
    await sleep(10);
  }
  throw new Error(`port ${port} did not open within ${limitMs} ms`);
}

/**
 * Starts the store again and polls `check` every 25 ms until it is true; the ms from the moment the store's port
 * accepted connections (the store is back) to the first success.
 */
async function recoveryAfterStart(start: () => Promise<void>, port: number, check: () => Promise<boolean>): Promise<number> {
  const started = start();
  const openAt = portOpenAt(port, 60_000);
  let okAt = Infinity;
  const deadline = performance.now() + 60_000;
  while (performance.now() < deadline) {
    if (await check().catch(() => false)) {
      okAt = performance.now();
      break;
    }
    await sleep(25);
  }
  await started;
  return okAt - (await openAt);
}

describe('the web tier with Redis down', () => {
  const own = useOwnStore(baseConfig, 'redis');
  let app: FastifyInstance;
  let stores: Stores;
  let base: string;
  let member: Browser;
  let anonymousSid: string;

  before(async () => {
    ({ app, stores, base } = await listeningApp(own.config));
    member = new Browser(app);
    const signup = await member.signup(signupFields(testUserId('rd')));
    assert.equal(signup.statusCode, 303);
    const visitor = new Browser(app);
    await visitor.get('/');
    anonymousSid = visitor.sid ?? '';
    assert.ok(member.sid && anonymousSid);
  });

  after(async () => {
    await app?.close();
    if (stores) {
      await removeTestUsers(stores);
      await closeStores(stores);
    }
  });

  it('answers anonymous pages in < 200 ms, member pages and login with 503 "잠시 후 다시" at once, the probes within 1 s', async (t) => {
    await own.stop();
    const memberSid = member.sid ?? '';
    const login = { userId: 'nobody_here', password: 'whatever12', _csrf: member.csrf };
    await checkCases(t, [
      { name: 'GET / (new visitor)', request: () => timed(base, '/'), status: 200, boundMs: 200 },
      { name: 'GET / (returning visitor)', request: () => timed(base, '/', { cookie: anonymousSid }), status: 200, boundMs: 200 },
      { name: 'GET /about (member cookie)', request: () => timed(base, '/about', { cookie: memberSid }), status: 200, boundMs: 200 },
      { name: 'GET /mypage (member)', request: () => timed(base, '/mypage', { cookie: memberSid }), status: 503, boundMs: 200, text: UNAVAILABLE_TEXT },
      { name: 'GET /login', request: () => timed(base, '/login'), status: 503, boundMs: 200, text: UNAVAILABLE_TEXT },
      { name: 'POST /login (member cookie)', request: () => timed(base, '/login', { cookie: memberSid, form: login }), status: 503, boundMs: 200, text: UNAVAILABLE_TEXT },
      { name: 'GET /api/me (member)', request: () => timed(base, '/api/me', { cookie: memberSid, accept: 'application/json' }), status: 503, boundMs: 200, text: UNAVAILABLE_TEXT },
      // A rate-limited route (its counter lives in Redis): the limiter lets it through at once, the session check answers.
      { name: 'POST /account/find-id (member cookie)', request: () => timed(base, '/account/find-id', { cookie: memberSid, form: { email: 'x@example.com', _csrf: member.csrf } }), status: 503, boundMs: 200, text: UNAVAILABLE_TEXT },
      { name: 'GET /healthz', request: () => timed(base, '/healthz'), status: 503, boundMs: PROBE_BOUND_MS },
      { name: 'GET /readyz', request: () => timed(base, '/readyz'), status: 503, boundMs: PROBE_BOUND_MS },
    ]);
  });

  it('works again within 2 s of Redis accepting connections, without a restart: the member is still logged in', async (t) => {
    const memberSid = member.sid ?? '';
    const port = parseHostPort(own.config.redis.url, 6379).port;
    const ms = await recoveryAfterStart(() => own.start(), port, async () => (await timed(base, '/mypage', { cookie: memberSid })).status === 200);
    t.diagnostic(`member page 200 again ${ms.toFixed(0)} ms after Redis accepted connections`);
    assert.ok(ms < RECOVERY_BOUND_MS, `mypage came back after ${ms.toFixed(0)} ms`);
    assert.equal((await timed(base, '/readyz')).status, 200);
    const fresh = new Browser(app);
    assert.equal((await fresh.get('/login')).statusCode, 200);
    assert.equal((await fresh.postForm('/login', { userId: 'nobody_here', password: 'whatever12' })).statusCode, 401);
  });

  it('answers in time while Redis hangs (SIGSTOP: connections open, no answers), and works again once it goes on', async (t) => {
    const pid = runningPid(own.config.stackDir, 'redis');
    assert.ok(pid, 'the own Redis runs');
    const memberSid = member.sid ?? '';
    process.kill(pid, 'SIGSTOP');
    try {
      await checkCases(t, [
        { name: 'GET / (returning visitor)', request: () => timed(base, '/', { cookie: anonymousSid }), status: 200, boundMs: 200 },
        { name: 'GET /mypage (member)', request: () => timed(base, '/mypage', { cookie: memberSid }), status: 503, boundMs: 200, text: UNAVAILABLE_TEXT },
        { name: 'GET /login', request: () => timed(base, '/login'), status: 503, boundMs: 200, text: UNAVAILABLE_TEXT },
        { name: 'GET /readyz', request: () => timed(base, '/readyz'), status: 503, boundMs: PROBE_BOUND_MS },
      ]);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    const resumed = performance.now();
    let ms = Infinity;
    while (performance.now() - resumed < 10_000) {
      if ((await timed(base, '/mypage', { cookie: memberSid })).status === 200) {
        ms = performance.now() - resumed;
        break;
      }
      await sleep(25);
    }
    t.diagnostic(`member page 200 again ${ms.toFixed(0)} ms after Redis went on`);
    assert.ok(ms < RECOVERY_BOUND_MS, `mypage came back after ${ms.toFixed(0)} ms`);
  });
});

describe('the web tier with MongoDB (FerretDB) down', () => {
  const own = useOwnStore(baseConfig, 'ferretdb');
  let app: FastifyInstance;
  let stores: Stores;
  let base: string;
  let member: Browser;
  let memberId: string;

  before(async () => {
    ({ app, stores, base } = await listeningApp(own.config));
    member = new Browser(app);
    memberId = testUserId('md');
    const signup = await member.signup(signupFields(memberId));
    assert.equal(signup.statusCode, 303);
  });

  after(async () => {
    await app?.close();
    if (stores) await closeStores(stores);
  });

  it('answers member pages and login with 503 within 500 ms (a wrong password too, never 500), the probes within 1 s', async (t) => {
    const visitor = new Browser(app);
    await visitor.get('/login');
    assert.equal(await stores.redis.redis.exists(summaryKey(memberId)), 1, 'the signup showed mypage, which cached the summary');
    await own.stop();
    const memberSid = member.sid ?? '';
    const wrong = { userId: memberId, password: 'not-my-password1', _csrf: visitor.csrf };
    await checkCases(t, [
      { name: 'GET / (member)', request: () => timed(base, '/', { cookie: memberSid }), status: 200, boundMs: 500 },
      { name: 'GET /about', request: () => timed(base, '/about'), status: 200, boundMs: 500 },
      // Mypage needs no MongoDB while the member's summary is cached (it was at signup): it keeps working.
      { name: 'GET /mypage (member, summary cached)', request: () => timed(base, '/mypage', { cookie: memberSid }), status: 200, boundMs: 500, text: '반가워요' },
      {
        name: 'GET /mypage (member, summary not cached)',
        request: async () => {
          const key = summaryKey(memberId);
          const cached = await stores.redis.redis.getdel(key);
          const answer = await timed(base, '/mypage', { cookie: memberSid });
          if (cached) await stores.redis.redis.set(key, cached, 'EX', 600);
          return answer;
        },
        status: 503,
        boundMs: 500,
        text: UNAVAILABLE_TEXT,
      },
      { name: 'GET /api/me (member)', request: () => timed(base, '/api/me', { cookie: memberSid, accept: 'application/json' }), status: 503, boundMs: 500, text: UNAVAILABLE_TEXT },
      { name: 'GET /mypage/profile (member)', request: () => timed(base, '/mypage/profile', { cookie: memberSid }), status: 503, boundMs: 500, text: UNAVAILABLE_TEXT },
      { name: 'POST /login (wrong password)', request: () => timed(base, '/login', { cookie: visitor.sid ?? '', form: wrong }), status: 503, boundMs: 500, text: UNAVAILABLE_TEXT },
      { name: 'GET /healthz', request: () => timed(base, '/healthz'), status: 503, boundMs: PROBE_BOUND_MS },
      { name: 'GET /readyz', request: () => timed(base, '/readyz'), status: 503, boundMs: PROBE_BOUND_MS },
    ]);
    // A failed login that could not be checked is not counted against the member.
    assert.equal(await stores.redis.redis.exists(`ratelimit:login:user:${memberId}`), 0);
  });

  it('works again within 2 s of FerretDB accepting connections, without a restart', async (t) => {
    const memberSid = member.sid ?? '';
    const port = parseHostPort(own.config.mongo.url, 27017).port;
    const ms = await recoveryAfterStart(() => own.start(), port, async () => (await timed(base, '/mypage/profile', { cookie: memberSid })).status === 200);
    t.diagnostic(`member page 200 again ${ms.toFixed(0)} ms after FerretDB accepted connections`);
    assert.ok(ms < RECOVERY_BOUND_MS, `mypage came back after ${ms.toFixed(0)} ms`);
    assert.equal((await timed(base, '/readyz')).status, 200);
    const fresh = new Browser(app);
    await fresh.get('/login');
    assert.equal((await fresh.postForm('/login', { userId: memberId, password: 'not-my-password1' })).statusCode, 401);
    assert.equal((await fresh.login(memberId)).statusCode, 303);
  });
});
