/**
 * The /nolabel page and what its cards link to:
 *
 * - `GET /nolabel?q=&sort=&category=&volume=&carbonated=&page=` — server-rendered search (works without
 *   JavaScript; the query stays in the URL so results can be shared). Each search publishes `search` (the
 *   normalised word and the result count; once per session and word in 10 minutes). With no query, no result,
 *   or when OpenSearch is down or slower than SEARCH_TIMEOUT_MS, the page shows today's popular words (the
 *   Redis rankings) — and a Korean message for the outage (503, counted in /metrics).
 * - `GET /nolabel/click/<productId>` — publishes `product_click` and redirects to **that product's stored shop
 *   link** and nowhere else: the target never comes from the request, and a stored link that is not http(s)
 *   is refused.
 * - `GET /nolabel/image/<productId>` — the product's image through our origin (web/site/product-images.ts),
 *   or the placeholder.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { seoulDate } from '../../../domain/age-band';
import { InfraError, isCiaoError } from '../../../domain/errors';
import { rankDimensionOf, type RankedWord } from '../../search-ranks/rank-keys';
import { readRankings } from '../../search-ranks/read-ranks';
import { ProductImages } from '../product-images';
import { cardOutput, searchNotice, searchRequestOf } from '../product-search-service';
import { refererPage } from './pages';
import { MAX_QUERY_LENGTH, PageQuery, ProductParams, type ProductParamsInput, type SearchQueryInput } from '../schemas/products';
import { sendPage } from '../send-page';
import { nolabelBody, type NolabelView } from '../views/nolabel';

/** Popular words shown on the page. */
const POPULAR_WORDS = 10;

/** Today's most searched words of everyone (empty when Redis does not answer: the page still renders). */
export async function popularWords(app: FastifyInstance, now = new Date()): Promise<RankedWord[]> {
  try {
    const [words] = await readRankings(app.stores.redis.redis, [{ source: { kind: 'day', date: seoulDate(now) }, dim: rankDimensionOf(null, null) }], POPULAR_WORDS);
    return words ?? [];
  } catch (err) {
    app.log.warn({ err }, 'could not read the popular search words');
    return [];
  }
}

/** The shop link a click may go to: the stored link when it is an absolute http(s) URL. */
export function shopLinkOf(stored: string): string | null {
  try {
    const url = new URL(stored);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** The page's parameters when some did not fit the schema: the query (cut to the limit) only, and why. */
function recoverParams(raw: unknown): { params: SearchQueryInput; error: string } {
  const q = typeof (raw as { q?: unknown } | null)?.q === 'string' ? (raw as { q: string }).q : '';
  if ([...q].length > MAX_QUERY_LENGTH) {
    return { params: { q: [...q].slice(0, MAX_QUERY_LENGTH).join('') }, error: `검색어는 ${MAX_QUERY_LENGTH}자까지 입력할 수 있어요. 조금 줄여서 다시 검색해 주세요.` };
  }
  return { params: { q }, error: '정렬이나 필터 값이 올바르지 않아요. 아래에서 다시 골라 주세요.' };
}

/** The /nolabel routes plugin. */
export function nolabelRoutes(app: FastifyInstance): Promise<void> {
  const images = new ProductImages();
  const placeholder = () => app.assetUrl('product-placeholder.svg');

  app.get('/nolabel', { schema: { querystring: PageQuery }, attachValidation: true }, async (request: FastifyRequest, reply: FastifyReply) => {
    let params = request.query as SearchQueryInput;
    let error: string | null = null;
    let status = 200;
    if (request.validationError) {
      ({ params, error } = recoverParams(request.query));
      status = 400;
    }
    const view: { -readonly [K in keyof NolabelView]: NolabelView[K] } = { params, results: null, notice: null, error, popular: [] };
    const q = params.q ?? '';
    const wantsSearch = !error && (q.trim() !== '' || !!params.category || !!params.volume || !!params.carbonated);
    if (wantsSearch) {
      try {
        // The search event carries the session: a first visit's session is made before it is published.
        await reply.ensureSession();
      } catch (err) {
        request.log.debug({ err }, 'no session for the search event');
      }
      try {
        const outcome = await app.productSearch.run(searchRequestOf(params));
        view.results = { total: outcome.total, exactTotal: outcome.exactTotal, items: outcome.items.map((c) => cardOutput(c, placeholder())) };
        view.notice = searchNotice(q, outcome);
        if (outcome.query.normalized) app.productSearch.publishSearch(request, outcome.query.normalized, outcome.total);
      } catch (err) {
        if (!isCiaoError(err, 'ServiceUnavailable')) throw err;
        request.log.warn({ reason: err.details.reason }, 'product search unavailable');
        view.error = err.message;
        status = 503;
      }
    }
    if (!view.results || view.results.items.length === 0) view.popular = await popularWords(app);
    return sendPage(request, reply, { title: q ? `${q} - 무라벨 상품 찾기` : '무라벨 상품 찾기', nav: 'nolabel', body: nolabelBody(view), scripts: [app.assetUrl('nolabel.js')] }, { status });
  });

  app.get<{ Params: ProductParamsInput }>('/nolabel/click/:productId', { schema: { params: ProductParams } }, async (request, reply) => {
    const product = await app.productSearch.search.product(request.params.productId);
    if (!product) throw new InfraError('NotFound', '이 상품은 지금 목록에 없어요. 다시 검색해 주세요.', { productId: request.params.productId });
    const target = shopLinkOf(product.link);
    if (!target) throw new InfraError('NotFound', '이 상품의 판매처 주소를 열 수 없어요.', { productId: product.id });
    try {
      await reply.ensureSession();
    } catch (err) {
      request.log.warn({ err }, 'could not create a session for a product click');
    }
    request.publishEvent('product_click', { productId: product.id, name: product.title.slice(0, 200), volumeMl: product.volumeMl, unitPrice: product.unitPrice }, { page: refererPage(request) });
    return reply.header('referrer-policy', 'no-referrer').redirect(target, 303);
  });

  app.get<{ Params: ProductParamsInput }>('/nolabel/image/:productId', { config: { session: false }, schema: { params: ProductParams } }, async (request, reply) => {
    let imageUrl: string | null = null;
    try {
      imageUrl = (await app.productSearch.search.product(request.params.productId))?.imageUrl ?? null;
    } catch {
      imageUrl = null;
    }
    const image = imageUrl ? await images.fetch(imageUrl) : null;
    if (!image) return reply.header('cache-control', 'public, max-age=300').redirect(placeholder(), 302);
    return reply
      .header('cache-control', 'public, max-age=86400')
      // An SVG opened on its own must not run anything on our origin.
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox")
      .header('x-content-type-options', 'nosniff')
      .type(image.type)
      .send(image.body);
  });
  return Promise.resolve();
}
