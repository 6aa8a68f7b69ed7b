/**
 * Integration-test support for the web tier: an app built on the real stores with configuration overrides, a
 * tiny cookie-keeping client over `app.inject`, and a watcher of the events that reach Kafka.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Consumer, Kafka } from 'kafkajs';
import { loadConfig, type Config } from '../../infra/config';
import { COLLECTIONS, TOPICS } from '../../infra/contracts';
import type { Stores } from '../../infra/stores';
import type { LogEvent } from '../../domain/events';
import { buildApp, type AppDeps } from '../../web/app';
import { uniqueSuffix } from './stores';

/**
 * An app on the real stores; `env` overrides configuration variables (e.g. `SESSION_TTL_S`), `deps` other
 * dependencies (the product index a search test fills). Close it in the
 * suite's `after` (a hook's own `after` would run as soon as the hook ends).
 */
export async function testApp(stores: Stores, env: Record<string, string> = {}, deps: Pick<AppDeps, 'productsIndex'> = {}): Promise<{ app: FastifyInstance; config: Config }> {
  const config = loadConfig({ ...process.env, ...env });
  const app = await buildApp({ config, stores, logger: false, ...deps });
  await app.ready();
  return { app, config };
}

const created = new Set<string>();

/** A fresh user id matching `^[a-z0-9_]{4,20}$`, remembered for {@link removeTestUsers}. */
export function testUserId(prefix = 't'): string {
  const id = `${prefix}_${uniqueSuffix()}`.slice(0, 20);
  created.add(id);
  return id;
}

/** Deletes the accounts and eco points of every id {@link testUserId} handed out (call in the suite's `after`). */
export async function removeTestUsers(stores: Stores): Promise<void> {
  const ids = [...created];
  created.clear();
  if (ids.length === 0) return;
  await stores.mongo.db.collection(COLLECTIONS.users).deleteMany({ userId: { $in: ids } });
  await stores.mongo.db.collection(COLLECTIONS.ecopoints).deleteMany({ userId: { $in: ids } });
}

/** Valid signup fields for `userId` (override any). */
export function signupFields(userId: string, overrides: Record<string, string> = {}): Record<string, string> {
  return { userId, password: 'greenbottle1', passwordConfirm: 'greenbottle1', name: '김지구', birthDate: '1997-05-14', gender: 'W', email: `${userId}@example.com`, phone: '010-1234-5678', region: 'busan', ...overrides };
}

/** The `ciao_sid` value a response sets ('' for a clearing cookie), or undefined. */
export function sessionCookieOf(res: LightMyRequestResponse): string | undefined {
  const header = res.headers['set-cookie'];
  const all = Array.isArray(header) ? header : header ? [header] : [];
  const ours = all.find((c) => c.startsWith('ciao_sid='));
  return ours === undefined ? undefined : decodeURIComponent(ours.slice('ciao_sid='.length).split(';')[0] ?? '');
}

/** A browser-like client: keeps the session cookie, knows the page's CSRF token, uses one client IP. */
export class Browser {
  sid: string | undefined;
  csrf = '';

