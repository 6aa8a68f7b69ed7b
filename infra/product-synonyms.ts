/**
 * The search-time synonyms of the product index: the rules of `infra/product-synonyms.txt` (Solr format) plus
 * one group per known brand (its display name and every spelling of `brands.ts`), in the form OpenSearch's
 * `synonym_graph` filter takes inline. build_index reads them when it creates an index, so each dated index
 * carries the synonyms of the build that made it (see infra/search-indexes.ts).
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BRANDS, type Brand } from '../activities/products/transform/brands';
import { InfraError } from '../domain/errors';

/** The synonyms file shipped with each new product index. */
export const PRODUCT_SYNONYMS_FILE = join(__dirname, 'product-synonyms.txt');

/** Rules ready for the index settings, and a short fingerprint of them (kept in the index's `_meta`). */
export interface ProductSynonyms {
  readonly rules: readonly string[];
  /** First 12 hex digits of the rules' SHA-1. */
  readonly fingerprint: string;
}

/**
 * Parses Solr-format synonym text: `#` comments and blank lines are skipped, words are lower-cased and trimmed.
 * @throws InfraError `ValidationFailed` naming the line of a rule with fewer than two words or an empty side
 */
export function parseSynonymRules(text: string, source = 'synonyms'): string[] {
  const rules: string[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const rule = line.replace(/#.*$/, '').trim();
    if (!rule) return;
    const sides = rule.split('=>');
    const words = sides.map((side) => side.split(',').map((w) => w.trim().toLowerCase()));
    const bad = sides.length > 2 || words.some((side) => side.some((w) => w === '')) || (sides.length === 1 && (words[0]?.length ?? 0) < 2);
    if (bad) throw new InfraError('ValidationFailed', `${source} line ${i + 1}: "${rule}" is not a synonym rule (a, b, c or a, b => c)`, { line: i + 1 });
    rules.push(words.map((side) => side.join(', ')).join(' => '));
  });
  return rules;
}

/** One rule per brand with another spelling: `제주삼다수, 삼다수, samdasoo, jeju samdasoo`. */
export function brandSynonymRules(brands: readonly Brand[] = BRANDS): string[] {
  return brands.filter((b) => b.aliases.length > 0).map((b) => [b.name, ...b.aliases].map((w) => w.toLowerCase()).join(', '));
}

const cache = new Map<string, { readonly mtimeMs: number; readonly synonyms: ProductSynonyms }>();

/**
 * The file's rules and the brands' rules. Read again when the file changed, so a running worker's next
 * build_index ships an edited file without a restart.
 * @throws InfraError `ValidationFailed` naming a line that is not a rule
 */
export function loadProductSynonyms(file: string = PRODUCT_SYNONYMS_FILE): ProductSynonyms {
  const { mtimeMs } = statSync(file);
  const hit = cache.get(file);
  if (hit && hit.mtimeMs === mtimeMs) return hit.synonyms;
  const rules = [...parseSynonymRules(readFileSync(file, 'utf8'), file), ...brandSynonymRules()];
  const synonyms = { rules, fingerprint: createHash('sha1').update(rules.join('\n')).digest('hex').slice(0, 12) };
  cache.set(file, { mtimeMs, synonyms });
  return synonyms;
}
