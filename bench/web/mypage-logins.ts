/**
 * Mypage and login benchmark (issue 11 #4 and #5; figures, not a timed test) on the real local stack. Writes
 * the "Web tier: mypage and logins" section of bench/RESULTS.md (other sections are kept).
 *
 *   npx tsx bench/web/mypage-logins.ts [--seconds 12] [--rounds 3] [--connections 10] [--login-seconds 10]
 *                                      [--login-loops 4] [--page-rate 1000] [--baseline a114810] [--no-write]
 *
 * 1. Password hashing: CPU per scrypt hash of the earlier parameters and of each OWASP setting, in this process.
 * 2. `/mypage` of a logged-in member on this tree's app and on the baseline's (the tree at `--baseline`, the
 *    mypage before this work: 14 MongoDB queries per request), both in their own processes on the same stores
 *    with the same member session, in rounds of new, old, old, new slices, so the ratio is of one run.
 * 3. Logins while pages load: `--login-loops` clients log in over and over (GET /login, POST /login, as a
 *    browser does) against this tree's app while autocannon asks for `/mypage` at a steady `--page-rate`
 *    requests per second (and once more as fast as it answers): logins per second, their latency, and mypage's
 *    latency beside the same load without logins.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes, scrypt } from 'node:crypto';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { DEFAULT_SCRYPT, type ScryptParams } from '../../activities/accounts/password';
import { grantPoints } from '../../activities/ecopoints/ledger';
import { forgetMemberSummary } from '../../activities/ecopoints/summary-cache';
import { loadConfig, PROJECT_ROOT } from '../../infra/config';
import { COLLECTIONS } from '../../infra/contracts';
import { runningPid } from '../../infra/stack/process-control';
import { closeStores, createStores } from '../../infra/stores';
import { cpuMs } from '../logs/process-cpu';
import { machineFacts } from '../support/machine';
import { RESULTS_FILE, writeResultsSection } from '../support/results';
import { BENCH_PASSWORD, csrfOf, memberCookie, postForm, sessionOf, startServer, stopServer, type ServerChild } from './servers';

const SECTION = '## Web tier: mypage and logins';
const WARMUP_S = 2;
/** The tree before the mypage and login work (main when it began). */
const DEFAULT_BASELINE = 'a114810';

const f0 = (n: number) => Math.round(n).toLocaleString('en-US');
const f1 = (n: number) => n.toFixed(1);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** CPU of one scrypt hash with `params`, the median of `times`, in ms (this process, all threads). */
async function hashCpuMs(params: ScryptParams, times: number): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const before = process.cpuUsage();
    await new Promise<void>((resolve, reject) =>
      scrypt('benchbottle1', randomBytes(16), 32, { ...params, maxmem: 256 * params.N * params.r }, (err) => (err ? reject(err) : resolve())),
    );
    const used = process.cpuUsage(before);
    samples.push((used.user + used.system) / 1000);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] ?? NaN;
}

