import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { brandSynonymRules, loadProductSynonyms, parseSynonymRules } from '../../../infra/product-synonyms';
import { productsIndexBody } from '../../../infra/search-indexes';

describe('product synonyms', () => {
  it('parses Solr rules, skipping comments and blank lines, lower-cased', () => {
    assert.deepEqual(parseSynonymRules('# kinds\n생수, 물, Water\n\n이온음료 => 이온음료, 포카리스웨트  # one way\n'), ['생수, 물, water', '이온음료 => 이온음료, 포카리스웨트']);
  });

  it('refuses a line that is not a rule, naming it', () => {
    assert.throws(() => parseSynonymRules('생수, 물\n탄산수\n'), /line 2: "탄산수"/);
    assert.throws(() => parseSynonymRules('a, , b'), /line 1/);
  });

  it('adds every brand spelling as a group', () => {
    assert.ok(brandSynonymRules().includes('evian, 에비앙'));
  });

  it('ships the issue’s groups, and every new index carries them with their fingerprint', () => {
    const { rules, fingerprint } = loadProductSynonyms();
    for (const words of [['생수', '물', '먹는샘물'], ['탄산수', '스파클링'], ['커피', '원두', '아메리카노'], ['제로', '무설탕']]) {
      assert.ok(rules.some((r) => words.every((w) => r.split(/, | => /).includes(w))), `no group with ${words.join('/')}`);
    }
    const body = productsIndexBody();
    const filter = (body.settings?.analysis?.filter as Record<string, { synonyms?: string[] }> | undefined)?.product_synonyms;
    assert.deepEqual(filter?.synonyms, [...rules]);
    assert.equal((body.mappings?._meta as { synonyms?: string } | undefined)?.synonyms, fingerprint);
  });
});
