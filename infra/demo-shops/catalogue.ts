/**
 * The demo catalogue: what the local shops sell. Deterministic (seeded): the same seed gives the same
 * listings, prices and titles on every machine, so tests can count on them.
 *
 * A shared pool of label-free products (real Korean brands and lines, real pack sizes) is listed by several
 * shops, each at its own price and in its own title style — the formats that make the transform hard
 * (`2L x 6개`, `500ml*20병`, `생수 1.5L 12입`, `무라벨 탄산수 350mL×24`, `2리터`, `1.5L*6+1.5L*6`) — plus each
 * shop's noise (유라벨, 유무 선택, 랜덤발송, accessories, mixed bundles).
 */
import { SeededRandom } from '../../activities/logs/loadgen/seeded-random';

/** Kind of drink, as the shops label it. */
export type Kind = 'water' | 'sparkling' | 'tea' | 'coffee' | 'drink';

interface Family {
  readonly brand: string;
  readonly lines: readonly string[];
  readonly kind: Kind;
  /** Packs sold: [ml per item, items]. */
  readonly packs: readonly (readonly [number, number])[];
  /** Price factor against the kind's base price (imported water costs more). */
  readonly premium?: number;
}

const WATER_PACKS = [[2000, 6], [2000, 12], [500, 20], [500, 40], [330, 20], [1000, 12], [1500, 12]] as const;
const SPARKLING_PACKS = [[350, 24], [500, 20], [300, 20], [500, 24]] as const;
const TEA_PACKS = [[500, 20], [1500, 12], [340, 20]] as const;

const FAMILIES: readonly Family[] = [
  { brand: '제주삼다수', lines: ['그린', ''], kind: 'water', packs: WATER_PACKS },
  { brand: '아이시스', lines: ['8.0 ECO', '평화공원'], kind: 'water', packs: WATER_PACKS },
  { brand: '백산수', lines: [''], kind: 'water', packs: WATER_PACKS },
  { brand: '평창수', lines: [''], kind: 'water', packs: WATER_PACKS },
  { brand: '몽베르', lines: ['', '미네랄'], kind: 'water', packs: WATER_PACKS },
  { brand: '풀무원샘물', lines: [''], kind: 'water', packs: WATER_PACKS },
  { brand: '동원샘물', lines: [''], kind: 'water', packs: WATER_PACKS },
  { brand: '석수', lines: [''], kind: 'water', packs: WATER_PACKS },
  { brand: '곰곰', lines: ['깨끗한 샘물'], kind: 'water', packs: WATER_PACKS },
  { brand: '노브랜드', lines: ['미네랄 워터'], kind: 'water', packs: WATER_PACKS },
  { brand: 'Evian', lines: [''], kind: 'water', packs: [[500, 24], [330, 24], [1250, 6]], premium: 2.6 },
  { brand: 'Volvic', lines: [''], kind: 'water', packs: [[500, 24], [1500, 12]], premium: 2.2 },
  { brand: '트레비', lines: ['플레인', '레몬', '라임', '자몽'], kind: 'sparkling', packs: SPARKLING_PACKS },
  { brand: '씨그램', lines: ['플레인', '레몬', '라임'], kind: 'sparkling', packs: SPARKLING_PACKS },
  { brand: '초정탄산수', lines: ['플레인', '레몬'], kind: 'sparkling', packs: SPARKLING_PACKS },
  { brand: '라인바싸', lines: ['플레인', '레몬', '자몽'], kind: 'sparkling', packs: SPARKLING_PACKS },
  { brand: 'Perrier', lines: ['오리지널'], kind: 'sparkling', packs: [[330, 24]], premium: 1.8 },
  { brand: '하늘보리', lines: [''], kind: 'tea', packs: TEA_PACKS },
  { brand: '광동', lines: ['옥수수수염차', '헛개차', '결명자차'], kind: 'tea', packs: TEA_PACKS },
  { brand: '보성', lines: ['녹차'], kind: 'tea', packs: TEA_PACKS },
  { brand: '휘오', lines: ['순수'], kind: 'water', packs: WATER_PACKS },
  { brand: '스파클', lines: [''], kind: 'water', packs: WATER_PACKS },
  { brand: '지리산', lines: ['산청수'], kind: 'water', packs: WATER_PACKS },
  { brand: '탐사', lines: ['스파클링 플레인', '스파클링 레몬'], kind: 'sparkling', packs: SPARKLING_PACKS },
  { brand: '빙그레', lines: ['아카페라 아메리카노'], kind: 'coffee', packs: [[240, 20]] },
  { brand: '포카리스웨트', lines: [''], kind: 'drink', packs: [[500, 20], [340, 24], [1500, 12]] },
  { brand: '코멧', lines: ['블랙커피', '콜드브루 블랙', '아메리카노'], kind: 'coffee', packs: [[270, 20], [500, 20], [250, 30]] },
  { brand: 'TOP', lines: ['스위트 아메리카노', '더 블랙'], kind: 'coffee', packs: [[275, 20], [380, 24]] },
  { brand: '코카콜라', lines: ['제로'], kind: 'drink', packs: [[500, 24], [300, 24], [1500, 12]] },
  { brand: '칠성사이다', lines: ['제로'], kind: 'drink', packs: [[500, 24], [300, 24]] },
  { brand: '토레타', lines: [''], kind: 'drink', packs: [[500, 20], [340, 24]] },
  { brand: '코멧', lines: ['두유', '이온음료'], kind: 'drink', packs: [[190, 24], [500, 20]] },
];

