/**
 * The product search API, for scripts and the page's own JavaScript:
 *
 * - `GET /api/products/search?q=&sort=&category=&volume=&carbonated=&page=&size=` — the cards of the /nolabel
 *   page as JSON (q ≤ 100 characters, size ≤ 30); publishes `search` like the page does.
 * - `GET /api/products/suggest?q=` — autocomplete: product names for the last word typed as a prefix (over
 *   jamo, so half a syllable counts) or as 초성 (`ㅅㄷㅅ` → 제주삼다수). No session, no event.
 *
 * Parameters that do not fit answer 400 `{ code: 'ValidationFailed', message }` naming the parameter in
 * Korean; OpenSearch down or slow answers 503 `ServiceUnavailable` within SEARCH_TIMEOUT_MS.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { InfraError } from '../../../domain/errors';
import { ERROR_RESPONSES } from '../../schemas/errors';
import { cardOutput, searchNotice, searchRequestOf } from '../product-search-service';
import { MAX_QUERY_LENGTH, SearchQuery, SearchReply, SuggestQuery, SuggestReply, type SearchQueryInput, type SearchReplyOutput, type SuggestQueryInput } from '../schemas/products';

/** Korean names of the parameters, for validation messages. */
const PARAMETER_NAMES: Readonly<Record<string, string>> = { q: '검색어', sort: '정렬', category: '종류', volume: '용량', carbonated: '탄산', page: '페이지', size: '페이지 크기' };

/** The Korean message of a query-string validation error, naming the parameter. */
export function queryErrorMessage(error: FastifyError): string {
  const first = error.validation?.[0];
  const params = (first?.params ?? {}) as { additionalProperty?: string; limit?: number };
  if (params.additionalProperty) return `알 수 없는 검색 조건이에요: ${params.additionalProperty}`;
  const field = (first?.instancePath ?? '').replace(/^\//, '');
  if (field === 'q' && first?.keyword === 'maxLength') return `검색어는 ${MAX_QUERY_LENGTH}자까지 입력할 수 있어요.`;
  return `${PARAMETER_NAMES[field] ?? '검색 조건'} 값이 올바르지 않아요.`;
}

/** The product API plugin. */
export function productApiRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: SearchQueryInput }>(
    '/api/products/search',
    { schema: { querystring: SearchQuery, response: { 200: SearchReply, ...ERROR_RESPONSES } }, attachValidation: true },
    async (request): Promise<SearchReplyOutput> => {
      if (request.validationError) throw new InfraError('ValidationFailed', queryErrorMessage(request.validationError as FastifyError));
      const search = searchRequestOf(request.query);
      const outcome = await app.productSearch.run(search);
      if (outcome.query.normalized) app.productSearch.publishSearch(request, outcome.query.normalized, outcome.total);
      const placeholder = app.assetUrl('product-placeholder.svg');
      return {
        query: { q: search.q, normalized: outcome.query.normalized, words: outcome.query.words.map((w) => w.text), volumeMl: outcome.query.volumeMl, quantity: outcome.query.quantity },
        sort: search.sort,
        page: search.page,
        size: search.size,
        total: outcome.total,
        exactTotal: outcome.exactTotal,
        relaxed: outcome.relaxed,
        items: outcome.items.map((c) => cardOutput(c, placeholder)),
        notice: searchNotice(search.q, outcome),
      };
    },
  );

  app.get<{ Querystring: SuggestQueryInput }>(
    '/api/products/suggest',
    { config: { session: false }, schema: { querystring: SuggestQuery, response: { 200: SuggestReply, ...ERROR_RESPONSES } }, attachValidation: true },
    async (request) => {
      if (request.validationError) throw new InfraError('ValidationFailed', queryErrorMessage(request.validationError as FastifyError));
      return { suggestions: await app.productSearch.search.suggest(request.query.q) };
    },
  );
  return Promise.resolve();
}
