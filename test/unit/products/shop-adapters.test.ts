import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { extractPage, parsePrice } from '../../../activities/products/crawl/extract-items';
import { SHOP_ADAPTERS, shopAdapter } from '../../../activities/products/shops';
import { isCiaoError } from '../../../domain/errors';
import { buildDemoCatalogue } from '../../../infra/demo-shops/catalogue';

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, 'fixtures', `${name}.html`), 'utf8');
const catalogue = buildDemoCatalogue(42);
const listed = (shop: string) => new Map((catalogue.get(shop) ?? []).map((l) => [l.itemId, l]));

describe('shop adapters', () => {
  it('are discovered from their files, each with a unique id and source', () => {
    assert.deepEqual(SHOP_ADAPTERS.map((a) => a.id), ['eco-box', 'green-mart', 'mul-maru']);
    assert.equal(new Set(SHOP_ADAPTERS.map((a) => a.source)).size, SHOP_ADAPTERS.length);
  });

  it('refuses an unknown shop by name', () => {
    assert.throws(() => shopAdapter('nope'), (err: unknown) => isCiaoError(err, 'NotFound') && /green-mart/.test(err.message));
  });
});

describe('green-mart', () => {
  const page = extractPage(shopAdapter('green-mart'), fixture('green-mart-page-2'), 'http://127.0.0.1:4100/green-mart/list?page=2');

  it('reads 24 items with id, title, price, absolute link, image and category', () => {
    assert.equal(page.items.length, 24);
    const truth = listed('green-mart');
    for (const item of page.items) {
      const l = truth.get(item.shopItemId);
      assert.ok(l, `unknown id ${item.shopItemId}`);
      assert.equal(item.title, l.title);
      assert.equal(item.price, l.price);
      assert.equal(item.shopCategory, l.category);
      assert.equal(item.link, `http://127.0.0.1:4100/green-mart/item/${item.shopItemId}`);
      assert.match(item.imageUrl ?? '', /^http:\/\/127\.0\.0\.1:4100\/img\/green-mart\//);
    }
  });

  it('follows the numbered page links (and not the cart)', () => {
    assert.deepEqual(page.links, [1, 3, 4].map((n) => `http://127.0.0.1:4100/green-mart/list?page=${n}`));
  });
});

describe('eco-box', () => {
  const page = extractPage(shopAdapter('eco-box'), fixture('eco-box-drinks'), 'http://127.0.0.1:4100/eco-box/?cat=drinks');

  it('reads every item of the scrolled feed, with the sale price rather than the struck one', () => {
    const truth = listed('eco-box');
    const expected = (catalogue.get('eco-box') ?? []).filter((l) => l.category !== '생수');
    assert.equal(page.items.length, expected.length);
    for (const item of page.items) assert.equal(item.price, truth.get(item.shopItemId)?.price, item.title);
  });

  it('has no page links to follow', () => {
    assert.deepEqual(page.links, []);
  });
});

describe('mul-maru', () => {
  it('reads the table rows', () => {
    const page = extractPage(shopAdapter('mul-maru'), fixture('mul-maru-page-1'), 'http://127.0.0.1:4100/mul-maru/shop?p=1');
    assert.equal(page.items.length, 20);
    const truth = listed('mul-maru');
    for (const item of page.items) assert.equal(item.title, truth.get(item.shopItemId)?.title);
    assert.ok(page.links.includes('http://127.0.0.1:4100/mul-maru/shop?p=2'));
    // The pager links to members' deals too: robots.txt, not the adapter, keeps the crawler out.
    assert.ok(page.links.includes('http://127.0.0.1:4100/mul-maru/members/deals?p=1'));
  });

  it('reads what it can of broken markup, with no price where the cell is missing', () => {
    const page = extractPage(shopAdapter('mul-maru'), fixture('mul-maru-broken'), 'http://127.0.0.1:4100/mul-maru/shop?p=6');
    assert.equal(page.items.length, 20);
    assert.equal(page.items.filter((i) => i.price === null).length, 4);
    assert.ok(page.items.every((i) => i.title.length > 0));
  });
});

describe('parsePrice', () => {
  it('reads won amounts however they are written', () => {
    assert.equal(parsePrice('6,480원'), 6480);
    assert.equal(parsePrice(' ₩ 12,900 '), 12900);
    assert.equal(parsePrice('１２,９００원'), 12900);
    assert.equal(parsePrice('품절'), null);
    assert.equal(parsePrice(''), null);
  });
});
