/**
 * Eco-point benchmark (figures, not a timed test; issue 14):
 * (a) upload → verdict: a 4032×3024 phone-size JPEG (≈ 4 MB, with EXIF date) stored and checked, run
 *     through the detector (eco point 1) or OCR (eco point 2) and recorded — from `submitUpload` (what the
 *     upload route calls once multipart has the bytes) to the workflow's result — with 1 member at a time
 *     and 4 members at once (targets: p95 < 1.5 s for eco point 1, < 4 s for eco point 2 on 2 cores). The
 *     upload workflow's worker runs in this process, the models in the real inference worker process;
 * (b) the duplicate lookup at 10,000 and 1,000,000 stored hashes (target < 5 ms), in a private redis-server.
 * Writes the "Eco points" section of bench/RESULTS.md. Run it in the test data namespace, so the app's data is
 * never touched (its members, points and images are removed afterwards):
 *
 *   bash scripts/with-test-env.sh node --import tsx bench/ecopoint/run.ts [--rounds 3] [--no-write] [--skip-lookup]
 */
import { parseArgs } from 'node:util';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import sharp from 'sharp';
import { createActivities } from '../../activities';
import { submitUpload, waitForVerdict } from '../../control/ecopoint-upload';
import type { EcoPointService } from '../../domain/ecopoint-verdicts';
import { loadConfig } from '../../infra/config';
import { closeStores, createStores } from '../../infra/stores';
import { codedErrorsInterceptor } from '../../workers/coded-errors';
import { petPhoto, receiptImage } from '../../test/support/ecopoint-images';
import { forgetDuplicateIndex, removeTestUploads, startInferenceProcess, testEventContext, testQueues } from '../../test/support/ecopoint';
import { TEST_DATA_PREFIX } from '../../test/support/test-env';
import { machineFacts } from '../support/machine';
import { writeResultsSection } from '../support/results';
import { benchDuplicateLookup, type LookupFigures } from './duplicate-lookup';

const W = 4032;
const H = 3024;
const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Phone-size photos: a scene rendered small, upscaled, with sensor-like noise so the JPEG weighs ≈ 4 MB. */
async function phoneImages(service: EcoPointService, count: number, noise: Buffer): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const small =
      service === 1
        ? await petPhoto({ seed: Math.floor(Math.random() * 1e9) })
        : await receiptImage({ shop: `벤치마트 ${Math.floor(Math.random() * 1e6)}호점`, items: [['무라벨 생수 2L', 1200], ['바나나우유 240ml', 1700], ['라벨프리 탄산수', 1100]] });
    out.push(
      await sharp(small)
        .keepExif()
        .resize(W, H, { fit: 'contain', background: '#9e9486' })
        .composite([{ input: noise, raw: { width: W, height: H, channels: 3 }, blend: 'soft-light' }])
        .jpeg({ quality: 94 })
        .toBuffer(),
    );
  }
  return out;
}

