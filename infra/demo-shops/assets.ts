/**
 * The browser scripts of the demo shops: each renders its listing in the page, as real shops do, so only a
 * browser (not an HTML fetch) sees the products. Plain ES2020 strings, served under `/assets/<shop>.js`.
 */

const ESCAPE = `const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);`;

/** green-mart: numbered pages; products and a window of page links come from a JSON API. */
const GREEN_MART = `(async () => {
  ${ESCAPE}
  const app = document.getElementById('app');
  const page = Number(app.dataset.page);
  const res = await fetch('/green-mart/api/products?page=' + page);
  if (!res.ok) { app.innerHTML = '<p class="error">상품을 불러오지 못했습니다 (' + res.status + ')</p>'; return; }
  const data = await res.json();
  const cards = data.items.map((it) =>
    '<li class="product-card" data-item-id="' + esc(it.id) + '">' +
    '<a class="product-link" href="/green-mart/item/' + encodeURIComponent(it.id) + '"><img class="thumb" src="/img/green-mart/' + encodeURIComponent(it.id) + '.svg" alt="">' +
    '<p class="name">' + esc(it.title) + '</p></a>' +
    '<span class="badge-cat">' + esc(it.category) + '</span>' +
    '<span class="price">' + (it.price === null ? '품절' : it.price.toLocaleString('ko-KR') + '원') + '</span></li>').join('');
  const from = Math.max(1, page - 2), to = Math.min(data.pages, page + 2);
  let nav = page > 1 ? '<a class="page prev" href="/green-mart/list?page=' + (page - 1) + '">이전</a>' : '';
  for (let n = from; n <= to; n++) nav += n === page ? '<strong class="current">' + n + '</strong>' : '<a class="page" href="/green-mart/list?page=' + n + '">' + n + '</a>';
  if (page < data.pages) nav += '<a class="page next" href="/green-mart/list?page=' + (page + 1) + '">다음</a>';
  app.innerHTML = '<ul class="products">' + cards + '</ul><nav class="pagination">' + nav + '</nav>';
})();`;

/** eco-box: one long feed that loads 20 more items when the reader nears the bottom; retries failed loads. */
const ECO_BOX = `(() => {
  const feed = document.getElementById('feed');
  const cat = feed.dataset.cat;
  let cursor = 0, loading = false, done = false;
  const nearBottom = () => window.innerHeight + window.scrollY >= document.body.offsetHeight - 300;
  async function load() {
    if (loading || done) return;
    loading = true;
    let data;
    try {
      const res = await fetch('/eco-box/api/feed?cat=' + cat + '&cursor=' + cursor);
      if (!res.ok) throw new Error('HTTP ' + res.status);
      data = await res.json();
    } catch (err) {
      setTimeout(() => { loading = false; load(); }, 400);
      return;
    }
    for (const it of data.items) {
      const el = document.createElement('article');
      el.className = 'item';
      el.dataset.sku = it.id;
      el.innerHTML = '<a class="go"><img alt=""><h3 class="item-title"></h3></a><div class="item-price"><del></del> <strong></strong>원</div>';
      el.querySelector('a.go').href = '/eco-box/p/' + encodeURIComponent(it.id);
      el.querySelector('img').src = '/img/eco-box/' + encodeURIComponent(it.id) + '.svg';
      el.querySelector('.item-title').textContent = it.title;
      el.querySelector('del').textContent = Math.round(it.price * 1.2 / 10) * 10;
      el.querySelector('strong').textContent = it.price.toLocaleString('ko-KR');
      feed.appendChild(el);
    }
    cursor = data.next;
    if (data.next === null) {
      done = true;
      const end = document.createElement('div');
      end.id = 'feed-end';
      end.textContent = '모든 상품을 불러왔습니다';
      feed.after(end);
    }
    loading = false;
    if (!done && nearBottom()) load();
  }
  window.addEventListener('scroll', () => { if (nearBottom()) load(); });
  load();
})();`;

/** mul-maru: the page embeds its rows as JSON; the script draws the table and the pager. */
const MUL_MARU = `(() => {
  ${ESCAPE}
  const node = document.getElementById('__DATA__');
  if (!node) return;
  let data;
  try { data = JSON.parse(node.textContent); } catch { return; }
  document.getElementById('rows').innerHTML = data.items.map((it) =>
    '<tr class="goods-row" data-no="' + esc(it.id) + '"><td class="goods-cat">' + esc(it.category) + '</td>' +
    '<td class="goods-name"><a href="/mul-maru/goods/' + esc(it.id) + '">' + esc(it.title) + '</a></td>' +
    '<td class="goods-price">' + (it.price === null ? '' : it.price.toLocaleString('ko-KR')) + '</td>' +
    '<td class="goods-img"><img src="/img/mul-maru/' + esc(it.id) + '.svg" alt=""></td></tr>').join('');
  let pager = '';
  for (let n = 1; n <= data.pages; n++) pager += n === data.page ? '<b>' + n + '</b>' : '<a href="/mul-maru/shop?p=' + n + '">' + n + '</a>';
  pager += '<a class="members" href="/mul-maru/members/deals?p=1">회원특가</a>';
  document.getElementById('paging').innerHTML = pager;
})();`;

/** Script of each shop, by shop id. */
export const SHOP_SCRIPTS: Readonly<Record<string, string>> = {
  'green-mart': GREEN_MART,
  'eco-box': ECO_BOX,
  'mul-maru': MUL_MARU,
};
