import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { verifyPassword } from '../../../activities/accounts/password';
import { createAdmin } from '../../../activities/accounts/create-admin';
import { createUser, findUser, listAdmins } from '../../../activities/accounts/users';
import { buildApp } from '../../../web/app';
import { useStores } from '../../support/stores';
import { Browser, removeTestUsers, signupFields, testUserId } from '../../support/web';

const { config, stores } = useStores();

describe('ciao admin create (real FerretDB)', () => {
  after(() => removeTestUsers(stores));

  it('creates an admin account with a one-time password that logs in to /admin', async () => {
    const userId = testUserId('adm');
    const result = await createAdmin(stores.mongo.db, { userId, email: `${userId}@example.com` });
    assert.equal(result.created, true);
    assert.match(result.password ?? '', /^(?=.*[A-Za-z])(?=.*[0-9]).{20}$/);
    const doc = await findUser(stores.mongo.db, userId);
    assert.equal(doc?.role, 'admin');
    assert.ok(await verifyPassword(result.password ?? '', doc?.passwordHash ?? ''), 'only the hash is stored, and it matches');
    assert.ok((await listAdmins(stores.mongo.db)).includes(userId));

    const app = await buildApp({ config, stores, logger: false });
    try {
      const browser = new Browser(app);
      assert.equal((await browser.login(userId, result.password)).statusCode, 303);
      assert.equal((await browser.get('/admin/dags')).statusCode, 200, 'the new admin sees the admin pages');
    } finally {
      await app.close();
    }
  });

  it('gives an existing member the role and leaves the password alone', async () => {
    const userId = testUserId('mem');
    const fields = signupFields(userId);
    await createUser(stores.mongo.db, { userId, password: fields.password ?? '', name: '김지구', birthDate: '1990-01-01', gender: 'M', email: `${userId}@example.com`, phone: '010-1111-2222', region: 'seoul' });
    const result = await createAdmin(stores.mongo.db, { userId });
    assert.deepEqual(result, { userId, created: false });
    const doc = await findUser(stores.mongo.db, userId);
    assert.equal(doc?.role, 'admin');
    assert.ok(await verifyPassword(fields.password ?? '', doc?.passwordHash ?? ''));
  });

  it('refuses a malformed id', async () => {
    await assert.rejects(createAdmin(stores.mongo.db, { userId: 'Bad Id' }), /lower-case letters/);
  });
});
