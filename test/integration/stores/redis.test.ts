import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useStores, uniqueSuffix } from '../../support/stores';

const { stores } = useStores();

describe('redis (real server)', () => {
  it('sets and gets a value with an expiry', async () => {
    const key = `test:kv:${uniqueSuffix()}`;
    await stores.redis.redis.set(key, '라벨프리', 'EX', 60);
    assert.equal(await stores.redis.redis.get(key), '라벨프리');
    const ttl = await stores.redis.redis.ttl(key);
    assert.ok(ttl > 0 && ttl <= 60);
    await stores.redis.redis.del(key);
  });

  it('runs a Lua script that increments counters and stores an offset atomically', async () => {
    const prefix = `test:lua:${uniqueSuffix()}`;
    const script = `
      local n = tonumber(ARGV[1])
      for i = 1, n do redis.call('HINCRBY', KEYS[1], 'count', 1) end
      redis.call('SET', KEYS[2], ARGV[2])
      return redis.call('HGET', KEYS[1], 'count')`;
    const first = await stores.redis.redis.eval(script, 2, `${prefix}:counts`, `${prefix}:offset`, '3', '42');
    const second = await stores.redis.redis.eval(script, 2, `${prefix}:counts`, `${prefix}:offset`, '2', '44');
    assert.equal(first, '3');
    assert.equal(second, '5');
    assert.equal(await stores.redis.redis.get(`${prefix}:offset`), '44');
    await stores.redis.redis.del(`${prefix}:counts`, `${prefix}:offset`);
  });
});