/** Won per item at the kind's reference price, by ml. */
function baseItemPrice(kind: Kind, ml: number): number {
  const perMl = { water: 0.42, sparkling: 1.9, tea: 1.45, coffee: 3.3, drink: 2.1 }[kind];
  // Small bottles cost more per ml.
  return perMl * ml * (1 + 300 / (ml + 300));
}

/** One product of the shared pool (before a shop writes its title). */
export interface PoolProduct {
  readonly brand: string;
  readonly line: string;
  readonly kind: Kind;
  readonly ml: number;
  readonly qty: number;
  /** Reference price of the pack, won. */
  readonly price: number;
}

/** Every product of the pool, in a fixed order. */
export function productPool(): PoolProduct[] {
  const pool: PoolProduct[] = [];
  for (const family of FAMILIES) {
    for (const line of family.lines) {
      for (const [ml, qty] of family.packs) {
        pool.push({ brand: family.brand, line, kind: family.kind, ml, qty, price: baseItemPrice(family.kind, ml) * qty * (family.premium ?? 1) });
      }
    }
  }
  return pool;
}

/** How a shop presents its catalogue. */
export type ShopLayout = 'numbered' | 'infinite-scroll' | 'embedded-json';

/** One demo shop. */
export interface DemoShop {
  /** Adapter id and URL prefix, e.g. `green-mart`. */
  readonly id: string;
  readonly name: string;
  readonly layout: ShopLayout;
  /** Price factor of the shop (some are cheaper). */
  readonly priceFactor: number;
  /** Share of the pool the shop lists. */
  readonly coverage: number;
}

/** The demo shops. */
export const DEMO_SHOPS: readonly DemoShop[] = [
  { id: 'green-mart', name: '그린마트', layout: 'numbered', priceFactor: 1, coverage: 0.88 },
  { id: 'eco-box', name: '에코박스', layout: 'infinite-scroll', priceFactor: 0.96, coverage: 0.82 },
  { id: 'mul-maru', name: '물마루', layout: 'embedded-json', priceFactor: 1.04, coverage: 0.82 },
];

/** One listing on a demo shop. */
export interface DemoListing {
  readonly shop: string;
  readonly itemId: string;
  readonly title: string;
  /** Price in won; null when the shop shows none (sold out, broken markup). */
  readonly price: number | null;
  readonly category: string;
  /** Whether the transform should drop it (noise), for tests. */
  readonly noise: boolean;
}

/** The shops' category label of each kind. */
export const KIND_LABEL: Record<Kind, string> = { water: '생수', sparkling: '탄산수', tea: '차음료', coffee: '커피', drink: '음료' };

function volumeText(ml: number, rng: SeededRandom, style: 'plain' | 'korean' | 'mixed-case'): string {
  if (ml >= 1000 && ml % 100 === 0) {
    const litres = String(ml / 1000);
    if (style === 'korean' && rng.chance(0.5)) return `${litres}리터`;
    return rng.chance(0.15) ? `${litres}l` : `${litres}L`;
  }
  if (style === 'mixed-case') return rng.pick([`${ml}mL`, `${ml}ML`, `${ml}ml`, `${ml}㎖`]);
  return `${ml}ml`;
}

function name(p: PoolProduct): string {
  return p.line ? `${p.brand} ${p.line}` : p.brand;
}

