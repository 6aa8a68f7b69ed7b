import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FastifyError } from 'fastify';
import { InfraError } from '../../../domain/errors';
import { describeError } from '../../../web/plugins/app/error-handler';

const fastifyError = (statusCode: number, message: string, extra: Partial<FastifyError> = {}): FastifyError => Object.assign(new Error(message), { statusCode, code: 'FST_X', name: 'FastifyError', ...extra });

describe('describeError', () => {
  it('maps a CiaoError code through the one status table', () => {
    assert.deepEqual(describeError(new InfraError('Forbidden', '안 돼요')), { status: 403, code: 'Forbidden', message: '안 돼요' });
    assert.equal(describeError(new InfraError('RateLimited', 'x')).status, 429);
  });

  it('answers 400 ValidationFailed in Korean for schema errors, never with the validator\'s English', () => {
    const err = fastifyError(400, 'body/password must be string', { validation: [] });
    const d = describeError(err);
    assert.equal(d.status, 400);
    assert.equal(d.code, 'ValidationFailed');
    assert.match(d.message, /형식이 맞지 않는/);
  });

  it('turns the body limit into 413 PayloadTooLarge with a Korean message', () => {
    const d = describeError(fastifyError(413, 'Request body is too large'));
    assert.equal(d.status, 413);
    assert.equal(d.code, 'PayloadTooLarge');
    assert.match(d.message, /크기를 넘었어요/);
  });

  it('hides the details of server errors', () => {
    const d = describeError(new TypeError("Cannot read properties of undefined (reading 'userId') at 10.0.0.5"));
    assert.equal(d.status, 500);
    assert.equal(d.code, 'InternalError');
    assert.ok(!d.message.includes('10.0.0.5'));
  });

  it('answers 503 "잠시 후 다시" for a store that did not answer, never 500, without its details', () => {
    for (const err of [new Error('connect ECONNREFUSED 10.0.0.5:27017'), Object.assign(new Error('Server selection timed out after 5000 ms'), { name: 'MongoServerSelectionError' })]) {
      const d = describeError(err);
      assert.equal(d.status, 503);
      assert.equal(d.code, 'ServiceUnavailable');
      assert.match(d.message, /잠시 후 다시 시도해 주세요/);
      assert.ok(!d.message.includes('10.0.0.5') && !d.message.includes('5000'));
    }
  });

  it('hides the message of a 5xx CiaoError too', () => {
    const d = describeError(new InfraError('ServiceUnavailable', 'redis at 10.0.0.7 is down'));
    assert.equal(d.status, 503);
    assert.ok(!d.message.includes('10.0.0.7'));
  });
});
