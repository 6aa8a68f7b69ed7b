/**
 * Who may open `/admin`: admins only. Anonymous browsers are sent to the login page (and come back), API
 * calls get 401, members without the admin role get 403; the stylesheet and scripts stay public.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../../web/app';
import { useStores } from '../../../support/stores';
import { Browser, loginAsAdmin, removeTestUsers, signupFields, testUserId, withTestAdmin } from '../../../support/web';

const { config: storeConfig, stores } = useStores();
const { config, adminId } = withTestAdmin(storeConfig);

describe('admin pages are behind the admin role (real Redis and FerretDB)', () => {
  let app: FastifyInstance;
  let member: Browser;
  let admin: Browser;

  before(async () => {
    app = await buildApp({ config, stores, logger: false, events: { enabled: false } });
    await app.ready();
    member = new Browser(app);
    const userId = testUserId();
    await member.signup(signupFields(userId));
    assert.equal((await member.login(userId)).statusCode, 303);
    admin = await loginAsAdmin(app, adminId);
  });
  after(async () => {
    await app.close();
    await removeTestUsers(stores);
  });

  it('sends an anonymous browser to the login page, to come back afterwards', async () => {
    for (const url of ['/admin', '/admin/dags', '/admin/logs/live?date=2006-01-02', '/admin/logs/weekly', '/admin/nothing']) {
      const res = await new Browser(app).get(url);
      assert.equal(res.statusCode, 303, url);
      assert.equal(res.headers.location, `/login?next=${encodeURIComponent(url)}`, url);
    }
  });

  it('answers an anonymous API call with 401 JSON', async () => {
    const res = await new Browser(app).fetch('/admin/api/logs/live');
    assert.equal(res.statusCode, 401);
    assert.equal(res.json<{ code: string }>().code, 'Unauthorized');
  });

  it('refuses a member without the admin role with 403 (HTML page and JSON)', async () => {
    const page = await member.get('/admin/dags');
    assert.equal(page.statusCode, 403);
    assert.match(page.headers['content-type'] as string, /text\/html/);
    assert.match(page.body, /관리자만 볼 수 있는 페이지예요/);
    const api = await member.fetch('/admin/api/logs/live');
    assert.equal(api.statusCode, 403);
    assert.equal(api.json<{ code: string }>().code, 'Forbidden');
    assert.equal((await member.get('/admin/nothing')).statusCode, 403, 'unknown paths too');
  });

  it('lets an admin in, from any address', async () => {
    assert.doesNotMatch(admin.ip, /^127\./);
    const res = await admin.get('/admin/dags');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /DAG 목록/);
    assert.equal((await admin.fetch('/admin/api/logs/live')).statusCode, 200);
    assert.equal((await admin.get('/admin/nothing')).statusCode, 404);
  });

  it('serves the stylesheet and scripts to anyone', async () => {
    const page = await admin.get('/admin/dags');
    const links = [...page.body.matchAll(/(?:href|src)="(\/admin\/static\/[^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
    assert.ok(links.length > 0);
    for (const url of links) assert.equal((await new Browser(app).get(url)).statusCode, 200, url);
  });
});
