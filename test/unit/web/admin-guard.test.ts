import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Fastify from 'fastify';
import { adminGuard, isLoopback } from '../../../web/plugins/admin-guard';

describe('admin guard', () => {
  it('treats 127.0.0.0/8, ::1 and IPv4-mapped loopback as local', () => {
    for (const a of ['127.0.0.1', '127.255.0.9', '::1', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1']) assert.equal(isLoopback(a), true, a);
  });

  it('treats every other address, and a missing one, as remote', () => {
    for (const a of ['10.1.2.3', '128.0.0.1', '::ffff:10.1.2.3', '::2', '::', 'localhost', '', undefined]) assert.equal(isLoopback(a), false, String(a));
  });

  it('answers 403 to a remote client only on the routes of the context that registers it', async () => {
    const app = Fastify();
    await app.register(
      async (admin) => {
        await admin.register(adminGuard);
        admin.get('/page', () => 'secret');
      },
      { prefix: '/admin' },
    );
    app.get('/public', () => 'hello');
    assert.equal((await app.inject({ url: '/admin/page', remoteAddress: '10.1.2.3' })).statusCode, 403);
    assert.equal((await app.inject({ url: '/admin/page', remoteAddress: '127.0.0.1' })).body, 'secret');
    assert.equal((await app.inject({ url: '/public', remoteAddress: '10.1.2.3' })).body, 'hello');
    await app.close();
  });
});
