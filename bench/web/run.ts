/**
 * Web tier benchmark (figures, not a timed test) on the real local stack. Writes the "Web tier" section of
 * bench/RESULTS.md (other sections are kept).
 *
 *   npx tsx bench/web/run.ts [--seconds 12] [--rounds 3] [--connections 10] [--keep-kafka] [--no-write]
 *                            [--producer-messages 20000] [--producers-only]
 *
 * Two copies of the app run in their own processes (`server-child.ts`), one publishing events, one with
 * publishing off. autocannon loads the main page (a returning anonymous visitor) and a logged-in `/mypage`,
 * alternating the two servers in rounds of A-B-B-A slices so drift on the shared machine falls on both. Then Kafka is
 * stopped (`stackDown`) and the same runs are repeated — always restarted in a `finally` — and the publishing
 * server's buffer is followed until it has delivered everything to the benchmark's own topic. Before the servers
 * start, the producers the events could go through (the project's writer and kafkajs) are compared on client
 * CPU per message (`producer-cpu.ts`), written as the "Kafka producer CPU" section.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { machineFacts } from '../support/machine';
import { RESULTS_FILE, writeResultsSection } from '../support/results';
import { loadConfig, type Config } from '../../infra/config';
import { COLLECTIONS } from '../../infra/contracts';
import { createKafkaStore } from '../../infra/kafka';
import { runningPid } from '../../infra/stack/process-control';
import { stackDown, stackUp } from '../../infra/stack/stack';
import { closeStores, createStores } from '../../infra/stores';
import { cpuMs } from '../logs/process-cpu';
import { measureProducerCpu, type ProducerCpu } from './producer-cpu';
import { anonymousCookie, memberCookie, startServer, stopServer, type Mode } from './servers';

const SECTION = '## Web tier';
const PRODUCER_SECTION = '## Kafka producer CPU';
/** Messages per request in the producer comparison: the publisher's default `batchSize`. */
const PRODUCER_BATCH = 2000;
const PRODUCER_ROUNDS = 2;
const WARMUP_S = 2;
const DRAIN_TIMEOUT_MS = 180_000;

type Target = 'main' | 'mypage';

/** One measured case: a target on one server, Kafka up or down. */
interface CaseResult {
  readonly target: Target;
  readonly mode: Mode;
  readonly kafka: 'up' | 'down';
  readonly requests: number;
  readonly seconds: number;
  /** Mean of the slices' p50 and p99, in ms. */
  readonly p50: number;
  readonly p99: number;
  /** Non-2xx responses, errors and timeouts. */
  readonly failed: number;
  /** CPU µs per response of the server under load, of the Kafka broker, and of autocannon (this process). */
  readonly cpuUs: { readonly server: number; readonly kafka: number; readonly loader: number };
}

