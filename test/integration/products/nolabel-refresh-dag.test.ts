import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { aliasTargets, countDocs, listIndexes } from '../../../activities/search/index-admin';
import { sandboxNaming } from '../../../activities/products/pipeline-naming';
import { waitForRun } from '../../../control/runs';
import { triggerDag } from '../../../control/trigger';
import { isCiaoError } from '../../../domain/errors';
import { PROJECT_ROOT } from '../../../infra/config';
import { startDemoShops, type DemoShopsServer } from '../../../infra/demo-shops/server';
import { uniqueSuffix, useStores } from '../../support/stores';
import { randomMinuteIn } from '../../support/dag-runs';
import { useWorker } from '../../support/worker';

const sandbox = `t-${uniqueSuffix()}`;
const naming = sandboxNaming(sandbox);
let shops: DemoShopsServer | undefined;
const crawlWorkers: ChildProcess[] = [];

// Registered before useStores, so it runs while the stores are open.
after(async () => {
  for (const worker of crawlWorkers) if (worker.exitCode === null) worker.kill('SIGKILL');
  await shops?.close();
  await stores.hdfs.hdfs.delete(`/ciao/tmp/sandbox/${sandbox}`, { recursive: true });
  const indexes = await listIndexes(stores.search.client, naming.indexPrefix);
  if (indexes.length > 0) await stores.search.client.indices.delete({ index: indexes.join(',') });
  const admin = await stores.kafka.admin();
  await admin.deleteTopics({ topics: [naming.topic] }).catch(() => undefined);
});
const { config, stores } = useStores();
useWorker(config, stores);

before(async () => {
  shops = await startDemoShops({ slowMs: 4000 });
});

/** The `crawl` worker in its own process, as `npm start` runs it. */
function startCrawlWorker(): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'workers/crawl.ts')], { cwd: PROJECT_ROOT, stdio: ['ignore', 'ignore', 'inherit'], env: process.env });
  crawlWorkers.push(child);
  return child;
}

/** A logical date no earlier test run used: a random Sunday-ish day in 2003. */
// A weekly DAG has 52 intervals a year: draw from 50 years, so reruns on a long-lived stack do not meet an earlier run.
const freshDate = (): Date => randomMinuteIn(2003, 50);

async function storedPages(): Promise<number> {
  const root = `${naming.stagingRoot}/products_crawl`;
  try {
    const days = await stores.hdfs.hdfs.list(root);
    let n = 0;
    for (const day of days) {
      for (const run of await stores.hdfs.hdfs.list(`${root}/${day.pathSuffix}`)) {
        n += (await stores.hdfs.hdfs.list(`${root}/${day.pathSuffix}/${run.pathSuffix}/shop=green-mart/pages`).catch(() => [])).length;
      }
    }
    return n;
  } catch (err) {
    if (isCiaoError(err, 'NotFound')) return 0;
    throw err;
  }
}

describe('nolabel_refresh through Temporal (sandbox names)', { timeout: 600_000 }, () => {
  it('crawls the demo shops on the crawl queue and the alias serves the new index', async () => {
    const worker = startCrawlWorker();
    const client = await stores.temporal.client();
    const run = await triggerDag(client, 'nolabel_refresh', { conf: { sandbox, baseUrl: shops?.url, pageTimeoutS: 3 }, date: freshDate() });
    const result = await waitForRun(client, run.workflowId, run.runId);
    worker.kill('SIGTERM');
    assert.equal(result.status, 'success', JSON.stringify(result.tasks.filter((t) => t.state !== 'success')));
    const [served] = await aliasTargets(stores.search.client, naming.alias);
    assert.match(served ?? '', new RegExp(`^${naming.indexPrefix}\\d{8}-1$`));
    assert.ok((await countDocs(stores.search.client, naming.alias)) > 200);
  });

  it('a crawl worker killed with -9 mid-crawl is replaced, the crawl resumes, and the day has each listing once', async () => {
    const first = startCrawlWorker();
    const client = await stores.temporal.client();
    const run = await triggerDag(client, 'nolabel_refresh', { conf: { sandbox, baseUrl: shops?.url, pageTimeoutS: 3, shops: ['green-mart'], minRatio: 0 }, date: freshDate() });
    const deadline = Date.now() + 120_000;
    while ((await storedPages()) < 3) {
      assert.ok(Date.now() < deadline, 'the crawl stored no pages');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    first.kill('SIGKILL');
    const killedAt = await storedPages();
    assert.ok(killedAt < 10, `the crawl had already finished (${killedAt} pages)`);
    const second = startCrawlWorker();
    const result = await waitForRun(client, run.workflowId, run.runId);
    second.kill('SIGTERM');
    assert.equal(result.status, 'success', JSON.stringify(result.tasks.filter((t) => t.state !== 'success')));
    const crawl = result.tasks.find((t) => t.taskId === 'crawl');
    assert.ok((crawl?.mapped?.[0]?.attempts ?? crawl?.attempts ?? 0) >= 2, 'the crawl was not retried');
    const landed = result.outputs.land_raw as { path: string; partitions: { path: string; parts: string[] }[] };
    const part = landed.partitions[0];
    assert.ok(part);
    const ids = (await stores.hdfs.hdfs.readFile(`${part.path}/${part.parts[0]}`)).toString('utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { shopItemId: string }).shopItemId);
    assert.equal(ids.length, shops?.catalogue.get('green-mart')?.length);
    assert.equal(new Set(ids).size, ids.length, 'a listing landed twice');
  });
});
