/**
 * The local catalogue site: three demo shops on one small `node:http` server, for the demo (`npm start --
 * --demo`) and the crawler's tests. Every listing is drawn by JavaScript in the page; the shops differ in
 * layout (numbered pages from a JSON API, an infinite-scroll feed, rows embedded as JSON) and fail the way
 * real sites do, deterministically:
 *
 * | where | failure |
 * |---|---|
 * | `/green-mart/list?page=3` | 503 for the first two requests, then fine |
 * | `/green-mart/api/products?page=5` | the first request takes `slowMs` (a page that times out once) |
 * | `/eco-box/api/feed?cat=water&cursor=40` | 500 the first time (the page's script retries) |
 * | `/mul-maru/shop?p=4` | always 500 |
 * | `/mul-maru/shop?p=6` | broken markup: unclosed cells, rows without a price, no page script data |
 *
 * `/robots.txt` disallows `/mul-maru/members/` (linked from every mul-maru pager) and `/green-mart/cart`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SHOP_SCRIPTS } from './assets';
import { buildDemoCatalogue, DEMO_SHOPS, type DemoListing } from './catalogue';

/** Options of {@link startDemoShops}. */
export interface DemoShopsOptions {
  /** Listen address (default 127.0.0.1). */
  readonly host?: string;
  /** Port (default 0: any free port). */
  readonly port?: number;
  /** Catalogue seed (default 42). */
  readonly seed?: number;
  /** Inject the failures of the table above (default true). */
  readonly failures?: boolean;
  /** Delay of the slow page, ms (default 8000). */
  readonly slowMs?: number;
  /** Delay of every eco-box feed chunk, ms (default 150), as a real API has. */
  readonly feedDelayMs?: number;
  /** Listings per green-mart page (default 24; the crawl benchmark uses small pages for more of them). */
  readonly greenMartPageSize?: number;
}

/** A running demo site. */
export interface DemoShopsServer {
  /** Base URL, e.g. `http://127.0.0.1:4100`. */
  readonly url: string;
  /** Listings of each shop (what a complete crawl can find). */
  readonly catalogue: ReadonlyMap<string, readonly DemoListing[]>;
  /** Requests served per path + query, for tests (robots respected, no page fetched twice…). */
  readonly requests: ReadonlyMap<string, number>;
  close(): Promise<void>;
}

const MUL_PAGE = 20;
const FEED_CHUNK = 20;

function esc(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
}

function page(title: string, body: string, script?: string): string {
  return `<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font-family:'NanumGothic',sans-serif;margin:0 auto;max-width:960px}.product-card,.item{min-height:140px;border-bottom:1px solid #ddd;list-style:none}
.thumb,.item img,.goods-img img{width:60px;height:60px}.pagination a,.paging a{margin:0 4px}</style></head>
<body>${body}${script ? `<script src="${script}"></script>` : ''}</body></html>`;
}

