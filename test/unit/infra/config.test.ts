import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig, parseHostPort } from '../../../infra/config';
import { isCiaoError } from '../../../domain/errors';

describe('loadConfig', () => {
  it('defaults every endpoint to the local stack on 127.0.0.1', () => {
    const c = loadConfig({});
    assert.equal(c.temporal.address, '127.0.0.1:7233');
    assert.deepEqual(c.kafka.brokers, ['127.0.0.1:9092']);
    assert.equal(c.redis.url, 'redis://127.0.0.1:6379');
    assert.equal(c.mongo.url, 'mongodb://127.0.0.1:27017');
    assert.equal(c.search.url, 'http://127.0.0.1:9200');
    assert.equal(c.hdfs.url, 'http://127.0.0.1:9870');
    assert.equal(c.web.port, 3000);
  });

  it('reads variables and converts numbers', () => {
    const c = loadConfig({ WEB_PORT: '8080', KAFKA_BROKERS: 'k1:9092, k2:9092', OPENSEARCH_URL: 'http://search:9200/' });
    assert.equal(c.web.port, 8080);
    assert.deepEqual(c.kafka.brokers, ['k1:9092', 'k2:9092']);
    assert.equal(c.search.url, 'http://search:9200');
  });

  it('rejects a bad value with ConfigInvalid naming the variable', () => {
    assert.throws(
      () => loadConfig({ WEB_PORT: 'eighty' }),
      (err: unknown) => isCiaoError(err, 'ConfigInvalid') && /WEB_PORT/.test(err.message),
    );
  });

  it('returns a frozen object', () => {
    const c = loadConfig({});
    assert.ok(Object.isFrozen(c) && Object.isFrozen(c.kafka) && Object.isFrozen(c.kafka.brokers));
  });
});

describe('parseHostPort', () => {
  it('parses host:port, URLs and falls back to the default port', () => {
    assert.deepEqual(parseHostPort('127.0.0.1:9092', 1), { host: '127.0.0.1', port: 9092 });
    assert.deepEqual(parseHostPort('redis://cache:6380', 6379), { host: 'cache', port: 6380 });
    assert.deepEqual(parseHostPort('mongodb://db', 27017), { host: 'db', port: 27017 });
  });
});