  constructor(
    private readonly app: FastifyInstance,
    /** The client address Fastify sees (distinct per test keeps the per-IP login limit apart). */
    readonly ip = `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
  ) {}

  private remember(res: LightMyRequestResponse): LightMyRequestResponse {
    const sid = sessionCookieOf(res);
    if (sid !== undefined) this.sid = sid || undefined;
    const token = /<meta name="csrf-token" content="([^"]*)">/.exec(res.body)?.[1];
    if (token) this.csrf = token;
    return res;
  }

  private cookie(): Record<string, string> {
    return this.sid ? { cookie: `ciao_sid=${this.sid}` } : {};
  }

  /** GET `url` (HTML). */
  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.remember(await this.app.inject({ method: 'GET', url, remoteAddress: this.ip, headers: { accept: 'text/html', ...this.cookie(), ...headers } }));
  }

  /** GET `url` with the session cookie and no Accept header (what `fetch` or curl sends; {@link get} asks for HTML). */
  async fetch(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.remember(await this.app.inject({ method: 'GET', url, remoteAddress: this.ip, headers: { ...this.cookie(), ...headers } }));
  }

  /** POST a urlencoded form; `_csrf` is added from the last page unless given. */
  async postForm(url: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams({ _csrf: this.csrf, ...fields }).toString();
    return this.remember(
      await this.app.inject({ method: 'POST', url, remoteAddress: this.ip, payload: body, headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', ...this.cookie(), ...headers } }),
    );
  }

  /** POST JSON with the CSRF header (unless `headers` replaces it). */
  async postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.remember(
      await this.app.inject({ method: 'POST', url, remoteAddress: this.ip, payload: JSON.stringify(body), headers: { 'content-type': 'application/json', 'x-csrf-token': this.csrf, ...this.cookie(), ...headers } }),
    );
  }

  /**
   * Signs up through the form (fetching it first for the token) and, like a browser, follows the redirect: the
   * signup logs the member in, so the new session's token is known afterwards.
   */
  async signup(fields: Record<string, string>): Promise<LightMyRequestResponse> {
    await this.get('/signup');
    const res = await this.postForm('/signup', fields);
    if (res.statusCode === 303 && res.headers.location) await this.get(res.headers.location);
    return res;
  }

  /** Logs in through the form and, like a browser, follows the redirect (so the new session's token is known). */
  async login(userId: string, password = 'greenbottle1'): Promise<LightMyRequestResponse> {
    await this.get('/login');
    const res = await this.postForm('/login', { userId, password });
    if (res.statusCode === 303 && res.headers.location) await this.get(res.headers.location);
    return res;
  }
}

/**
 * `config` with one more admin: a fresh {@link testUserId} added to `ADMIN_USER_IDS`. Build the app with the
 * returned config, then {@link loginAsAdmin} with the returned id (and {@link removeTestUsers} in `after`).
 */
export function withTestAdmin(config: Config): { config: Config; adminId: string } {
  const adminId = testUserId('adm');
  return { adminId, config: Object.freeze({ ...config, web: Object.freeze({ ...config.web, adminUserIds: [...config.web.adminUserIds, adminId] }) }) };
}

/**
 * A {@link Browser} logged in as `userId`, which `app`'s `ADMIN_USER_IDS` must list (see {@link withTestAdmin}):
 * signs it up through the form (unless it exists) and logs in. `browser.sid` is the admin session's cookie value.
 * @throws Error when the signup or the login fails, or the session did not get the admin role
 */
export async function loginAsAdmin(app: FastifyInstance, userId: string): Promise<Browser> {
  const browser = new Browser(app);
  const signup = await browser.signup(signupFields(userId));
  // 409: signed up already (by an earlier suite of the same file).
  if (signup.statusCode !== 303 && signup.statusCode !== 409) throw new Error(`admin signup answered ${signup.statusCode}: ${signup.body.slice(0, 300)}`);
  const login = await browser.login(userId);
  if (login.statusCode !== 303) throw new Error(`admin login answered ${login.statusCode}`);
  const me = await app.inject({ method: 'GET', url: '/api/me', headers: { cookie: `ciao_sid=${browser.sid ?? ''}` } });
  if (me.json<{ role?: string }>().role !== 'admin') throw new Error(`${userId} is not an admin (is it in the app's ADMIN_USER_IDS?)`);
  return browser;
}

/** Events arriving on `logs.raw` from the moment {@link watchEvents} returns. */
export interface EventWatch {
  /** Resolves with the matching events once `count` have arrived; rejects after `timeoutMs` (default 30 s). */
  waitFor(match: (event: LogEvent) => boolean, count?: number, timeoutMs?: number): Promise<LogEvent[]>;
  /** Events seen so far that match. */
  seen(match: (event: LogEvent) => boolean): LogEvent[];
  /** Disconnects the consumer. */
  stop(): Promise<void>;
}

/** Starts reading `logs.raw` at its current end (so old events are skipped); call `stop()` in the suite's `after`. */
export async function watchEvents(kafka: Kafka, topic: string = TOPICS.logsRaw): Promise<EventWatch> {
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const events: LogEvent[] = [];
  const listeners = new Set<() => void>();
  const consumer: Consumer = kafka.consumer({ groupId: `test-web-${uniqueSuffix()}`, sessionTimeout: 10_000, heartbeatInterval: 1000 });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: false });
  await consumer.run({
    eachMessage: ({ message }) => {
      events.push(JSON.parse(message.value?.toString('utf8') ?? '{}') as LogEvent);
      for (const listener of listeners) listener();
      return Promise.resolve();
    },
  });
  for (const o of offsets) consumer.seek({ topic, partition: o.partition, offset: o.offset });
  const seen = (match: (e: LogEvent) => boolean) => events.filter(match);
  return {
    seen,
    stop: () => consumer.disconnect(),
    waitFor(match, count = 1, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = seen(match);
          if (found.length < count) return;
          listeners.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`only ${seen(match).length} of ${count} expected events arrived in ${timeoutMs} ms (${events.length} events seen in all: ${events.map((e) => `${e.type}:${e.user.userId ?? '-'}`).join(', ')})`));
        }, timeoutMs);
        listeners.add(check);
        check();
      });
    },
  };
}
