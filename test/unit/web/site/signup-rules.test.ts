import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { birthDateProblem, fieldErrorsMessage, fieldErrorsOf, FIELD_MESSAGES, normalizePhone, REQUIRED_MESSAGES, safeNextPath, signupProblems } from '../../../../web/site/accounts/signup-rules';
import { failedLoginMessage } from '../../../../web/site/routes/accounts';

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
    const errors = fieldErrorsOf([{ instancePath: '/userId' }, { instancePath: '', params: { missingProperty: 'region' } }, { instancePath: '/whatever' }], { userId: 'AB' });
    assert.deepEqual(errors, { userId: FIELD_MESSAGES.userId, region: REQUIRED_MESSAGES.region });
  });
});

describe('required fields', () => {
  it('says an empty or missing field is required, and a wrong one what its rule is', () => {
    const issues = [{ instancePath: '/name' }, { instancePath: '/email' }, { instancePath: '', params: { missingProperty: 'phone' } }];
    const errors = fieldErrorsOf(issues, { name: '  ', email: 'nope' });
    assert.deepEqual(errors, { name: REQUIRED_MESSAGES.name, email: FIELD_MESSAGES.email, phone: REQUIRED_MESSAGES.phone });
    assert.match(errors.name ?? '', /꼭 입력해야 해요/);
  });

  it('joins field messages into one sentence for JSON errors', () => {
    assert.equal(fieldErrorsMessage({ name: REQUIRED_MESSAGES.name, email: FIELD_MESSAGES.email }), `${REQUIRED_MESSAGES.name} ${FIELD_MESSAGES.email}`);
    assert.match(fieldErrorsMessage({}), /형식이 맞지 않는/);
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

describe('failed login message', () => {
  it('warns from the 3rd failure how many tries are left and how long the lock lasts', () => {
    assert.equal(failedLoginMessage(4, 15, 5), '아이디 또는 비밀번호가 맞지 않아요.');
    assert.equal(failedLoginMessage(3, 15, 5), '아이디 또는 비밀번호가 맞지 않아요.');
    assert.match(failedLoginMessage(2, 15, 5), /2번 더 틀리면 15분 동안 로그인할 수 없어요/);
    assert.match(failedLoginMessage(0, 15, 5), /15분 동안 로그인할 수 없어요/);
  });
});