/** The publisher's counters, from the server's own `/metrics`. */
interface EventCounters {
  readonly published: number;
  readonly buffered: number;
  readonly dropped: number;
  readonly invalid: number;
  readonly failedBatches: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const f0 = (n: number) => Math.round(n).toLocaleString('en-US');
const f1 = (n: number) => n.toFixed(1);


/** Pages the server at `base` answered with 200 (`/` and `/mypage`), from its latency histogram. */
async function pagesServed(base: string): Promise<number> {
  const body = await (await fetch(`${base}/metrics`)).text();
  return body
    .split('\n')
    .filter((l) => l.startsWith('ciao_http_request_duration_seconds_count{') && /route="(\/|\/mypage)"/.test(l) && l.includes('status_code="200"'))
    .reduce((n, l) => n + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}

/** The publisher counters of the server at `base`. */
async function eventCounters(base: string): Promise<EventCounters> {
  const body = await (await fetch(`${base}/metrics`)).text();
  const value = (name: string) => Number(/^(\S+) (\S+)$/m.exec(body.split('\n').find((l) => l.startsWith(`${name} `)) ?? '')?.[2] ?? NaN);
  return {
    published: value('ciao_events_published_total'),
    buffered: value('ciao_events_buffered'),
    dropped: value('ciao_events_dropped_total'),
    invalid: value('ciao_events_invalid_total'),
    failedBatches: value('ciao_events_failed_batches_total'),
  };
}

/** The publisher counters of the server at `base` once its buffer is empty (or `timeoutMs` passed). */
async function drained(base: string, timeoutMs: number): Promise<EventCounters> {
  let counters = await eventCounters(base);
  const deadline = Date.now() + timeoutMs;
  while (counters.buffered > 0 && Date.now() < deadline) {
    await sleep(500);
    counters = await eventCounters(base);
  }
  return counters;
}

async function main(): Promise<void> {
  const { values: args } = parseArgs({
    options: {
      seconds: { type: 'string', default: '12' },
      rounds: { type: 'string', default: '3' },
      connections: { type: 'string', default: '10' },
      'keep-kafka': { type: 'boolean', default: false },
      'no-write': { type: 'boolean', default: false },
      'producer-messages': { type: 'string', default: '20000' },
      'producers-only': { type: 'boolean', default: false },
    },
  });
  const producerMessages = Number(args['producer-messages']);
  if (!(producerMessages >= PRODUCER_BATCH)) throw new Error(`--producer-messages must be at least ${PRODUCER_BATCH}`);
  const seconds = Number(args.seconds);
  const rounds = Number(args.rounds);
  /** Seconds of one slice: each round runs on, off, off, on. */
  const slice = seconds / (2 * rounds);
  const connections = Number(args.connections);
  const config: Config = loadConfig();
  const stores = createStores(config);
  const header = machineFacts('the machine is shared with other work and the whole stack runs on it, so figures move between runs; load generator and servers share its cores');
  const suffix = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const topic = `bench.web.${suffix}`;
  const userId = `bench_${suffix}`.slice(0, 20);
  await stores.kafka.ensureTopics([{ topic, numPartitions: 3, replicationFactor: 1 }]);

  // The producers first, on a topic of their own, while nothing else of the benchmark runs.
  const producerTopic = `${topic}.producers`;
  await stores.kafka.ensureTopics([{ topic: producerTopic, numPartitions: 3, replicationFactor: 1 }]);
  let producers: ProducerCpu[];
  try {
    producers = await measureProducerCpu(stores.kafka.kafka, stores.kafka.settings, producerTopic, { messages: producerMessages, batch: PRODUCER_BATCH, rounds: PRODUCER_ROUNDS });
  } finally {
    await (await stores.kafka.admin()).deleteTopics({ topics: [producerTopic] }).catch(() => undefined);
  }
  const producerSection = producerCpuSection(producers, producerMessages, machineFacts('the machine is shared with other work and the whole stack runs on it, so figures move between runs; only the producers run in this process then'));
  console.log(`\n${producerSection}`);
  if (args['producers-only']) {
    await (await stores.kafka.admin()).deleteTopics({ topics: [topic] }).catch(() => undefined);
    await closeStores(stores);
    if (!args['no-write']) {
      await writeResultsSection(PRODUCER_SECTION, producerSection);
      console.log(`written to ${RESULTS_FILE}`);
    }
    return;
  }

  const servers = { on: await startServer('on', topic), off: await startServer('off', topic) };
  /** Pages the publishing server answered (each queues one page_view), read from its /metrics at the end. */
  let onServerPages = 0;
  let runsOn = 0;
  const results: CaseResult[] = [];
  /** On / off ratio of each round (its two slices each), to show the spread. */
  const roundRatios: { target: Target; kafka: 'up' | 'down'; ratio: number }[] = [];
  let upCounters: EventCounters | undefined;
  let drain: { counters: EventCounters; topicMessages: number; drainSeconds: number; downSeconds: number } | undefined;
  try {
    const cookies: Record<Target, string> = { main: await anonymousCookie(servers.off.base), mypage: await memberCookie(servers.off.base, userId) };
    const paths: Record<Target, string> = { main: '/', mypage: '/mypage' };

    const pids = (mode: Mode) => ({ server: servers[mode].child.pid ?? 0, kafka: runningPid(config.stackDir, 'kafka') ?? 0, loader: process.pid });
    type Cpu = { server: number; kafka: number; loader: number };
    const cpuNow = (mode: Mode): Cpu => {
      const p = pids(mode);
      return { server: cpuMs(p.server) ?? 0, kafka: cpuMs(p.kafka) ?? 0, loader: cpuMs(p.loader) ?? 0 };
    };
    const hit = async (mode: Mode, target: Target, duration: number) => {
      if (mode === 'on') runsOn++;
      const before = cpuNow(mode);
      const r = await autocannon({ url: `${servers[mode].base}${paths[target]}`, connections, duration, headers: { cookie: cookies[target], accept: 'text/html' } });
      const after = cpuNow(mode);
      return { ...r, cpuMs: { server: after.server - before.server, kafka: after.kafka - before.kafka, loader: after.loader - before.loader } };
    };
    const measure = async (target: Target, kafka: 'up' | 'down') => {
      for (const mode of ['on', 'off'] as const) await hit(mode, target, WARMUP_S);
      const halves: Record<Mode, (autocannon.Result & { cpuMs: Cpu })[]> = { on: [], off: [] };
      for (let round = 0; round < rounds; round++) {
        for (const mode of ['on', 'off', 'off', 'on'] as const) halves[mode].push(await hit(mode, target, slice));
        const last = (mode: Mode) => halves[mode].slice(-2).reduce((n, r) => n + r.requests.total, 0);
        roundRatios.push({ target, kafka, ratio: last('on') / last('off') });
        console.log(`  ${target} · Kafka ${kafka} · round ${round + 1}: on ${f0(last('on') / (2 * slice))} req/s, off ${f0(last('off') / (2 * slice))} req/s`);
      }
      for (const mode of ['on', 'off'] as const) {
        const hs = halves[mode];
        const mean = (pick: (r: autocannon.Result) => number) => hs.reduce((n, r) => n + pick(r), 0) / hs.length;
        const requests = hs.reduce((n, r) => n + r.requests.total, 0);
        const perRequest = (pick: (c: Cpu) => number) => (hs.reduce((n, r) => n + pick(r.cpuMs), 0) * 1000) / Math.max(1, requests);
        results.push({
          target,
          mode,
          kafka,
          requests,
          seconds: hs.reduce((n, r) => n + r.duration, 0),
          p50: mean((r) => r.latency.p50),
          p99: mean((r) => r.latency.p99),
          failed: hs.reduce((n, r) => n + r.non2xx + r.errors + r.timeouts, 0),
          cpuUs: { server: perRequest((c) => c.server), kafka: perRequest((c) => c.kafka), loader: perRequest((c) => c.loader) },
        });
      }
    };

    for (const target of ['main', 'mypage'] as const) await measure(target, 'up');
    // With Kafka up nothing may be dropped: the sender must keep up with the pages.
    upCounters = await drained(servers.on.base, 30_000);

    if (!args['keep-kafka']) {
      const log = (line: string) => console.log(`  ${line}`);
      const downAt = Date.now();
      let upAt = downAt;
      try {
        await stackDown(config, log, ['kafka']);
        const ready = await fetch(`${servers.on.base}/readyz`);
        console.log(`  /readyz with Kafka stopped: ${ready.status}`);
        for (const target of ['main', 'mypage'] as const) await measure(target, 'down');
      } finally {
        await stackUp(config, log, { only: ['kafka'], skipSystemPackages: true });
        upAt = Date.now();
      }
      // Everything the publishing server queued must reach the topic (or have been counted as dropped).
      const counters = await drained(servers.on.base, DRAIN_TIMEOUT_MS);
      const drainSeconds = (Date.now() - upAt) / 1000;
      onServerPages = await pagesServed(servers.on.base);
      const kafka = createKafkaStore(config, { clientId: 'bench-web' });
      try {
        const offsets = await (await kafka.admin()).fetchTopicOffsets(topic);
        drain = { counters, topicMessages: offsets.reduce((n, o) => n + Number(o.high), 0), drainSeconds, downSeconds: (upAt - downAt) / 1000 };
      } finally {
        await kafka.close();
      }
    }
  } finally {
    await Promise.all([stopServer(servers.on.child), stopServer(servers.off.child)]);
    await stores.mongo.db.collection(COLLECTIONS.users).deleteMany({ userId });
    await (await stores.kafka.admin()).deleteTopics({ topics: [topic] }).catch(() => undefined);
    await closeStores(stores);
  }

  const find = (target: Target, mode: Mode, kafka: 'up' | 'down') => results.find((r) => r.target === target && r.mode === mode && r.kafka === kafka);
  const rps = (r: CaseResult | undefined) => (r ? r.requests / r.seconds : NaN);
  const lines = [
    SECTION,
    '',
    `Run with \`npx tsx bench/web/run.ts\` (autocannon, ${connections} connections, loopback; ${seconds} s per case in ${rounds} rounds of A-B-B-A slices of ${f1(slice)} s after a ${WARMUP_S} s warm-up; each server in its own process; events to a fresh 3-partition topic).`,
    '',
    ...header,
    '',
    'The main page is requested with a returning anonymous visitor\'s session cookie; `/mypage` with a member\'s (per request: the profile, point total and monthly chart from MongoDB/FerretDB, the session and search rankings from Redis). Each request publishes one `page_view`.',
    '',
    '| page | Kafka | publishing | req/s | p50 ms | p99 ms | failed | CPU µs/req: server | Kafka broker | autocannon |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...results.map(
      (r) =>
        `| ${r.target === 'main' ? '`/`' : '`/mypage` (logged in)'} | ${r.kafka} | ${r.mode} | ${f0(rps(r))} | ${f1(r.p50)} | ${f1(r.p99)} | ${f0(r.failed)} | ${f0(r.cpuUs.server)} | ${f0(r.cpuUs.kafka)} | ${f0(r.cpuUs.loader)} |`,
    ),
    '',
  ];
  const spread = (target: Target, kafka: 'up' | 'down') =>
    roundRatios
      .filter((r) => r.target === target && r.kafka === kafka)
      .map((r) => r.ratio.toFixed(2))
      .join(', ');
  const change = (now: number, then: number) => (now >= then ? `${f1((now / then - 1) * 100)} % above` : `${f1((1 - now / then) * 100)} % below`);
  for (const target of ['main', 'mypage'] as const) {
    const on = rps(find(target, 'on', 'up'));
    const off = rps(find(target, 'off', 'up'));
    const down = rps(find(target, 'on', 'down'));
    const downOff = rps(find(target, 'off', 'down'));
    const failedDown = find(target, 'on', 'down')?.failed ?? NaN;
    const cpuOn = find(target, 'on', 'up')?.cpuUs;
    const cpuOff = find(target, 'off', 'up')?.cpuUs;
    lines.push(
      `- ${target === 'main' ? '`/`' : '`/mypage`'}: publishing on / off = **${(on / off).toFixed(3)}** (cost ${f1((1 - on / off) * 100)} % of throughput; target < 10 %; rounds ${spread(target, 'up')}` +
        (cpuOn && cpuOff ? `; publishing adds ${f0(cpuOn.server - cpuOff.server)} µs of server CPU and ${f0(cpuOn.kafka - cpuOff.kafka)} µs of broker CPU per request)` : ')') +
        (Number.isNaN(down)
          ? '.'
          : `; Kafka stopped: ${f0(down)} req/s, ${change(down, on)} Kafka up — **${change(down / downOff, on / off)}** once both phases are measured against the non-publishing server of the same phase, which takes out the machine's drift between phases (target: < 20 % below) — and ${f0(failedDown)} failed requests (target 0).`),
    );
  }
  if (upCounters) {
    const c = upCounters;
    lines.push(
      '',
      `With Kafka up, after those runs, the publishing server's \`/metrics\` said: published ${f0(c.published)}, dropped ${f0(c.dropped)}, invalid ${f0(c.invalid)}, still buffered ${f0(c.buffered)}, failed batches ${f0(c.failedBatches)}` +
        (c.dropped === 0 && c.buffered === 0 ? ' — the sender thread kept up with the pages.' : ' — **the sender did not keep up**.'),
    );
  }
  if (drain) {
    const c = drain.counters;
    const accounted = c.published + c.dropped + c.invalid;
    const difference = accounted - onServerPages;
    const abandonable = connections * runsOn;
    lines.push(
      '',
      `Kafka was down for ${f1(drain.downSeconds)} s (stop, the runs above, restart). The publishing server answered ${f0(onServerPages)} page requests in all (one page_view each; its own latency histogram's count); afterwards its \`/metrics\` said published ${f0(c.published)}, dropped ${f0(c.dropped)}${c.dropped > 0 ? ' (its buffer was full)' : ''}, invalid ${f0(c.invalid)}, still buffered ${f0(c.buffered)}, failed batches ${f0(c.failedBatches)}; ` +
        (c.buffered === 0 ? `the buffer was empty ${f1(drain.drainSeconds)} s after the restart returned` : `**the buffer still held ${f0(c.buffered)} events ${f1(drain.drainSeconds)} s after the restart returned**`) +
        `, and the topic holds ${f0(drain.topicMessages)} messages (${drain.topicMessages === c.published ? 'exactly the published count' : `published was ${f0(c.published)}`}). ` +
        `Published + dropped + invalid = ${f0(accounted)} events for ${f0(onServerPages)} pages the latency histogram counted; the difference (${f0(difference)}) ` +
        (difference >= 0 && difference <= abandonable
          ? `stays within the requests autocannon abandons when a run ends (${connections} connections × ${runsOn} runs = ${f0(abandonable)}): their handler published the event, the histogram never saw a finished response.`
          : `is **outside** the 0–${f0(abandonable)} that requests autocannon abandons when a run ends (${connections} connections × ${runsOn} runs) could explain: events were ${difference < 0 ? 'lost' : 'counted for pages never answered'}.`),
    );
  }
  lines.push('');
  const section = lines.join('\n');
  console.log(`\n${section}`);
  if (!args['no-write']) {
    await writeResultsSection(PRODUCER_SECTION, producerSection);
    await writeResultsSection(SECTION, section);
    console.log(`written to ${RESULTS_FILE}`);
  }
}

/** The "Kafka producer CPU" section of bench/RESULTS.md from the comparison's figures. */
function producerCpuSection(producers: readonly ProducerCpu[], messages: number, header: readonly string[]): string {
  const writer = producers.find((p) => p.client === 'writer');
  const kafkajs = producers.find((p) => p.client === 'kafkajs');
  const name = (p: ProducerCpu) => (p.client === 'writer' ? 'the project\'s writer (`infra/kafka-writer/`)' : 'kafkajs (idempotent producer)');
  return [
    PRODUCER_SECTION,
    '',
    `Run with \`npx tsx bench/web/run.ts\` (\`bench/web/producer-cpu.ts\`; also alone with \`--producers-only\`): the same ${f0(messages)} serialised \`page_view\` events per slice, keyed, with their \`type\` header, in requests of ${f0(PRODUCER_BATCH)} (the publisher's batch size) with acks=all to a 3-partition topic, ${PRODUCER_ROUNDS} rounds of writer, kafkajs, kafkajs, writer slices. CPU: the benchmark process's user + system time over the sends (every thread), per message; the broker's is not in it.`,
    '',
    ...header,
    '',
    '| producer | messages | CPU µs/message | per slice | messages/s (wall) |',
    '|---|---|---|---|---|',
    ...producers.map((p) => `| ${name(p)} | ${f0(p.messages)} | ${f1(p.cpuUsPerMessage)} | ${p.slices.map(f1).join(', ')} | ${f0(p.messagesPerSecond)} |`),
    '',
    writer && kafkajs ? `kafkajs costs **${(kafkajs.cpuUsPerMessage / writer.cpuUsPerMessage).toFixed(1)}×** the writer's CPU per message in this run.` : '',
    '',
  ].join('\n');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