interface LatencyRow {
  readonly service: EcoPointService;
  readonly members: number;
  readonly p50: number;
  readonly p95: number;
  readonly n: number;
  readonly accepted: number;
  readonly meanBytes: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' }, 'no-write': { type: 'boolean', default: false }, 'skip-lookup': { type: 'boolean', default: false } } });
  const rounds = Number(values.rounds);
  const facts = machineFacts('the whole local stack and other engineers\' work share the 2 cores');
  const config = loadConfig();
  if (config.dataPrefix !== TEST_DATA_PREFIX) throw new Error('run the benchmark in the test data namespace: bash scripts/with-test-env.sh node --import tsx bench/ecopoint/run.ts');
  const stores = createStores(config);
  const queues = testQueues();
  const members: string[] = [];
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const worker = await Worker.create({ connection, namespace: config.temporal.namespace, taskQueue: queues.taskQueue, workflowsPath: require.resolve('../../workflows'), activities: createActivities({ stores }), interceptors: { activity: [codedErrorsInterceptor] } });
  const running = worker.run();
  const inference = startInferenceProcess(queues.inferenceTaskQueue);
  const rows: LatencyRow[] = [];
  let lookup: LookupFigures[] = [];
  try {
    await forgetDuplicateIndex(stores);
    const client = await stores.temporal.client();
    const targets = { db: stores.mongo.db, temporal: client, ...queues };
    console.log('making phone-size images…');
    const noise = await sharp({ create: { width: W, height: H, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 18 } } }).raw().toBuffer();
    await sleep(3000); // the inference worker loads its model
    for (const service of [1, 2] as const) {
      // Warm-up (first workflow, first OCR) is not measured.
      const [warm] = await phoneImages(service, 1, noise);
      const warmId = `bench_${Date.now().toString(36)}w${service}`;
      members.push(warmId);
      await waitForVerdict(client, await submitUpload(targets, { userId: warmId, service, bytes: warm!, event: testEventContext(warmId) }));
      for (const concurrent of [1, 4]) {
        const images = await phoneImages(service, concurrent * rounds, noise);
        const times: number[] = [];
        let accepted = 0;
        for (let r = 0; r < rounds; r++) {
          await Promise.all(
            images.slice(r * concurrent, (r + 1) * concurrent).map(async (bytes, i) => {
              const userId = `bench_${Date.now().toString(36)}${r}${i}`.slice(0, 20);
              members.push(userId);
              const t = performance.now();
              const verdict = await waitForVerdict(client, await submitUpload(targets, { userId, service, bytes, event: testEventContext(userId, `/ecopoint/${service}`) }));
              times.push(performance.now() - t);
              if (verdict.accepted) accepted++;
            }),
          );
        }
        times.sort((a, b) => a - b);
        const row = { service, members: concurrent, p50: percentile(times, 50), p95: percentile(times, 95), n: times.length, accepted, meanBytes: images.reduce((n, b) => n + b.length, 0) / images.length };
        console.log(JSON.stringify(row));
        rows.push(row);
      }
    }
    if (!values['skip-lookup']) {
      console.log('duplicate lookup: filling a private Redis to 10,000 and 1,000,000 hashes…');
      lookup = await benchDuplicateLookup([10_000, 1_000_000], 300);
      for (const l of lookup) console.log(JSON.stringify(l));
    }
  } finally {
    inference.kill('SIGTERM');
    worker.shutdown();
    await running;
    await connection.close();
    await removeTestUploads(stores, members);
    await closeStores(stores);
  }

  const target = (s: EcoPointService) => (s === 1 ? 1500 : 4000);
  const lines = [
    '## Eco points',
    '',
    `Run with \`bash scripts/with-test-env.sh node --import tsx bench/ecopoint/run.ts --rounds ${rounds}\`.`,
    '',
    ...facts,
    '',
    `**(a) Upload → verdict** for ${W}×${H} JPEGs with EXIF (mean size below), from \`submitUpload\` (type check, GridFS + record, workflow start) to the workflow's result: checks (EXIF, SHA-256, pHash, Redis claims) → model on the inference worker process (detector 2 threads, or Tesseract kor+eng) → training sample, grant, event. One warm-up upload per service first; each upload by a new member (the daily quota).`,
    '',
    '| service | members at once | p50 ms | p95 ms | target p95 | uploads | accepted | mean MB |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.service === 1 ? '1 (photo → detector)' : '2 (receipt → OCR)'} | ${r.members} | ${r.p50.toFixed(0)} | ${r.p95.toFixed(0)} | < ${target(r.service)} | ${r.n} | ${r.accepted} | ${(r.meanBytes / 1024 / 1024).toFixed(1)} |`),
    '',
  ];
  if (lookup.length > 0) {
    lines.push(
      `**(b) Duplicate lookup** — the claim script (\`claimImage\`: 68 band sets read, candidates compared in Lua, the new image filed) in a private redis-server, ${lookup[0]?.lookups ?? 0} lookups per size; a "near copy" is a stored hash with 5 bits flipped (it must be found):`,
      '',
      '| stored hashes | new image p50 ms | p95 ms | near copy p50 ms | p95 ms | near copies found | Redis memory MB | fill s |',
      '|---|---|---|---|---|---|---|---|',
      ...lookup.map((l) => `| ${l.stored.toLocaleString('en-US')} | ${l.newImage.p50.toFixed(2)} | ${l.newImage.p95.toFixed(2)} | ${l.nearCopy.p50.toFixed(2)} | ${l.nearCopy.p95.toFixed(2)} | ${l.nearCopiesFound}/${l.lookups} | ${l.usedMemoryMb.toFixed(0)} | ${l.fillSeconds.toFixed(0)} |`),
      '',
    );
  }
  const section = lines.join('\n');
  console.log(section);
  if (!values['no-write']) await writeResultsSection('## Eco points', section);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