function pageCount(items: number, size: number): number {
  return Math.max(1, Math.ceil(items / size));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function svg(label: string): string {
  let hash = 0;
  for (const ch of label) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="120"><rect width="120" height="120" fill="hsl(${hash % 360},55%,80%)"/><text x="60" y="66" font-size="12" text-anchor="middle">${esc(label)}</text></svg>`;
}

/** The items of a listing as its page scripts expect them. */
function toJson(listing: DemoListing) {
  return { id: listing.itemId, title: listing.title, price: listing.price, category: listing.category };
}

/** Starts the demo site. */
export async function startDemoShops(options: DemoShopsOptions = {}): Promise<DemoShopsServer> {
  const failures = options.failures ?? true;
  const slowMs = options.slowMs ?? 8000;
  const feedDelayMs = options.feedDelayMs ?? 150;
  const GREEN_PAGE = options.greenMartPageSize ?? 24;
  const catalogue = buildDemoCatalogue(options.seed ?? 42);
  const requests = new Map<string, number>();
  const greenMart = catalogue.get('green-mart') ?? [];
  const ecoBox = catalogue.get('eco-box') ?? [];
  const mulMaru = catalogue.get('mul-maru') ?? [];
  const ecoFeeds: Record<string, DemoListing[]> = { water: ecoBox.filter((l) => l.category === '생수'), drinks: ecoBox.filter((l) => l.category !== '생수') };
  const byId = new Map<string, DemoListing>();
  for (const listings of catalogue.values()) for (const l of listings) byId.set(`${l.shop}/${l.itemId}`, l);

  async function route(url: URL, hit: number): Promise<{ status: number; type: string; body: string }> {
    const html = (status: number, body: string) => ({ status, type: 'text/html; charset=utf-8', body });
    const json = (value: unknown) => ({ status: 200, type: 'application/json; charset=utf-8', body: JSON.stringify(value) });
    const p = url.pathname;
    const int = (name: string) => Number.parseInt(url.searchParams.get(name) ?? '1', 10) || 1;
    if (p === '/robots.txt') {
      return { status: 200, type: 'text/plain; charset=utf-8', body: 'User-agent: *\nDisallow: /mul-maru/members/\nDisallow: /green-mart/cart\n\nUser-agent: BadBot\nDisallow: /\n' };
    }
    if (p === '/') return html(200, page('무라벨 데모 쇼핑', `<h1>데모 쇼핑몰</h1><ul>${DEMO_SHOPS.map((s) => `<li><a href="/${s.id}/">${esc(s.name)}</a></li>`).join('')}</ul>`));
    const script = /^\/assets\/([a-z-]+)\.js$/.exec(p);
    if (script && SHOP_SCRIPTS[script[1] ?? '']) return { status: 200, type: 'text/javascript; charset=utf-8', body: SHOP_SCRIPTS[script[1] ?? ''] ?? '' };
    const img = /^\/img\/([a-z-]+)\/([^/]+)\.svg$/.exec(p);
    if (img) return { status: 200, type: 'image/svg+xml', body: svg(decodeURIComponent(img[2] ?? '')) };

    // green-mart: numbered pages, JSON API.
    const greenPages = pageCount(greenMart.length, GREEN_PAGE);
    if (p === '/green-mart/' || p === '/green-mart') return html(200, page('그린마트', '<a href="/green-mart/list?page=1">무라벨 전체 상품</a>'));
    if (p === '/green-mart/list') {
      const n = int('page');
      if (n > greenPages) return html(404, page('없음', '<p>페이지가 없습니다</p>'));
      if (failures && n === 3 && hit <= 2) return html(503, page('점검 중', '<h1>503 Service Unavailable</h1><p>잠시 후 다시 시도해 주세요</p>'));
      return html(200, page(`그린마트 무라벨 상품 ${n}페이지`, `<header><h1>그린마트</h1><a href="/green-mart/cart">장바구니</a></header><main id="app" data-page="${n}"><p class="loading">불러오는 중…</p></main>`, '/assets/green-mart.js'));
    }
    if (p === '/green-mart/api/products') {
      const n = int('page');
      if (failures && n === 5 && hit === 1) await sleep(slowMs);
      return json({ page: n, pages: greenPages, items: greenMart.slice((n - 1) * GREEN_PAGE, n * GREEN_PAGE).map(toJson) });
    }

    // eco-box: infinite scroll per category.
    if (p === '/eco-box/' || p === '/eco-box') {
      const cat = url.searchParams.get('cat') ?? 'water';
      if (!ecoFeeds[cat]) return html(404, page('없음', '<p>카테고리가 없습니다</p>'));
      return html(200, page(`에코박스 ${cat}`, `<h1>에코박스</h1><nav><a href="/eco-box/?cat=water">생수</a> <a href="/eco-box/?cat=drinks">음료·차</a></nav><section id="feed" data-cat="${esc(cat)}"></section>`, '/assets/eco-box.js'));
    }
    if (p === '/eco-box/api/feed') {
      const cat = url.searchParams.get('cat') ?? 'water';
      const feed = ecoFeeds[cat] ?? [];
      const cursor = Number.parseInt(url.searchParams.get('cursor') ?? '0', 10) || 0;
      await sleep(feedDelayMs);
      if (failures && cat === 'water' && cursor === 40 && hit === 1) return { status: 500, type: 'application/json', body: '{"error":"upstream"}' };
      const next = cursor + FEED_CHUNK < feed.length ? cursor + FEED_CHUNK : null;
      return json({ items: feed.slice(cursor, cursor + FEED_CHUNK).map(toJson), next });
    }

    // mul-maru: rows embedded as JSON, drawn by a script.
    const mulPages = pageCount(mulMaru.length, MUL_PAGE);
    if (p === '/mul-maru/shop') {
      const n = int('p');
      if (n > mulPages) return html(404, page('없음', '<p>페이지가 없습니다</p>'));
      if (failures && n === 4) return html(500, page('오류', '<h1>500 Internal Server Error</h1>'));
      const items = mulMaru.slice((n - 1) * MUL_PAGE, n * MUL_PAGE);
      const table = '<table class="goods"><thead><tr><th>분류</th><th>상품명</th><th>가격</th><th></th></tr></thead><tbody id="rows">';
      if (failures && n === 6) {
        // A template error on the shop's side: rows written by the server, cells left open, some without a price.
        const rows = items
          .map((it, i) => `<tr class="goods-row" data-no="${esc(it.itemId)}"><td class="goods-cat">${esc(it.category)}<td class="goods-name"><a href="/mul-maru/goods/${esc(it.itemId)}">${esc(it.title)}</a>${i % 5 === 4 ? '' : `<td class="goods-price">${it.price ?? ''}`}`)
          .join('\n');
        return html(200, `<!doctype html><html><head><meta charset="utf-8"><title>물마루 ${n}</title></head><body><h1>물마루</h1>${table}${rows}<div id="paging"><a href="/mul-maru/shop?p=${n + 1}">다음`);
      }
      const data = JSON.stringify({ page: n, pages: mulPages, items: items.map(toJson) }).replace(/</g, '\\u003c');
      return html(200, page(`물마루 ${n}`, `<h1>물마루</h1>${table}</tbody></table><div id="paging" class="paging"></div><script id="__DATA__" type="application/json">${data}</script>`, '/assets/mul-maru.js'));
    }
    if (p.startsWith('/mul-maru/members/')) {
      // Behind robots.txt: a polite crawler never sees these.
      const data = JSON.stringify({ page: 1, pages: 1, items: [{ id: '999001', title: '회원특가 제주삼다수 2L x 6입', price: 100, category: '생수' }] });
      return html(200, page('회원특가', `<table class="goods"><tbody id="rows"></tbody></table><div id="paging"></div><script id="__DATA__" type="application/json">${data}</script>`, '/assets/mul-maru.js'));
    }

    // Product pages.
    const item = /^\/(green-mart)\/item\/([^/]+)$|^\/(eco-box)\/p\/([^/]+)$|^\/(mul-maru)\/goods\/([^/]+)$/.exec(p);
    if (item) {
      const shop = item[1] ?? item[3] ?? item[5] ?? '';
      const id = decodeURIComponent(item[2] ?? item[4] ?? item[6] ?? '');
      const listing = byId.get(`${shop}/${id}`);
      if (listing) return html(200, page(listing.title, `<h1>${esc(listing.title)}</h1><p class="price">${listing.price ?? '품절'}</p>`));
    }
    return html(404, page('없음', '<h1>404</h1>'));
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const key = url.pathname + url.search;
    const hit = (requests.get(key) ?? 0) + 1;
    requests.set(key, hit);
    route(url, hit)
      .then(({ status, type, body }) => {
        res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
        res.end(body);
      })
      .catch((err: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(err));
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${address.address}:${address.port}`,
    catalogue,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
