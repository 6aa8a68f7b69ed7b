/**
 * Configuration, parsed once from the environment with a schema and frozen.
 *
 * Every endpoint defaults to the local stack on 127.0.0.1 (ports of ARCHITECTURE.md); pointing the variables
 * at clusters is how the system grows past one machine. Nothing else in the code reads `process.env`.
 */
import path from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { InfraError } from '../domain/errors';

/** Absolute path of the repository root (this file lives in `<root>/infra`). */
export const PROJECT_ROOT = path.resolve(__dirname, '..');

const Url = (def: string, description: string) => Type.String({ default: def, minLength: 1, description });
const Port = (def: number, description: string) =>
  Type.Integer({ default: def, minimum: 1, maximum: 65535, description });

/**
 * The environment variables the project reads, with their defaults. The README's configuration table is
 * generated from these descriptions (`ciao config`), so keep them short and exact.
 */
export const EnvSchema = Type.Object({
  CIAO_STACK_DIR: Type.String({ default: path.join(PROJECT_ROOT, '.stack'), description: 'Folder for everything the local stack downloads, builds and stores' }),
  TEMPORAL_ADDRESS: Url('127.0.0.1:7233', 'Temporal frontend (host:port)'),
  TEMPORAL_NAMESPACE: Type.String({ default: 'default', description: 'Temporal namespace' }),
  TEMPORAL_UI_URL: Url('http://127.0.0.1:8233', 'Temporal Web UI, for links and the stack health check'),
  KAFKA_BROKERS: Url('127.0.0.1:9092', 'Kafka bootstrap brokers, comma-separated host:port'),
  KAFKA_CLIENT_ID: Type.String({ default: 'ciao', description: 'Kafka client id prefix' }),
  REDIS_URL: Url('redis://127.0.0.1:6379', 'Redis URL'),
  MONGO_URL: Url('mongodb://127.0.0.1:27017', 'MongoDB (wire protocol) URL; FerretDB locally'),
  MONGO_DB: Type.String({ default: 'ciao', description: 'MongoDB database name' }),
  OPENSEARCH_URL: Url('http://127.0.0.1:9200', 'OpenSearch URL'),
  WEBHDFS_URL: Url('http://127.0.0.1:9870', 'HDFS NameNode WebHDFS URL'),
  HDFS_USER: Type.String({ default: 'ciao', description: 'User name sent to WebHDFS (user.name)' }),
  WEB_HOST: Type.String({ default: '127.0.0.1', description: 'Address the web tier listens on' }),
  WEB_PORT: Port(3000, 'Port the web tier listens on'),
  WEB_PUBLIC_URL: Type.String({ default: '', description: 'Origin users reach the site at, for links in e-mails (default http://WEB_HOST:WEB_PORT)' }),
  SEARCH_TIMEOUT_MS: Type.Integer({ default: 1000, minimum: 50, maximum: 30_000, description: 'Milliseconds the product search page and API wait for OpenSearch before answering that search is unavailable' }),
  SEARCH_CACHE_TTL_S: Type.Integer({ default: 30, minimum: 0, maximum: 3600, description: 'Seconds the web tier reuses an answer of OpenSearch to the same product search or autocomplete (0: no cache); an alias swap shows within it' }),
  SEARCH_CACHE_ENTRIES: Type.Integer({ default: 2000, minimum: 1, description: 'Different product searches and autocompletes the web tier keeps answers of (least recently used go first)' }),
  PLACES_MEMORY_MAX: Type.Integer({ default: 200_000, minimum: 0, description: "Most places the web tier keeps in memory for the map's radius search (0, or more places than this: every search asks OpenSearch)" }),
  PLACES_MEMORY_CHECK_S: Type.Integer({ default: 30, minimum: 1, description: 'Seconds between two checks of the places alias by the web tier (a swapped alias is loaded into memory at the next check)' }),
  WEB_REQUEST_TIMEOUT_S: Type.Integer({ default: 15, minimum: 1, description: 'Seconds a client has to send a whole request (headers and body) before 408' }),
  ANON_SESSIONS_PER_MIN: Type.Integer({ default: 60, minimum: 1, description: 'New anonymous sessions one client address may open per minute (pages render without one past it)' }),
  PASSWORD_RESET_TTL_S: Type.Integer({ default: 1800, minimum: 60, description: 'Seconds a password-reset link stays valid' }),
  LOG_LEVEL: Type.Union([Type.Literal('fatal'), Type.Literal('error'), Type.Literal('warn'), Type.Literal('info'), Type.Literal('debug'), Type.Literal('trace'), Type.Literal('silent')], { default: 'info', description: 'pino log level' }),
  STREAMING_TASK_QUEUE: Type.String({ default: 'streaming', minLength: 1, description: 'Task queue the worker polls for the long-running streaming activities' }),
  ECOPOINT_TASK_QUEUE: Type.String({ default: 'ecopoint', minLength: 1, description: 'Task queue of the eco-point upload workflow and its checks (the main worker polls it)' }),
  INFERENCE_TASK_QUEUE: Type.String({ default: 'inference', minLength: 1, description: 'Task queue of the models (detector, OCR), polled by the inference worker' }),
  STACK_HEALTH_TIMEOUT_S: Type.Integer({ default: 180, minimum: 5, description: 'Seconds `ciao stack up` waits for each service to become healthy' }),
  SESSION_TTL_S: Type.Integer({ default: 1800, minimum: 1, description: 'Idle seconds before a web session expires (sliding: every request restarts the clock)' }),
  COOKIE_SECURE: Type.Boolean({ default: false, description: 'Mark the session cookie `Secure` (set true when the site is served over HTTPS)' }),
  ADMIN_USER_IDS: Type.String({ default: '', description: 'Comma-separated user ids that get the `admin` role when they sign up or log in' }),
  LOGIN_MAX_FAILS_PER_USER: Type.Integer({ default: 5, minimum: 1, description: 'Failed logins allowed per user id in one window before 429' }),
  LOGIN_MAX_FAILS_PER_IP: Type.Integer({ default: 20, minimum: 1, description: 'Failed logins allowed per client IP in one window before 429' }),
  LOGIN_FAIL_WINDOW_S: Type.Integer({ default: 900, minimum: 1, description: 'Window of the failed-login counters, in seconds (from the first failure)' }),
  BROWSER_CLOSED_GRACE_S: Type.Integer({ default: 10, minimum: 0, description: 'Seconds without a new request after a browser-closed beacon before the logout (browser_closed) is reported' }),
  CIAO_DATA_PREFIX: Type.String({ default: '', pattern: '^([a-z][a-z0-9-]{0,19})?$', description: 'Prefix of every Kafka topic, HDFS root and search index this process uses (tests use `test`; empty for the app)' }),
  EVENTS_FLUSH_TIMEOUT_S: Type.Integer({ default: 5, minimum: 0, description: 'Seconds the web tier waits on shutdown to deliver buffered events to Kafka' }),
  CHROMIUM_PATH: Type.String({ default: '/usr/bin/chromium', minLength: 1, description: 'Chromium executable the crawler (puppeteer-core) launches' }),
  DEMO_SHOPS_URL: Url('http://127.0.0.1:4100', 'Base URL of the local demo shops (`ciao products demo-shops`), crawled by the demo shop adapters'),
  PASSWORD_HASH_CONCURRENCY: Type.Integer({ default: 1, minimum: 1, description: 'Password hashes (scrypt, ~160 ms of CPU each) the web tier runs at once; the rest wait' }),
  PASSWORD_HASH_QUEUE: Type.Integer({ default: 16, minimum: 0, description: 'Password hashes that may wait for a slot; past it a login or signup answers 503 at once' }),
  PASSWORD_HASH_NICE: Type.Integer({ default: 10, minimum: -20, maximum: 19, description: 'Nice value of the password-hashing threads (Linux; higher = lower priority than the pages; 0 = same)' }),
  MYPAGE_CACHE_TTL_S: Type.Integer({ default: 60, minimum: 1, description: "Seconds a member's mypage summary (Redis) and the members' monthly averages (memory) are kept; grants and profile changes drop the summary at once" }),
  REDIS_RECONNECT_MAX_MS: Type.Integer({ default: 500, minimum: 50, description: 'Longest pause between two reconnect attempts of a Redis client, in ms (a returning Redis is used again within it)' }),
  WEB_REDIS_TIMEOUT_MS: Type.Integer({ default: 150, minimum: 10, description: 'Milliseconds a web request waits on Redis before going on without it (sessions, rankings)' }),
  WEB_MONGO_TIMEOUT_MS: Type.Integer({ default: 300, minimum: 10, description: 'Milliseconds a web request waits on a MongoDB read before answering 503' }),
  WEB_MONGO_WRITE_TIMEOUT_MS: Type.Integer({ default: 3000, minimum: 10, description: 'Milliseconds a web request waits on a MongoDB write (signup, profile, password) before answering 503' }),
  WEB_STORE_RETRY_MS: Type.Integer({ default: 500, minimum: 50, description: 'Milliseconds the web tier skips a store that failed twice in a row before one request tries it again' }),
  WEB_PROBE_TIMEOUT_MS: Type.Integer({ default: 600, minimum: 50, description: 'Milliseconds /healthz and /readyz wait for each store (probed in parallel) before reporting it down' }),
  PLACES_SOURCES_DIR: Type.String({ default: path.join(PROJECT_ROOT, 'activities', 'places', 'sources'), minLength: 1, description: 'Folder of the places sources (one JSON declaration per source) the lesswaste_places DAG reads' }),
  GEOCODER_KAKAO_KEY: Type.String({ default: '', description: 'Kakao Local REST API key for geocoding places without coordinates (empty: no geocoder; such rows are reported and skipped)' }),
  GEOCODER_KAKAO_URL: Url('https://dapi.kakao.com', 'Origin of the Kakao Local API'),
  MAP_TILE_URL: Type.String({ default: '', pattern: '^(https?://[^\\s"\']+\\{z\\}[^\\s"\']*)?$', description: 'Map tile URL template ({z}/{x}/{y}, an OpenStreetMap-compatible server; empty: markers on a plain background)' }),
  MAP_TILE_ATTRIBUTION: Type.String({ default: '© OpenStreetMap contributors', maxLength: 200, description: 'Attribution shown under the map when tiles are on' }),
  EVENTS_SPILL_MAX_MB: Type.Integer({ default: 1024, minimum: 0, description: 'MiB of disk for user events beyond the 10,000 the web tier holds in memory while Kafka is down (0: drop them instead)' }),
  EVENTS_SPILL_DIR: Type.String({ default: '', description: 'Folder of that spill; kept across restarts and sent after the next start (default: a private temporary folder per process)' }),
  MODEL_CACHE_DIR: Type.String({ default: '', description: 'Folder where workers materialise registered model versions (by SHA-256) and the retraining works (default: <CIAO_STACK_DIR>/models)' }),
  MODEL_POLL_S: Type.Number({ default: 5, minimum: 0.2, maximum: 3600, description: "Seconds between the inference worker's looks at the registry's active model version (a promotion is served within it)" }),
});