/** Each shop's way of writing a title. */
export const TITLE_STYLES: Record<string, (p: PoolProduct, rng: SeededRandom) => string> = {
  'green-mart': (p, rng) => {
    const v = volumeText(p.ml, rng, 'plain');
    const pre = rng.chance(0.2) ? rng.pick(['[무료배송] ', '★특가★ ', '[당일발송] ']) : '';
    return rng.chance(0.7) ? `${pre}${name(p)} 무라벨 ${v} x ${p.qty}입` : `${pre}${name(p)} 무라벨 ${v} x ${p.qty}개`;
  },
  'eco-box': (p, rng) => {
    const v = volumeText(p.ml, rng, 'mixed-case');
    const brand = p.brand === 'Evian' ? rng.pick(['EVIAN', '에비앙']) : p.brand === '트레비' && rng.chance(0.5) ? 'TREVI' : p.brand;
    const label = p.line ? `${brand} ${p.line}` : brand;
    switch (rng.int(0, 3)) {
      case 0:
        return `무라벨 ${label} ${v}*${p.qty}병`;
      case 1:
        return `${label} 무라벨 ${KIND_LABEL[p.kind]} ${v}×${p.qty}`;
      case 2:
        return `${KIND_LABEL[p.kind]} ${label} ${v} ${p.qty}입 (무라벨)`;
      default:
        return `무라벨 ${label}　${v}　${p.qty}개`;
    }
  },
  'mul-maru': (p, rng) => {
    const v = volumeText(p.ml, rng, 'korean');
    const spaced = p.brand === '제주삼다수' ? '제주 삼다수' : p.brand === '풀무원샘물' ? '풀무원 샘물' : p.brand;
    const label = p.line ? `${spaced} ${p.line}` : spaced;
    if (p.qty % 2 === 0 && rng.chance(0.25)) return `${label} 에코 ${v}*${p.qty / 2}+${v}*${p.qty / 2}`;
    if (p.qty % 2 === 0 && rng.chance(0.2)) return `${label} 무라벨 ${v} ${p.qty / 2}개입 2팩`;
    if (rng.chance(0.2)) return `(${KIND_LABEL[p.kind]}) ${label} 라벨프리 ${v} 총 ${p.qty}개`;
    return `${label} ECO ${v} ${p.qty}병`;
  },
};

/** Noise listings, by kind of noise (the transform drops each). */
export const NOISE_TITLES: readonly ((p: PoolProduct) => string)[] = [
  (p) => `[유라벨] ${name(p)} ${p.ml >= 1000 ? `${p.ml / 1000}L` : `${p.ml}ml`} x ${p.qty}`,
  (p) => `${name(p)} ${p.ml >= 1000 ? `${p.ml / 1000}L` : `${p.ml}ml`} ${p.qty}병 유무 선택`,
  (p) => `${name(p)} 유/무라벨 ${p.ml}ml x ${p.qty}`,
  (p) => `무라벨 ${KIND_LABEL[p.kind]} ${p.ml}ml x ${p.qty} 랜덤발송`,
  (p) => `${name(p)} ${p.ml}ml ${p.qty}개 (디자인 랜덤)`,
  () => '생수병 거치대 2L용 스테인리스',
  () => '무라벨 생수 1.5L x 6 + 500ml x 6 혼합 세트',
  () => '정수기 필터 교체용 3개입',
];

function roundPrice(won: number): number {
  return Math.max(100, Math.round(won / 10) * 10);
}

function idOf(shop: string, n: number, rng: SeededRandom): string {
  if (shop === 'green-mart') return `GM-${10001 + n}`;
  if (shop === 'eco-box') return `eb_${rng.hex(8)}`;
  return String(700100 + n * 7);
}

/**
 * The listings of every demo shop, in their listing order.
 * @param seed the catalogue's seed (default 42)
 */
export function buildDemoCatalogue(seed = 42): Map<string, DemoListing[]> {
  const root = new SeededRandom(seed);
  const pool = productPool();
  const out = new Map<string, DemoListing[]>();
  for (const shop of DEMO_SHOPS) {
    const rng = root.fork(shop.id);
    const listings: DemoListing[] = [];
    let n = 0;
    const push = (title: string, price: number | null, category: string, noise: boolean) => {
      listings.push({ shop: shop.id, itemId: idOf(shop.id, n++, rng), title, price, category, noise });
    };
    for (const p of pool) {
      if (!rng.chance(shop.coverage)) continue;
      const price = roundPrice(p.price * shop.priceFactor * (0.92 + rng.next() * 0.16));
      push(TITLE_STYLES[shop.id]?.(p, rng) ?? name(p), price, KIND_LABEL[p.kind], false);
      // Now and then the shop lists the same product twice (another seller, another price).
      if (rng.chance(0.04)) push(TITLE_STYLES[shop.id]?.(p, rng) ?? name(p), roundPrice(price * 1.05), KIND_LABEL[p.kind], false);
      if (rng.chance(0.09)) {
        const noisy = rng.pick(NOISE_TITLES)(p);
        push(noisy, roundPrice(p.price * 0.9), KIND_LABEL[p.kind], true);
      }
    }
    // Shuffle deterministically so one page mixes kinds, as shops' "recommended" order does.
    for (let i = listings.length - 1; i > 0; i--) {
      const j = rng.int(0, i);
      [listings[i], listings[j]] = [listings[j] as DemoListing, listings[i] as DemoListing];
    }
    out.set(shop.id, listings);
  }
  return out;
}