/** The tree at `rev` in a temporary folder, with this tree's node_modules; returns its folder. */
function checkoutBaseline(rev: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ciao-baseline-'));
  const tar = path.join(dir, 'tree.tar');
  execFileSync('git', ['-C', PROJECT_ROOT, 'archive', '--format=tar', '-o', tar, rev]);
  execFileSync('tar', ['-xf', tar, '-C', dir]);
  rmSync(tar);
  symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

/** One measured page run. */
interface PageRun {
  readonly requests: number;
  readonly seconds: number;
  readonly p50: number;
  readonly p99: number;
  readonly failed: number;
  /** CPU ms of the server and of FerretDB over the run. */
  readonly serverCpuMs: number;
  readonly mongoCpuMs: number;
}

/** What the login clients did. */
interface LoginRun {
  readonly ok: number;
  readonly refused: number;
  readonly other: number;
  readonly latenciesMs: number[];
}

/** `--loops` clients logging `userId` in again and again until `stopAt` (GET /login for a token, then POST). */
async function loginLoops(base: string, userId: string, loops: number, stopAt: number): Promise<LoginRun> {
  const latenciesMs: number[] = [];
  const counts = { ok: 0, refused: 0, other: 0 };
  await Promise.all(
    Array.from({ length: loops }, async () => {
      while (Date.now() < stopAt) {
        const started = performance.now();
        const page = await fetch(`${base}/login`, { headers: { accept: 'text/html' } });
        const cookie = `ciao_sid=${sessionOf(page) ?? ''}`;
        const res = await postForm(base, '/login', cookie, { _csrf: csrfOf(await page.text()), userId, password: BENCH_PASSWORD });
        await res.arrayBuffer();
        if (res.status === 303) {
          counts.ok++;
          latenciesMs.push(performance.now() - started);
        } else if (res.status === 503) counts.refused++;
        else counts.other++;
      }
    }),
  );
  return { ...counts, latenciesMs };
}

/** The store-guard counters of the server at `base` that are not zero (`ciao_store_guard_failed_total{store="mongo"} 3, …`). */
async function guardMetrics(base: string): Promise<string> {
  const body = await (await fetch(`${base}/metrics`)).text();
  return body
    .split('\n')
    .filter((l) => l.startsWith('ciao_store_guard_') && !l.endsWith(' 0'))
    .join(', ');
}

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function main(): Promise<void> {
  const { values: args } = parseArgs({
    options: {
      seconds: { type: 'string', default: '12' },
      rounds: { type: 'string', default: '3' },
      connections: { type: 'string', default: '10' },
      'login-seconds': { type: 'string', default: '10' },
      'login-loops': { type: 'string', default: '4' },
      'page-rate': { type: 'string', default: '1000' },
      baseline: { type: 'string', default: DEFAULT_BASELINE },
      'no-write': { type: 'boolean', default: false },
    },
  });
  const seconds = Number(args.seconds);
  const rounds = Number(args.rounds);
  const slice = seconds / (2 * rounds);
  const connections = Number(args.connections);
  const loginSeconds = Number(args['login-seconds']);
  const loops = Number(args['login-loops']);
  const pageRate = Number(args['page-rate']);
  const config = loadConfig();
  const stores = createStores(config);
  const header = machineFacts('the machine is shared with three other development sessions and the whole stack runs on it, so figures move between runs; load generator, servers and stores share its cores');

  // 1. Hash costs, before anything else runs in this process.
  const hashSets: { label: string; params: ScryptParams }[] = [
    { label: 'earlier default (below OWASP)', params: { N: 2 ** 15, r: 8, p: 1 } },
    { label: 'OWASP', params: { N: 2 ** 17, r: 8, p: 1 } },
    { label: 'OWASP', params: { N: 2 ** 16, r: 8, p: 2 } },
    { label: 'OWASP', params: { N: 2 ** 15, r: 8, p: 3 } },
    { label: 'OWASP', params: { N: 2 ** 14, r: 8, p: 5 } },
    { label: 'OWASP', params: { N: 2 ** 13, r: 8, p: 10 } },
  ];
  const hashCosts: { label: string; params: ScryptParams; cpuMs: number }[] = [];
  for (const set of hashSets) hashCosts.push({ ...set, cpuMs: await hashCpuMs(set.params, 5) });
  console.log(hashCosts.map((h) => `  N=2^${Math.log2(h.params.N)} r=${h.params.r} p=${h.params.p}: ${f0(h.cpuMs)} ms`).join('\n'));

  const suffix = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const topic = `bench.web.${suffix}`;
  const pageUser = `benchm_${suffix}`.slice(0, 20);
  const loginUser = `benchl_${suffix}`.slice(0, 20);
  await stores.kafka.ensureTopics([{ topic, numPartitions: 3, replicationFactor: 1 }]);
  const baselineDir = checkoutBaseline(args.baseline);
  let servers: { fresh: ServerChild; old: ServerChild } | undefined;
  const pages: Record<'fresh' | 'old', PageRun[]> = { fresh: [], old: [] };
  let guardCounters = '';
  const roundRatios: number[] = [];
  /** Mypage without and with the login clients: at a steady rate, and as fast as it answers. */
  const loginPhases: { label: string; alone: PageRun; during: PageRun; logins: LoginRun }[] = [];
  try {
    servers = {
      fresh: await startServer('on', topic),
      old: await startServer('on', topic, path.join(baselineDir, 'bench', 'web', 'server-child.ts')),
    };
    const { fresh, old } = servers;
    const cookie = await memberCookie(fresh.base, pageUser);
    await memberCookie(fresh.base, loginUser);
    // A member with some history: grants over the last months (the chart's four).
    const now = Date.now();
    for (let i = 0; i < 8; i++) await grantPoints(stores.mongo.db, { userId: pageUser, service: 1, points: 10 + i * 5, reason: 'pet_bottles', grantedAt: new Date(now - i * 12 * 86_400_000) }, { redis: stores.redis.redis });
    for (const s of [fresh, old]) {
      const res = await fetch(`${s.base}/mypage`, { headers: { cookie, accept: 'text/html' } });
      if (res.status !== 200 || !(await res.text()).includes('반가워요')) throw new Error(`${s.base}/mypage answered ${res.status}`);
    }

    const mongoPid = runningPid(config.stackDir, 'ferretdb') ?? 0;
    const hit = async (server: ServerChild, duration: number, rate?: number): Promise<PageRun> => {
      const pid = server.child.pid ?? 0;
      const before = { server: cpuMs(pid) ?? 0, mongo: cpuMs(mongoPid) ?? 0 };
      const r = await autocannon({ url: `${server.base}/mypage`, connections, duration, headers: { cookie, accept: 'text/html' }, ...(rate ? { overallRate: rate } : {}) });
      return {
        requests: r.requests.total,
        seconds: r.duration,
        p50: r.latency.p50,
        p99: r.latency.p99,
        failed: r.non2xx + r.errors + r.timeouts,
        serverCpuMs: (cpuMs(pid) ?? 0) - before.server,
        mongoCpuMs: (cpuMs(mongoPid) ?? 0) - before.mongo,
      };
    };

    // 2. Mypage, this tree against the baseline, A-B-B-A.
    await hit(fresh, WARMUP_S);
    await hit(old, WARMUP_S);
    for (let round = 0; round < rounds; round++) {
      for (const which of ['fresh', 'old', 'old', 'fresh'] as const) pages[which].push(await hit(servers[which], slice));
      const last = (which: 'fresh' | 'old') => pages[which].slice(-2).reduce((n, r) => n + r.requests, 0);
      roundRatios.push(last('fresh') / last('old'));
      console.log(`  mypage round ${round + 1}: new ${f0(last('fresh') / (2 * slice))} req/s, old ${f0(last('old') / (2 * slice))} req/s`);
    }

    guardCounters = await guardMetrics(fresh.base);
    console.log(`  store guards of the new server after the mypage runs: ${guardCounters || 'none'}`);

    // 3. Logins while mypage is loaded (this tree only): mypage alone, then with the login clients.
    await stopServer(old.child);
    for (const [label, rate] of [[`${f0(pageRate)} req/s`, pageRate], ['as fast as it answers', undefined]] as const) {
      const alone = await hit(fresh, loginSeconds, rate);
      const stopAt = Date.now() + loginSeconds * 1000;
      const [during, logins] = await Promise.all([hit(fresh, loginSeconds, rate), loginLoops(fresh.base, loginUser, loops, stopAt)]);
      loginPhases.push({ label, alone, during, logins });
      console.log(`  mypage ${label}: logins ${logins.ok} in ${loginSeconds} s (${logins.refused} refused, ${logins.other} other); mypage p99 ${f1(during.p99)} ms (alone ${f1(alone.p99)} ms)`);
    }
  } finally {
    if (servers) await Promise.all([stopServer(servers.fresh.child), stopServer(servers.old.child)]);
    rmSync(baselineDir, { recursive: true, force: true });
    await stores.mongo.db.collection(COLLECTIONS.users).deleteMany({ userId: { $in: [pageUser, loginUser] } });
    await stores.mongo.db.collection(COLLECTIONS.ecopoints).deleteMany({ userId: pageUser });
    await forgetMemberSummary(stores.redis.redis, pageUser);
    await forgetMemberSummary(stores.redis.redis, loginUser);
    await (await stores.kafka.admin()).deleteTopics({ topics: [topic] }).catch(() => undefined);
    await closeStores(stores);
    await sleep(100);
  }

  const sum = (runs: readonly PageRun[]) => {
    const requests = runs.reduce((n, r) => n + r.requests, 0);
    const secs = runs.reduce((n, r) => n + r.seconds, 0);
    const mean = (pick: (r: PageRun) => number) => runs.reduce((n, r) => n + pick(r), 0) / Math.max(1, runs.length);
    return {
      rps: requests / secs,
      p50: mean((r) => r.p50),
      p99: mean((r) => r.p99),
      failed: runs.reduce((n, r) => n + r.failed, 0),
      serverUs: (runs.reduce((n, r) => n + r.serverCpuMs, 0) * 1000) / Math.max(1, requests),
      mongoUs: (runs.reduce((n, r) => n + r.mongoCpuMs, 0) * 1000) / Math.max(1, requests),
    };
  };
  const fresh = sum(pages.fresh);
  const old = sum(pages.old);
  const row = (label: string, s: ReturnType<typeof sum>) => `| ${label} | ${f0(s.rps)} | ${f1(s.p50)} | ${f1(s.p99)} | ${f0(s.failed)} | ${f0(s.serverUs)} | ${f0(s.mongoUs)} |`;
  const chosen = DEFAULT_SCRYPT;
  const lines = [
    SECTION,
    '',
    `Run with \`npx tsx bench/web/mypage-logins.ts\` (autocannon, ${connections} connections, loopback; \`/mypage\` ${seconds} s per server in ${rounds} rounds of new, old, old, new slices of ${f1(slice)} s after a ${WARMUP_S} s warm-up; each server in its own process, publishing events to a fresh topic; logins ${loginSeconds} s with ${loops} clients).`,
    '',
    ...header,
    '',
    `**\`/mypage\`** of a logged-in member with 8 grants over the last months. "new" is this tree: the session, the member's cached summary and today's rankings from Redis, the members' averages from memory (no MongoDB query while the summary is cached; \`MYPAGE_CACHE_TTL_S\`=${config.web.mypageCacheTtlS}). "old" is the tree at \`${args.baseline}\` run in the same way at the same time: the profile, the total and four months of member and all-member sums from MongoDB (14 queries) per request.`,
    '',
    '| mypage | req/s | p50 ms | p99 ms | failed | CPU µs/req: server | FerretDB |',
    '|---|---|---|---|---|---|---|',
    row('new', fresh),
    row(`old (\`${args.baseline}\`)`, old),
    '',
    `New / old: **${(fresh.rps / old.rps).toFixed(1)}×** the requests per second (rounds ${roundRatios.map((r) => r.toFixed(1)).join(', ')}), p99 ${f1(fresh.p99)} ms against ${f1(old.p99)} ms (target: ≥ 2,000 req/s and p99 < 20 ms). The new server's store guards afterwards: ${guardCounters ? `\`${guardCounters}\`` : 'no failed or refused call'}.`,
    '',
    `**Password hashing** — CPU of one scrypt hash in the benchmark process (median of 5; Node runs scrypt on libuv's thread pool, and its p lanes one after the other). The web tier hashes new passwords with N=2^${Math.log2(chosen.N)} r=${chosen.r} p=${chosen.p} and verifies each hash with the parameters stored in it; a login with a hash of weaker parameters stores a new one.`,
    '',
    '| parameters | memory | CPU ms per hash | |',
    '|---|---|---|---|',
    ...hashCosts.map(
      (h) =>
        `| N=2^${Math.log2(h.params.N)} r=${h.params.r} p=${h.params.p} | ${f0((128 * h.params.N * h.params.r) / 2 ** 20)} MiB | ${f0(h.cpuMs)} | ${h.label}${h.params.N === chosen.N && h.params.r === chosen.r && h.params.p === chosen.p ? ' — **used**' : ''} |`,
    ),
    '',
  ];
  if (loginPhases.length > 0) {
    lines.push(
      `**Logins while pages load** (this tree, \`PASSWORD_HASH_CONCURRENCY\`=${config.web.passwordHashing.concurrency}, \`PASSWORD_HASH_QUEUE\`=${config.web.passwordHashing.maxWaiting}, \`PASSWORD_HASH_NICE\`=${config.web.passwordHashing.nice}): ${loops} clients logging in over and over (GET /login, then POST /login with the right password, as a browser does) for ${loginSeconds} s while autocannon asks for \`/mypage\` with ${connections} connections — at a steady rate, then as fast as it answers — each beside the same page load without logins just before.`,
      '',
      '| mypage load | logins | logins/s | login p50 ms | login p99 ms | refused (503) | mypage req/s | mypage p50 ms | mypage p99 ms |',
      '|---|---|---|---|---|---|---|---|---|',
    );
    let other = 0;
    for (const { label, alone, during, logins } of loginPhases) {
      const a = sum([alone]);
      const d = sum([during]);
      const sorted = [...logins.latenciesMs].sort((x, y) => x - y);
      other += logins.other;
      lines.push(
        `| ${label} | none | – | – | – | – | ${f0(a.rps)} | ${f1(a.p50)} | ${f1(a.p99)} |`,
        `| ${label} | ${loops} clients | **${f1(logins.ok / loginSeconds)}** | ${f0(percentile(sorted, 50))} | ${f0(percentile(sorted, 99))} | ${f0(logins.refused)} | ${f0(d.rps)} | ${f1(d.p50)} | ${f1(d.p99)} |`,
      );
    }
    lines.push('', other > 0 ? `**${other} logins answered neither 303 nor 503.**` : 'Every login answered 303 (logged in) or 503 (hash queue full).', '');
  }
  const section = lines.join('\n');
  console.log(`\n${section}`);
  if (!args['no-write']) {
    await writeResultsSection(SECTION, section);
    console.log(`written to ${RESULTS_FILE}`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