/** Raw, validated environment values. */
export type Env = Static<typeof EnvSchema>;

/** A parsed endpoint. */
export interface HostPort {
  readonly host: string;
  readonly port: number;
}

/** The project's configuration: validated, derived and frozen. */
export interface Config {
  readonly env: Readonly<Env>;
  readonly stackDir: string;
  readonly temporal: { readonly address: string; readonly namespace: string; readonly uiUrl: string };
  readonly kafka: { readonly brokers: readonly string[]; readonly clientId: string };
  readonly redis: { readonly url: string; /** Longest pause between reconnect attempts, in ms. */ readonly reconnectMaxMs: number };
  readonly mongo: { readonly url: string; readonly db: string };
  readonly search: { readonly url: string };
  readonly hdfs: { readonly url: string; readonly user: string };
  readonly web: {
    readonly host: string;
    readonly port: number;
    /** Origin users reach the site at (`http://127.0.0.1:3000`), no trailing slash: links in e-mails. */
    readonly publicUrl: string;
    /** True when `WEB_PUBLIC_URL` was set (then it is the only origin forms are accepted from). */
    readonly publicUrlSet: boolean;
    /** New anonymous sessions per client address and minute. */
    readonly anonSessionsPerMin: number;
    /** How long a client has to send a whole request, in ms. */
    readonly requestTimeoutMs: number;
    /** How long a password-reset link stays valid, in seconds. */
    readonly passwordResetTtlS: number;
    /** Idle lifetime of a session, in seconds (sliding). */
    readonly sessionTtlS: number;
    /** Whether the session cookie carries `Secure`. */
    readonly cookieSecure: boolean;
    /** User ids that are admins. */
    readonly adminUserIds: readonly string[];
    /** Login throttling: failures allowed per user id and per IP within `failWindowS` seconds. */
    readonly login: { readonly maxFailsPerUser: number; readonly maxFailsPerIp: number; readonly failWindowS: number };
    /** How long shutdown waits for buffered events, in ms. */
    readonly eventsFlushTimeoutMs: number;
    /** The event publisher's on-disk overflow: its folder (undefined: a private temporary one) and bound (0: none). */
    readonly eventsSpill: { readonly dir: string | undefined; readonly maxBytes: number };
    /** How long a browser-closed beacon waits for the session to be used again before it counts, in ms. */
    readonly browserClosedGraceMs: number;
    /**
     * A store that is down: how long a request waits on Redis, on a MongoDB read and on a MongoDB write (ms; writes
     * queue behind each other on FerretDB), how long a store that failed is skipped before a trial call (ms), and
     * how long the probes wait for each store (ms).
     */
    readonly stores: { readonly redisTimeoutMs: number; readonly mongoTimeoutMs: number; readonly mongoWriteTimeoutMs: number; readonly retryMs: number; readonly probeTimeoutMs: number };
    /** How long a member's mypage summary and the monthly averages are kept, in seconds. */
    readonly mypageCacheTtlS: number;
    /** Password hashes at once, and how many may wait. */
    readonly passwordHashing: { readonly concurrency: number; readonly maxWaiting: number; readonly nice: number };
    /** How long a product search waits for OpenSearch, in ms. */
    readonly searchTimeoutMs: number;
    /** Answers of OpenSearch to product searches kept: seconds (0: none) and entries. */
    readonly searchCache: { readonly ttlS: number; readonly entries: number };
    /** The map's in-memory places: most places kept (0: none), seconds between alias checks. */
    readonly placesMemory: { readonly maxPlaces: number; readonly checkMs: number };
  };
  /** Prefix of Kafka topics, the HDFS root and search indexes ('' for the app): see infra/contracts.ts. */
  readonly dataPrefix: string;
  readonly products: {
    /** Chromium executable for the crawler. */
    readonly chromiumPath: string;
    /** Base URL of the local demo shops, without a trailing slash. */
    readonly demoShopsUrl: string;
  };
  readonly places: {
    /** Folder of the source declarations. */
    readonly sourcesDir: string;
    /** Kakao Local API key ('' for none) and origin. */
    readonly kakao: { readonly apiKey: string; readonly url: string };
  };
  readonly map: {
    /** Tile URL template, '' for none. */
    readonly tileUrl: string;
    /** Origin of the tile server for the CSP ('' for none). */
    readonly tileOrigin: string;
    readonly attribution: string;
  };
  readonly logLevel: Env['LOG_LEVEL'];
  readonly streamingTaskQueue: string;
  /** Task queue of the eco-point upload workflow and its checks. */
  readonly ecopointTaskQueue: string;
  /** Task queue of the models (detector, OCR). */
  readonly inferenceTaskQueue: string;
  readonly stackHealthTimeoutMs: number;
  /** The model registry's local side: where versions are materialised, and how often workers look for a new active one. */
  readonly models: { readonly cacheDir: string; readonly pollMs: number };
}

