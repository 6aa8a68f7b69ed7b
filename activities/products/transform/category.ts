/**
 * The category of a product from its normalised title (and the shop's category label as a hint), and
 * whether it is carbonated. Checked from the most specific kind to the most general: a "탄산수" is water but
 * belongs under 탄산수, a "보리차" is a drink but belongs under 차.
 */

/** Product categories, as the search page shows them. */
export const CATEGORIES = ['커피', '차', '탄산수', '음료', '생수', '기타'] as const;
/** One product category. */
export type ProductCategory = (typeof CATEGORIES)[number];

const RULES: readonly { readonly category: ProductCategory; readonly pattern: RegExp }[] = [
  { category: '커피', pattern: /커피|아메리카노|라떼|콜드\s*브루|에스프레소|coffee|starbucks|\bTOP\b/i },
  { category: '차', pattern: /녹차|보리차|옥수수\s*수염차|헛개|하늘보리|결명자|둥굴레|홍차|우롱|자스민|루이보스|(?:^|\s)(?:차|티|tea)(?=\s|$)|티\s*음료/i },
  { category: '탄산수', pattern: /탄산수|스파클링|sparkling|트레비|씨그램|초정|라인바싸|perrier|pellegrino|탄산\s*워터/i },
  { category: '음료', pattern: /콜라|사이다|이온\s*음료|주스|두유|음료|에이드|포카리|게토레이|토레타|제로|밀크|우유/i },
  { category: '생수', pattern: /생수|샘물|먹는\s*물|(?:^|\s)물(?=\s|$)|미네랄\s*워터|암반수|지하수|심층수|워터|water|제주삼다수|아이시스|백산수|평창수|몽베르|석수|evian|volvic|fiji|탐사/i },
];

const CARBONATED = /탄산|스파클링|sparkling|콜라|사이다|에이드|소다|soda|perrier|pellegrino|트레비|씨그램|초정|라인바싸/i;

/** Category and carbonated flag of a product. */
export interface CategoryFacts {
  readonly category: ProductCategory;
  readonly carbonated: boolean;
}

/**
 * Classifies a product.
 * @param title the normalised title
 * @param shopCategory the shop's own category label, used when the title alone says nothing
 */
export function classifyProduct(title: string, shopCategory: string | null): CategoryFacts {
  const byTitle = RULES.find((rule) => rule.pattern.test(title))?.category;
  const byShop = shopCategory ? RULES.find((rule) => rule.pattern.test(shopCategory))?.category : undefined;
  const category = byTitle ?? byShop ?? '기타';
  return { category, carbonated: category === '탄산수' || CARBONATED.test(title) || (category !== '생수' && !!shopCategory && CARBONATED.test(shopCategory)) };
}
