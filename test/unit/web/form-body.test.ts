import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFormBody } from '../../../web/plugins/app/form-body';

describe('parseFormBody', () => {
  it('decodes fields, Korean included', () => {
    assert.deepEqual(parseFormBody('userId=kim&name=%EA%B9%80%EC%A7%80%EA%B5%AC&a+b=c+d'), { userId: 'kim', name: '김지구', 'a b': 'c d' });
  });

  it('keeps bracket syntax as a literal field name, never a nested object', () => {
    const body: Record<string, string | undefined> = parseFormBody('userId=kim&password%5B%24ne%5D=');
    assert.equal(body.password, undefined);
    assert.deepEqual(body, { userId: 'kim', 'password[$ne]': '' });
  });

  it('stores __proto__ as a plain field without touching the prototype', () => {
    const body = parseFormBody('__proto__=x&constructor=y');
    assert.equal(Object.getPrototypeOf(body), Object.prototype);
    assert.equal(Object.getOwnPropertyDescriptor(body, '__proto__')?.value, 'x');
    assert.equal(({} as Record<string, unknown>).x, undefined);
  });

  it('keeps the last value of a repeated field', () => {
    assert.deepEqual(parseFormBody('a=1&a=2'), { a: '2' });
  });
});