/**
 * The data prefix alone, for infra/contracts.ts, which fixes its names once per process (see there).
 * @throws InfraError `ConfigInvalid` when it is malformed
 */
export function dataPrefixOf(source: Record<string, string | undefined> = process.env): string {
  const value = source.CIAO_DATA_PREFIX ?? '';
  if (!/^([a-z][a-z0-9-]{0,19})?$/.test(value)) throw new InfraError('ConfigInvalid', `Invalid configuration: CIAO_DATA_PREFIX must be empty or a short lower-case name (got ${JSON.stringify(value)})`);
  return value;
}

/** Splits `host:port` (or a URL) into its parts, with `defaultPort` when none is given. */
export function parseHostPort(value: string, defaultPort: number): HostPort {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `tcp://${value}`;
  const url = new URL(withScheme);
  return { host: url.hostname, port: url.port ? Number(url.port) : defaultPort };
}

/**
 * Parses and validates `source` (default: `process.env`), applies defaults and returns a frozen config.
 * @throws InfraError `ConfigInvalid` naming every offending variable.
 */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const picked: Record<string, unknown> = {};
  for (const key of Object.keys(EnvSchema.properties)) {
    const v = source[key];
    if (v !== undefined && v !== '') picked[key] = v;
  }
  const withDefaults = Value.Default(EnvSchema, Value.Convert(EnvSchema, picked));
  const errors = [...Value.Errors(EnvSchema, withDefaults)];
  if (errors.length > 0) {
    const list = errors.map((e) => `${e.path.slice(1)}: ${e.message} (got ${JSON.stringify(e.value)})`);
    throw new InfraError('ConfigInvalid', `Invalid configuration: ${list.join('; ')}`, { errors: list });
  }
  const env = Object.freeze(withDefaults as Env);
  const config: Config = {
    env,
    stackDir: path.resolve(env.CIAO_STACK_DIR),
    temporal: { address: env.TEMPORAL_ADDRESS, namespace: env.TEMPORAL_NAMESPACE, uiUrl: env.TEMPORAL_UI_URL.replace(/\/$/, '') },
    kafka: { brokers: env.KAFKA_BROKERS.split(',').map((b) => b.trim()).filter(Boolean), clientId: env.KAFKA_CLIENT_ID },
    redis: { url: env.REDIS_URL, reconnectMaxMs: env.REDIS_RECONNECT_MAX_MS },
    mongo: { url: env.MONGO_URL, db: env.MONGO_DB },
    search: { url: env.OPENSEARCH_URL.replace(/\/$/, '') },
    hdfs: { url: env.WEBHDFS_URL.replace(/\/$/, ''), user: env.HDFS_USER },
    web: {
      host: env.WEB_HOST,
      port: env.WEB_PORT,
      publicUrl: (env.WEB_PUBLIC_URL || `http://${env.WEB_HOST}:${env.WEB_PORT}`).replace(/\/+$/, ''),
      publicUrlSet: env.WEB_PUBLIC_URL !== '',
      passwordResetTtlS: env.PASSWORD_RESET_TTL_S,
      requestTimeoutMs: env.WEB_REQUEST_TIMEOUT_S * 1000,
      anonSessionsPerMin: env.ANON_SESSIONS_PER_MIN,
      sessionTtlS: env.SESSION_TTL_S,
      cookieSecure: env.COOKIE_SECURE,
      adminUserIds: env.ADMIN_USER_IDS.split(',').map((id) => id.trim()).filter(Boolean),
      login: { maxFailsPerUser: env.LOGIN_MAX_FAILS_PER_USER, maxFailsPerIp: env.LOGIN_MAX_FAILS_PER_IP, failWindowS: env.LOGIN_FAIL_WINDOW_S },
      eventsFlushTimeoutMs: env.EVENTS_FLUSH_TIMEOUT_S * 1000,
      eventsSpill: { dir: env.EVENTS_SPILL_DIR || undefined, maxBytes: env.EVENTS_SPILL_MAX_MB * 1024 * 1024 },
      browserClosedGraceMs: env.BROWSER_CLOSED_GRACE_S * 1000,
      mypageCacheTtlS: env.MYPAGE_CACHE_TTL_S,
      passwordHashing: { concurrency: env.PASSWORD_HASH_CONCURRENCY, maxWaiting: env.PASSWORD_HASH_QUEUE, nice: env.PASSWORD_HASH_NICE },
      stores: { redisTimeoutMs: env.WEB_REDIS_TIMEOUT_MS, mongoTimeoutMs: env.WEB_MONGO_TIMEOUT_MS, mongoWriteTimeoutMs: env.WEB_MONGO_WRITE_TIMEOUT_MS, retryMs: env.WEB_STORE_RETRY_MS, probeTimeoutMs: env.WEB_PROBE_TIMEOUT_MS },
      searchTimeoutMs: env.SEARCH_TIMEOUT_MS,
      searchCache: { ttlS: env.SEARCH_CACHE_TTL_S, entries: env.SEARCH_CACHE_ENTRIES },
      placesMemory: { maxPlaces: env.PLACES_MEMORY_MAX, checkMs: env.PLACES_MEMORY_CHECK_S * 1000 },
    },
    dataPrefix: env.CIAO_DATA_PREFIX,
    products: { chromiumPath: env.CHROMIUM_PATH, demoShopsUrl: env.DEMO_SHOPS_URL.replace(/\/$/, '') },
    places: { sourcesDir: path.resolve(env.PLACES_SOURCES_DIR), kakao: { apiKey: env.GEOCODER_KAKAO_KEY, url: env.GEOCODER_KAKAO_URL.replace(/\/$/, '') } },
    map: { tileUrl: env.MAP_TILE_URL, tileOrigin: tileOriginOf(env.MAP_TILE_URL), attribution: env.MAP_TILE_ATTRIBUTION },
    logLevel: env.LOG_LEVEL,
    streamingTaskQueue: env.STREAMING_TASK_QUEUE,
    ecopointTaskQueue: env.ECOPOINT_TASK_QUEUE,
    inferenceTaskQueue: env.INFERENCE_TASK_QUEUE,
    stackHealthTimeoutMs: env.STACK_HEALTH_TIMEOUT_S * 1000,
    models: { cacheDir: path.resolve(env.MODEL_CACHE_DIR || path.join(env.CIAO_STACK_DIR, 'models')), pollMs: Math.round(env.MODEL_POLL_S * 1000) },
  };
  return deepFreeze(config);
}

/** The origin of a tile URL template (`https://{s}.tile.example` keeps its `{s}` as `*.`), '' for none. */
function tileOriginOf(template: string): string {
  if (!template) return '';
  const m = /^(https?):\/\/([^/]+)/.exec(template);
  return m ? `${m[1]}://${(m[2] ?? '').replace('{s}.', '*.')}` : '';
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
