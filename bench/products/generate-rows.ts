/**
 * Raw rows for the transform benchmark: the demo catalogue's products and title styles, each product in one
 * of 400 two-word "editions" so that a million rows hold tens of thousands of distinct products (and cross-shop
 * duplicates), with the shops' noise (about 6 %) and a few rows without a price. Deterministic (seeded).
 */
import fs from 'node:fs';
import { SeededRandom } from '../../activities/logs/loadgen/seeded-random';
import type { RawProduct } from '../../activities/products/raw-product';
import { DEMO_SHOPS, KIND_LABEL, NOISE_TITLES, productPool, TITLE_STYLES } from '../../infra/demo-shops/catalogue';

/** Edition words: 20 × 20 two-word editions multiply the catalogue's products. */
const EDITION_A = ['봄', '여름', '가을', '겨울', '산', '바다', '숲', '별', '달', '해', '구름', '바람', '호수', '들녘', '강', '섬', '꽃', '눈', '비', '빛'];
const EDITION_B = ['에디션', '한정판', '기획', '스페셜', '패밀리', '리미티드', '클래식', '오리지널', '프리미엄', '라이트', '플러스', '베이직', '프레시', '내추럴', '퓨어', '마일드', '소프트', '시그니처', '데일리', '홈'];

const SOURCES: Readonly<Record<string, string>> = { 'green-mart': 'gm', 'eco-box': 'eb', 'mul-maru': 'mm' };

/**
 * Writes `count` raw rows as JSON lines to one file per shop (as land_raw does).
 * @returns the files and the bytes written
 */
export function writeRawRows(count: number, folder: string, seed = 7): { files: string[]; bytes: number } {
  const rng = new SeededRandom(seed);
  const pool = productPool();
  const out = new Map(DEMO_SHOPS.map((s) => [s.id, fs.openSync(`${folder}/shop=${s.id}.jsonl`, 'w')]));
  let bytes = 0;
  const buffers = new Map<string, string[]>(DEMO_SHOPS.map((s) => [s.id, []]));
  const flush = (shop: string) => {
    const lines = buffers.get(shop) ?? [];
    if (lines.length === 0) return;
    const text = lines.join('');
    bytes += Buffer.byteLength(text);
    fs.writeSync(out.get(shop) ?? 0, text);
    buffers.set(shop, []);
  };
  for (let i = 0; i < count; i++) {
    const shop = rng.pick(DEMO_SHOPS).id;
    const base = rng.pick(pool);
    const product = { ...base, line: `${base.line} ${rng.pick(EDITION_A)}${rng.pick(EDITION_B)}`.trim() };
    const noise = rng.chance(0.06);
    const title = noise ? rng.pick(NOISE_TITLES)(product) : (TITLE_STYLES[shop]?.(product, rng) ?? product.brand);
    const row: RawProduct = {
      shop,
      source: SOURCES[shop] ?? 'xx',
      shopItemId: `${SOURCES[shop]}-${i}`,
      title,
      price: rng.chance(0.005) ? null : Math.round((product.price * (0.9 + rng.next() * 0.2)) / 10) * 10,
      link: `http://127.0.0.1:4100/${shop}/item/${i}`,
      imageUrl: null,
      shopCategory: KIND_LABEL[product.kind],
      pageUrl: `http://127.0.0.1:4100/${shop}/list?page=${1 + Math.floor(i / 24)}`,
      crawledAt: '2026-12-06T02:00:00+09:00',
    };
    const lines = buffers.get(shop) ?? [];
    lines.push(`${JSON.stringify(row)}\n`);
    buffers.set(shop, lines);
    if (lines.length >= 10_000) flush(shop);
  }
  for (const shop of out.keys()) flush(shop);
  for (const fd of out.values()) fs.closeSync(fd);
  return { files: DEMO_SHOPS.map((s) => `${folder}/shop=${s.id}.jsonl`), bytes };
}
