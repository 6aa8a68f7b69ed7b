import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { hashPassword } from '../../../../activities/accounts/password';
import { COLLECTIONS } from '../../../../infra/contracts';
import { ageBandOf } from '../../../../domain/age-band';
import { useStores } from '../../../support/stores';
import { Browser, removeTestUsers, signupFields, testApp, testUserId, watchEvents, type EventWatch } from '../../../support/web';

const { stores } = useStores();
const users = () => stores.mongo.db.collection(COLLECTIONS.users);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let app: FastifyInstance;
let watch: EventWatch;

describe('accounts: signup → login → mypage → logout (real Redis, FerretDB, Kafka)', () => {
  before(async () => {
    watch = await watchEvents(stores.kafka.kafka);
    ({ app } = await testApp(stores, { ADMIN_USER_IDS: 'boss_admin_x' }));
  });
  after(() => app.close());

  it('signs a member up and stores only a scrypt hash of the password', async () => {
    const userId = testUserId();
    const browser = new Browser(app);
    const res = await browser.signup(signupFields(userId, { phone: '01098765432' }));
    assert.equal(res.statusCode, 303, res.body.slice(0, 500));
    assert.equal(res.headers.location, '/mypage?welcome=1');
    const doc = await users().findOne({ userId });
    assert.ok(doc);
    assert.match(String(doc.passwordHash), /^scrypt\$32768\$8\$3\$/);
    assert.ok(!JSON.stringify(doc).includes('greenbottle1'), 'the clear password is stored nowhere');
    assert.equal(doc.phone, '010-9876-5432');
    assert.equal(doc.role, 'member');
    assert.equal(doc.region, 'busan');
  });

  it('logs the new member in at signup, in a new session id, and welcomes them on mypage', async () => {
    const userId = testUserId();
    const browser = new Browser(app);
    await browser.get('/signup');
    const anonymousSid = browser.sid;
    assert.ok(anonymousSid);
    const res = await browser.postForm('/signup', signupFields(userId));
    assert.equal(res.statusCode, 303);
    assert.ok(browser.sid && browser.sid !== anonymousSid, 'a new session id at signup (no fixation)');
    assert.equal(await stores.redis.redis.exists(`session:${anonymousSid}`), 0, 'the anonymous session is gone');
    const mypage = await browser.get('/mypage?welcome=1');
    assert.equal(mypage.statusCode, 200);
    assert.match(mypage.body, /가입을 환영해요! 로그인되어 있어요/);
    const [login] = await watch.waitFor((e) => e.type === 'login' && e.user.userId === userId);
    assert.equal(login?.sessionId, browser.sid);
  });

  it('says a required field is required, not that it is too long', async () => {
    const browser = new Browser(app);
    const res = await browser.signup(signupFields(testUserId(), { name: '', email: '   ' }));
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /이름은 꼭 입력해야 해요/);
    assert.match(res.body, /이메일 주소는 꼭 입력해야 해요/);
    assert.doesNotMatch(res.body, /이름을 30자 이내로/);
  });

  it('answers JSON form errors with the same Korean messages as the form, never the validator\'s English', async () => {
    const browser = new Browser(app);
    await browser.get('/signup');
    const long = await browser.postJson('/signup', signupFields(testUserId(), { name: '가'.repeat(31) }));
    assert.equal(long.statusCode, 400);
    const body = long.json<{ code: string; message: string }>();
    assert.deepEqual(Object.keys(body).sort(), ['code', 'message']);
    assert.equal(body.code, 'ValidationFailed');
    assert.match(body.message, /이름을 30자 이내로 입력해 주세요/);
    assert.doesNotMatch(body.message, /must|body\//);
    const empty = await browser.postJson('/signup', { ...signupFields(testUserId()), name: '' });
    assert.match(empty.json<{ message: string }>().message, /이름은 꼭 입력해야 해요/);
    const login = await browser.postJson('/login', { userId: '' , password: '' });
    assert.equal(login.statusCode, 400);
    assert.match(login.json<{ message: string }>().message, /아이디와 비밀번호를 입력해 주세요/);
  });

  it('warns from the 3rd failed login how many tries are left before the 15-minute lock', async () => {
    const userId = testUserId();
    const browser = new Browser(app);
    await browser.signup(signupFields(userId));
    await browser.postForm('/logout', {});
    const tries = [];
    for (let i = 0; i < 4; i++) tries.push(await browser.login(userId, 'wrong9pass'));
    assert.doesNotMatch(tries[0]!.body, /번 더 틀리면/);
    assert.doesNotMatch(tries[1]!.body, /번 더 틀리면/);
    assert.match(tries[2]!.body, /2번 더 틀리면 15분 동안 로그인할 수 없어요/);
    assert.match(tries[3]!.body, /1번 더 틀리면 15분 동안 로그인할 수 없어요/);
    assert.match(tries[3]!.body, /href="\/account\/reset"/, 'the form offers the password reset');
    const json = await browser.postJson('/login', { userId, password: 'wrong9pass' });
    assert.equal(json.statusCode, 401);
    assert.match(json.json<{ message: string }>().message, /15분 동안 로그인할 수 없어요/);
  });

  it('refuses a taken user id with 409 and keeps the form values', async () => {
    const userId = testUserId();
    const browser = new Browser(app);
    assert.equal((await browser.signup(signupFields(userId))).statusCode, 303);
    const again = await browser.signup(signupFields(userId, { name: '다른사람' }));
    assert.equal(again.statusCode, 409);
    assert.match(again.body, /이미 사용 중인 아이디예요/);
    assert.match(again.body, /value="다른사람"/);
  });

  it('names every invalid signup field in Korean (HTML) and refuses it as JSON with 400', async () => {
    const browser = new Browser(app);
    const bad = signupFields('AB', { password: 'short', birthDate: '2999-01-01', gender: 'X', email: 'nope', phone: '02-123-4567', region: 'mars' });
    const res = await browser.signup(bad);
    assert.equal(res.statusCode, 400);
    for (const text of ['아이디는 영문 소문자', '비밀번호는 영문과 숫자', '성별을 선택', '이메일 주소를 확인', '휴대폰 번호를 확인', '사는 지역을 선택']) assert.match(res.body, new RegExp(text));
    const json = await browser.postJson('/signup', bad);
    assert.equal(json.statusCode, 400);
    assert.equal(json.json<{ code: string }>().code, 'ValidationFailed');
  });

  it('refuses a birth date in the future or more than 120 years ago', async () => {
    const browser = new Browser(app);
    await browser.get('/signup');
    const future = await browser.postJson('/signup', signupFields(testUserId(), { birthDate: '2999-01-01' }));
    assert.equal(future.statusCode, 400);
    assert.match(future.json<{ message: string }>().message, /오늘 이전/);
    const ancient = await browser.postJson('/signup', signupFields(testUserId(), { birthDate: '1890-01-01' }));
    assert.equal(ancient.statusCode, 400);
  });

  it('logs in with a NEW session id, shows mypage, and logs out', async () => {
    const userId = testUserId();
    const browser = new Browser(app);
    await browser.signup(signupFields(userId));
    await browser.get('/login');
    const anonymousSid = browser.sid;
    assert.ok(anonymousSid);
    const login = await browser.postForm('/login', { userId, password: 'greenbottle1' });
    assert.equal(login.statusCode, 303);
    assert.equal(login.headers.location, '/mypage');
    assert.ok(browser.sid && browser.sid !== anonymousSid, 'session id changes at login (no fixation)');
    assert.equal(await stores.redis.redis.exists(`session:${anonymousSid}`), 0, 'the anonymous session is gone');

    const mypage = await browser.get('/mypage');
    assert.equal(mypage.statusCode, 200);
    assert.match(mypage.body, /김지구님, 반가워요/);
    assert.match(mypage.body, /0<\/span>등급/);
    assert.match(mypage.body, /14\.5 °C/);
    assert.match(mypage.body, /id="points-chart"/);

    const member = browser.sid;
    const logout = await browser.postForm('/logout', {});
    assert.equal(logout.statusCode, 303);
    assert.equal(await stores.redis.redis.exists(`session:${member}`), 0);
    assert.equal(browser.sid, undefined, 'the cookie is cleared');
    const after = await browser.get('/mypage');
    assert.equal(after.statusCode, 303);
    assert.equal(after.headers.location, '/login?next=%2Fmypage');
  });

  it('refuses a wrong password with 401 and an unknown user the same way', async () => {
    const userId = testUserId();
    const browser = new Browser(app);
    await browser.signup(signupFields(userId));
    const wrong = await browser.login(userId, 'wrongpass1');
    assert.equal(wrong.statusCode, 401);
    assert.match(wrong.body, /아이디 또는 비밀번호가 맞지 않아요/);
    const unknown = await browser.login(testUserId('nobody'), 'wrongpass1');
    assert.equal(unknown.statusCode, 401);
  });

  it('upgrades a hash of the earlier parameters (N=2^15 r=8 p=1) at the next login, in the background', async () => {
    const userId = testUserId();
    const browser = new Browser(app);
    await browser.signup(signupFields(userId));
    const old = await hashPassword('greenbottle1', { N: 2 ** 15, r: 8, p: 1 });
    await users().updateOne({ userId }, { $set: { passwordHash: old } });
    assert.equal((await new Browser(app).login(userId)).statusCode, 303);
    let stored = old;
    for (let i = 0; i < 50 && stored === old; i++) {
      await sleep(100);
      stored = String((await users().findOne({ userId }))?.passwordHash);
    }
    assert.match(stored, /^scrypt\$32768\$8\$3\$/);
    assert.equal((await new Browser(app).login(userId)).statusCode, 303, 'the new hash verifies the same password');
  });

  it('returns to the page that asked for a login, but never to another site', async () => {
    const userId = testUserId();
    const browser = new Browser(app);
    await browser.signup(signupFields(userId));
    await browser.postForm('/logout', {});
    const gate = await browser.get('/ecopoint/1');
    assert.equal(gate.headers.location, '/login?next=%2Fecopoint%2F1');
    await browser.get('/login?next=%2Fecopoint%2F1');
    const back = await browser.postForm('/login', { userId, password: 'greenbottle1', next: '/ecopoint/1' });
    assert.equal(back.headers.location, '/ecopoint/1');
    const other = new Browser(app);
    await other.get('/login');
    const evil = await other.postForm('/login', { userId, password: 'greenbottle1', next: '//evil.example/' });
    assert.equal(evil.headers.location, '/mypage');
  });

  it('gives the admin role to a user id listed in ADMIN_USER_IDS', async () => {
    const browser = new Browser(app);
    await users().deleteOne({ userId: 'boss_admin_x' });
    await browser.signup(signupFields('boss_admin_x'));
    await browser.login('boss_admin_x');
    const me = await app.inject({ method: 'GET', url: '/api/me', headers: { cookie: `ciao_sid=${browser.sid}` } });
    assert.equal(me.statusCode, 200);
    assert.equal(me.json<{ role: string }>().role, 'admin');
    const session = JSON.parse((await stores.redis.redis.get(`session:${browser.sid}`))!) as { member: { role: string } };
    assert.equal(session.member.role, 'admin');
    await users().deleteOne({ userId: 'boss_admin_x' });
  });

  it('publishes login and logout (button) with the member dimensions', async () => {
    const userId = testUserId();
    const browser = new Browser(app);
    await browser.signup(signupFields(userId, { gender: 'M', birthDate: '1960-01-01', region: 'jeju' }));
    await browser.login(userId);
    await browser.postForm('/logout', {});
    const [login] = await watch.waitFor((e) => e.type === 'login' && e.user.userId === userId && e.page === '/login');
    assert.deepEqual(login!.user, { userId, gender: 'M', ageBand: ageBandOf('1960-01-01'), region: 'jeju' });
    assert.match(login!.time, /\+09:00$/);
    const [logout] = await watch.waitFor((e) => e.type === 'logout' && e.user.userId === userId);
    assert.deepEqual(logout!.data, { method: 'button' });
    assert.equal(logout!.sessionId, login!.sessionId);
  });
});

