import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { birthDateProblem, fieldErrorsOf, FIELD_MESSAGES, normalizePhone, safeNextPath, signupProblems } from '../../../../web/site/accounts/signup-rules';

const now = new Date('2026-03-10T03:00:00Z'); // 12:00 in Seoul

describe('birth date rule', () => {
  it('accepts a real past date', () => {
    assert.equal(birthDateProblem('1995-02-28', now), null);
    assert.equal(birthDateProblem('2000-02-29', now), null);
  });

  it('refuses a day that does not exist', () => {
    assert.match(birthDateProblem('1995-02-30', now) ?? '', /없는 날짜/);
    assert.match(birthDateProblem('1995-13-01', now) ?? '', /없는 날짜/);
  });

  it('refuses today and the future (Seoul day)', () => {
    assert.match(birthDateProblem('2026-03-10', now) ?? '', /오늘 이전/);
    assert.match(birthDateProblem('2030-01-01', now) ?? '', /오늘 이전/);
  });

  it('refuses ages over 120 and accepts exactly 120', () => {
    assert.equal(birthDateProblem('1905-03-11', now), null);
    assert.match(birthDateProblem('1905-03-10', now) ?? '', /120세/);
  });
});

describe('signup problems', () => {
  it('reports a mismatched password confirmation', () => {
    assert.deepEqual(signupProblems({ birthDate: '1990-01-01', password: 'abc12345', passwordConfirm: 'abc12346' }, now), { passwordConfirm: FIELD_MESSAGES.passwordConfirm });
    assert.deepEqual(signupProblems({ birthDate: '1990-01-01', password: 'abc12345' }, now), {});
  });
});

describe('phone numbers', () => {
  it('formats digits with dashes', () => {
    assert.equal(normalizePhone('01012345678'), '010-1234-5678');
    assert.equal(normalizePhone('010-1234-5678'), '010-1234-5678');
    assert.equal(normalizePhone('0111234567'), '011-123-4567');
  });
});

describe('schema issues as field messages', () => {
  it('maps paths and missing properties to fields, ignoring unknown ones', () => {
    const errors = fieldErrorsOf([{ instancePath: '/userId' }, { instancePath: '', params: { missingProperty: 'region' } }, { instancePath: '/whatever' }]);
    assert.deepEqual(errors, { userId: FIELD_MESSAGES.userId, region: FIELD_MESSAGES.region });
  });
});

describe('next path after login', () => {
  it('keeps same-site paths only', () => {
    assert.equal(safeNextPath('/mypage'), '/mypage');
    assert.equal(safeNextPath('/ecopoint/1?x=1'), '/ecopoint/1?x=1');
    assert.equal(safeNextPath('//evil.example'), null);
    assert.equal(safeNextPath('/\\evil.example'), null);
    assert.equal(safeNextPath('https://evil.example'), null);
    assert.equal(safeNextPath(undefined), null);
  });
});
