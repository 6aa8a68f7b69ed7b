import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../../../infra/config';
import { buildApp } from '../../../../web/app';
import type { Mail, MailSender } from '../../../../web/mail/mail-sender';
import { useStores } from '../../../support/stores';
import { Browser, removeTestUsers, signupFields, testUserId } from '../../../support/web';

const { stores } = useStores();

/** Keeps every mail instead of sending it. */
class RecordingMailer implements MailSender {
  readonly sent: Mail[] = [];
  send(mail: Mail): Promise<void> {
    this.sent.push(mail);
    return Promise.resolve();
  }
  to(address: string): Mail[] {
    return this.sent.filter((m) => m.to.toLowerCase() === address.toLowerCase());
  }
}

describe('account recovery: find my id, reset the password by an e-mailed link (real Redis, FerretDB)', () => {
  let app: FastifyInstance;
  const mailer = new RecordingMailer();
  const config = loadConfig({ ...process.env, WEB_PUBLIC_URL: 'https://ciao.example' });

  /** A member who signed up (then logged out), and their browser. */
  async function member(overrides: Record<string, string> = {}): Promise<{ userId: string; email: string; browser: Browser }> {
    const userId = testUserId('rc');
    const fields = signupFields(userId, overrides);
    const browser = new Browser(app);
    assert.equal((await browser.signup(fields)).statusCode, 303);
    await browser.postForm('/logout', {});
    await browser.get('/login');
    return { userId, email: fields.email ?? '', browser };
  }

  const linkIn = (mail: Mail | undefined): string => {
    const link = /https:\/\/ciao\.example(\/account\/reset\/[A-Za-z0-9_-]{43})/.exec(mail?.text ?? '')?.[1];
    assert.ok(link, `a reset link in ${mail?.text ?? 'no mail'}`);
    return link;
  };

  before(async () => {
    app = await buildApp({ config, stores, logger: false, mailer });
    await app.ready();
  });
  after(async () => {
    await app.close();
    await removeTestUsers(stores);
  });

  it('mails the ids of an e-mail address to it, and answers an unknown address the same way', async () => {
    const { userId, email, browser } = await member();
    await browser.get('/account/find-id');
    const found = await browser.postForm('/account/find-id', { email: email.toUpperCase() });
    assert.equal(found.statusCode, 200);
    assert.match(found.body, /메일을 보냈어요/);
    const [mail] = mailer.to(email);
    assert.ok(mail?.text.includes(userId), 'the mail names the id');
    const before = mailer.sent.length;
    const unknown = await browser.postForm('/account/find-id', { email: `nobody_${userId}@example.com` });
    assert.equal(unknown.statusCode, 200);
    assert.match(unknown.body, /메일을 보냈어요/, 'the same answer: nobody learns whether the address is a member');
    assert.equal(mailer.sent.length, before, 'but no mail');
  });

  it('resets a password through a one-time link, and the old password stops working', async () => {
    const { userId, email, browser } = await member();
    await browser.get('/account/reset');
    const wrong = await browser.postForm('/account/reset', { userId, email: `other_${email}` });
    assert.match(wrong.body, /메일을 보냈어요/);
    assert.equal(mailer.to(email).filter((m) => m.subject.includes('비밀번호')).length, 0, 'no link for a wrong address');
    await browser.postForm('/account/reset', { userId, email });
    const link = linkIn(mailer.to(email).find((m) => m.subject.includes('비밀번호')));

    const form = await browser.get(link);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /새 비밀번호 정하기/);
    const mismatch = await browser.postForm(link, { password: 'newbottle22', passwordConfirm: 'newbottle23' });
    assert.equal(mismatch.statusCode, 400);
    assert.match(mismatch.body, /비밀번호가 서로 달라요/);
    const done = await browser.postForm(link, { password: 'newbottle22', passwordConfirm: 'newbottle22' });
    assert.equal(done.statusCode, 303);
    assert.equal(done.headers.location, '/login?reset=1');

    assert.equal((await browser.login(userId, 'greenbottle1')).statusCode, 401, 'the old password is refused');
    assert.equal((await browser.login(userId, 'newbottle22')).statusCode, 303, 'the new one works');
    const again = await new Browser(app).get(link);
    assert.equal(again.statusCode, 410, 'the link works once');
    assert.match(again.body, /만료되었거나 이미 사용되었어요/);
  });

  it('ends the failed-login lock with the new password', async () => {
    const { userId, email, browser } = await member();
    for (let i = 0; i < 5; i++) await browser.login(userId, 'wrong9pass');
    assert.equal((await browser.login(userId, 'greenbottle1')).statusCode, 429, 'locked');
    await browser.get('/account/reset');
    await browser.postForm('/account/reset', { userId, email });
    const link = linkIn(mailer.to(email).find((m) => m.subject.includes('비밀번호')));
    await browser.get(link);
    assert.equal((await browser.postForm(link, { password: 'freshbottle3', passwordConfirm: 'freshbottle3' })).statusCode, 303);
    assert.equal((await browser.login(userId, 'freshbottle3')).statusCode, 303);
  });

  it('says which field is required, in Korean, as a form and as JSON', async () => {
    const browser = new Browser(app);
    await browser.get('/account/reset');
    const page = await browser.postForm('/account/reset', { userId: '', email: '' });
    assert.equal(page.statusCode, 400);
    assert.match(page.body, /아이디는 꼭 입력해야 해요/);
    const json = await browser.postJson('/account/find-id', { email: 'nope' });
    assert.equal(json.statusCode, 400);
    assert.deepEqual(json.json(), { code: 'ValidationFailed', message: '이메일 주소를 확인해 주세요. (예: name@example.com)' });
  });

  it('limits mail requests to 5 per client in 15 minutes (429, Korean, Retry-After)', async () => {
    const browser = new Browser(app);
    await browser.get('/account/find-id');
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push((await browser.postForm('/account/find-id', { email: `flood${i}@example.com` })).statusCode);
    assert.deepEqual(codes, [200, 200, 200, 200, 200, 429]);
    const json = await browser.postJson('/account/find-id', { email: 'flood@example.com' });
    assert.equal(json.statusCode, 429);
    assert.equal(json.json<{ code: string }>().code, 'RateLimited');
    assert.match(json.json<{ message: string }>().message, /요청이 너무 많아요/);
    assert.ok(Number(json.headers['retry-after']) > 0);
  });
});
