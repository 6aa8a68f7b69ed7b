import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../../infra/config';
import { createKafkaStore } from '../../../infra/kafka';
import { createRedisStore } from '../../../infra/redis';
import { buildApp } from '../../../web/app';
import { useStores } from '../../support/stores';
import { Browser, testApp } from '../../support/web';

const { stores } = useStores();

/** The value of the sample `name{labels}` (labels as printed, '' for none) in a Prometheus text body. */
function sample(body: string, name: string, labels = ''): number | undefined {
  const line = body.split('\n').find((l) => l.startsWith(`${name}${labels} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

/** Sum of every sample of `name` whose labels contain all of `parts`. */
function sumOf(body: string, name: string, parts: readonly string[]): number {
  return body
    .split('\n')
    .filter((l) => l.startsWith(`${name}{`) && parts.every((p) => l.includes(p)))
    .reduce((n, l) => n + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}

interface Readiness {
  status: string;
  services: { service: string; ok: boolean; required: boolean; detail: string }[];
  events: { buffered: number; dropped: number; kafkaConnected: boolean };
}

describe('/metrics and /readyz (real Redis, FerretDB, Kafka)', () => {
  let app: FastifyInstance;
  before(async () => {
    ({ app } = await testApp(stores));
  });
  after(() => app.close());

  it('counts request latency by route pattern and status after a few requests', async () => {
    const browser = new Browser(app);
    for (let i = 0; i < 3; i++) assert.equal((await browser.get('/')).statusCode, 200);
    assert.equal((await browser.get('/about')).statusCode, 200);
    assert.equal((await browser.get('/no-such-page')).statusCode, 404);
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/plain; version=0\.0\.4/);
    const body = res.body;
    assert.match(body, /# TYPE ciao_http_request_duration_seconds histogram/);
    assert.equal(sample(body, 'ciao_http_request_duration_seconds_count', '{method="GET",route="/",status_code="200"}'), 3);
    assert.equal(sample(body, 'ciao_http_request_duration_seconds_count', '{method="GET",route="/about",status_code="200"}'), 1);
    assert.equal(sample(body, 'ciao_http_request_duration_seconds_count', '{method="GET",route="unmatched",status_code="404"}'), 1);
    const seconds = sample(body, 'ciao_http_request_duration_seconds_sum', '{method="GET",route="/",status_code="200"}') ?? -1;
    assert.ok(seconds > 0 && seconds < 30, `three renders took ${seconds} s in all`);
    // Every request falls in the +Inf bucket; the buckets are cumulative.
    assert.equal(sumOf(body, 'ciao_http_request_duration_seconds_bucket', ['route="/"', 'le="+Inf"']), 3);
    assert.ok(sumOf(body, 'ciao_http_request_duration_seconds_bucket', ['route="/"', 'le="0.001"']) <= 3);
  });

  it('exports the event publisher counters, read at scrape time', async () => {
    const browser = new Browser(app);
    await browser.get('/');
    await browser.get('/about');
    const deadline = Date.now() + 15_000;
    while (app.events.stats().buffered > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const stats = app.events.stats();
    const body = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    for (const name of ['ciao_events_published_total', 'ciao_events_dropped_total', 'ciao_events_invalid_total', 'ciao_events_failed_batches_total']) {
      assert.match(body, new RegExp(`# TYPE ${name} counter`));
    }
    assert.match(body, /# TYPE ciao_events_buffered gauge/);
    const published = sample(body, 'ciao_events_published_total') ?? -1;
    assert.ok(published >= 2, `at least the two page views were published (${published})`);
    assert.equal(published, app.events.stats().published, 'the figure is the publisher’s own');
    assert.equal(sample(body, 'ciao_events_buffered'), stats.buffered);
    assert.equal(sample(body, 'ciao_events_dropped_total'), 0);
    assert.equal(sample(body, 'ciao_events_invalid_total'), 0);
    assert.equal(sample(body, 'ciao_events_kafka_connected'), 1);
    assert.ok((sample(body, 'ciao_process_resident_memory_bytes') ?? 0) > 0, 'process metrics too');
  });

  it('is ready with Redis and MongoDB up and reports each dependency', async () => {
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json<Readiness>();
    assert.equal(body.status, 'ready');
    assert.deepEqual(
      body.services.map((s) => [s.service, s.ok, s.required]),
      [
        ['redis', true, true],
        ['mongo', true, true],
        ['kafka', true, false],
      ],
    );
    assert.equal(typeof body.events.buffered, 'number');
    assert.equal(res.headers['set-cookie'], undefined, 'a probe gets no session');
  });

  it('stays ready when Kafka is unreachable, reporting it down and the events buffered', async () => {
    const deadKafka = createKafkaStore(loadConfig({ ...process.env, KAFKA_BROKERS: '127.0.0.1:1' }));
    const config = loadConfig();
    const offline = await buildApp({ config, stores: { ...stores, kafka: deadKafka }, logger: false });
    try {
      await offline.ready();
      assert.equal((await new Browser(offline).get('/')).statusCode, 200, 'pages still render');
      const res = await offline.inject({ method: 'GET', url: '/readyz' });
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json<Readiness>();
      const kafka = body.services.find((s) => s.service === 'kafka');
      assert.equal(kafka?.ok, false);
      assert.equal(kafka?.required, false);
      assert.ok(body.events.buffered >= 1, `the page view waits in the buffer (${body.events.buffered})`);
      assert.equal(body.events.kafkaConnected, false);
    } finally {
      await offline.close();
      await deadKafka.close();
    }
  });

  it('is not ready (503) when Redis, which holds the sessions, does not answer', async () => {
    const config = loadConfig();
    const deadRedis = createRedisStore(loadConfig({ ...process.env, REDIS_URL: 'redis://127.0.0.1:1' }), { maxRetriesPerRequest: 0 });
    const offline = await buildApp({ config, stores: { ...stores, redis: deadRedis }, logger: false, events: { enabled: false } });
    try {
      await offline.ready();
      const res = await offline.inject({ method: 'GET', url: '/readyz' });
      assert.equal(res.statusCode, 503, res.body);
      const body = res.json<Readiness>();
      assert.equal(body.status, 'not_ready');
      assert.deepEqual(
        body.services.map((s) => [s.service, s.ok]),
        [
          ['redis', false],
          ['mongo', true],
          ['kafka', true],
        ],
      );
    } finally {
      await offline.close();
      await deadRedis.close();
    }
  });
});