describe('session expiry (SESSION_TTL_S=2)', () => {
  let shortApp: FastifyInstance;
  before(async () => {
    ({ app: shortApp } = await testApp(stores, { SESSION_TTL_S: '2' }));
  });
  after(async () => {
    await shortApp.close();
    await watch.stop();
    await removeTestUsers(stores);
  });

  it('keeps an active session alive: every request restarts the clock', async () => {
    const userId = testUserId();
    const browser = new Browser(shortApp);
    await browser.signup(signupFields(userId));
    await browser.login(userId);
    for (let i = 0; i < 4; i++) {
      await sleep(1000);
      assert.equal((await browser.get('/mypage')).statusCode, 200, `request ${i} after ${i + 1} s`);
    }
    assert.ok((await stores.redis.redis.ttl(`session:${browser.sid}`)) > 0);
  });

  it('expires an idle session, sends the member to login, and reports session_expired once', async () => {
    const userId = testUserId();
    const browser = new Browser(shortApp);
    await browser.signup(signupFields(userId, { gender: 'W', birthDate: '2001-07-01', region: 'gangwon' }));
    await browser.login(userId);
    const expiredSid = browser.sid!;
    await sleep(3000);
    const res = await browser.get('/mypage');
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/login?next=%2Fmypage&expired=1');
    assert.equal(browser.sid, undefined, 'the stale cookie is cleared');
    const login = await browser.get(res.headers.location);
    assert.match(login.body, /2초 동안 활동이 없어/);
    const [event] = await watch.waitFor((e) => e.type === 'logout' && e.sessionId === expiredSid);
    assert.deepEqual(event!.data, { method: 'session_expired' });
    assert.deepEqual(event!.user, { userId, gender: 'W', ageBand: ageBandOf('2001-07-01'), region: 'gangwon' });
    // The same stale cookie again: no second event.
    await shortApp.inject({ method: 'GET', url: '/', headers: { cookie: `ciao_sid=${expiredSid}` } });
    await sleep(1500);
    assert.equal(watch.seen((e) => e.type === 'logout' && e.sessionId === expiredSid).length, 1);
  });
});
