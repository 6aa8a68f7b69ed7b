/**
 * The messages on `logs.aggregates` (SPEC §2, daily batch and warm tier): ONE schema module, used by the DAGs
 * that publish them and by every consumer (the warm-tier loader checks each message against it at the edge).
 *
 * Every message has a `kind`, the Korea-time `day` it covers and a deterministic Kafka key, so a rerun of a
 * night is recognisable downstream (same keys, a later `batch`).
 */
import { Type, type Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { decodeJson, schemaErrors } from './json-message';
import { GenderSchema } from './gender';

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'Korea-time day, YYYY-MM-DD' });
const Gender = Type.Union([GenderSchema, Type.Null()], { description: 'null: anonymous or not known' });
const AgeBand = Type.Union([Type.Integer({ minimum: 0, maximum: 200 }), Type.Null()]);
/** Which publish produced the message: `<dag run id>#<try>`; a rerun has a new one. */
const Batch = Type.String({ minLength: 1, maxLength: 200 });

/** One product × volume × gender × age band of one day's clicks (`logs_daily_batch`). */
export const ProductClicksMessageSchema = Type.Object(
  {
    kind: Type.Literal('product_clicks'),
    day: Day,
    productId: Type.String({ minLength: 1, maxLength: 80 }),
    volumeMl: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
    gender: Gender,
    ageBand: AgeBand,
    /** Clicks. */
    count: Type.Integer({ minimum: 0 }),
    /** Lowest unit price (KRW) seen in those clicks, null when no click carried one. */
    minUnitPrice: Type.Union([Type.Number({ minimum: 0 }), Type.Null()]),
    batch: Batch,
  },
  { additionalProperties: false },
);
export type ProductClicksMessage = Static<typeof ProductClicksMessageSchema>;

/** One metric × dimensions of one day's hot-tier counters (`agg:1d:<day>`), for the warm tier. */
export const DailyCountMessageSchema = Type.Object(
  {
    kind: Type.Literal('daily_aggregates'),
    day: Day,
    /** The aggregator's metric: event type, `type:sub` (e.g. `menu_click:nolabel`), or `points:ecopoint:<n>`. */
    metric: Type.String({ minLength: 1, maxLength: 100 }),
    gender: Gender,
    ageBand: AgeBand,
    region: Type.Union([Type.String({ minLength: 1, maxLength: 40 }), Type.Null()]),
    /** Count, or for `points:*` metrics the sum of points. */
    value: Type.Number(),
    batch: Batch,
  },
  { additionalProperties: false },
);
export type DailyCountMessage = Static<typeof DailyCountMessageSchema>;

/** One dimension of one day's search-word ranking, for the warm tier. */
export const DailyRankingMessageSchema = Type.Object(
  {
    kind: Type.Literal('daily_aggregates'),
    day: Day,
    metric: Type.Literal('search_rank'),
    /** The ranking's dimension as in its Redis key: `all`, `g:W`, `a:20`, `ga:W:20`. */
    dim: Type.String({ pattern: '^(all|g:[MW]|a:\\d+|ga:[MW]:\\d+)$' }),
    /** The top words, most searched first. */
    words: Type.Array(Type.Object({ word: Type.String({ minLength: 1, maxLength: 50 }), count: Type.Integer({ minimum: 0 }) }, { additionalProperties: false })),
    batch: Batch,
  },
  { additionalProperties: false },
);
export type DailyRankingMessage = Static<typeof DailyRankingMessageSchema>;

/** What the warm tier publishes and loads. */
export type DailyAggregateMessage = DailyCountMessage | DailyRankingMessage;

const productClicks = TypeCompiler.Compile(ProductClicksMessageSchema);
const dailyCount = TypeCompiler.Compile(DailyCountMessageSchema);
const dailyRanking = TypeCompiler.Compile(DailyRankingMessageSchema);

/** The outcome of parsing a `logs.aggregates` message. */
export type ParsedAggregate =
  | { readonly ok: true; readonly message: ProductClicksMessage | DailyAggregateMessage }
  | { readonly ok: false; readonly errors: readonly string[] };

/** Validates a `logs.aggregates` message (bytes, text or parsed JSON). Never throws. */
export function parseAggregateMessage(raw: unknown): ParsedAggregate {
  const decoded = decodeJson(raw);
  if (!decoded.ok) return decoded;
  const { value } = decoded;
  const kind = value && typeof value === 'object' ? (value as { kind?: unknown; metric?: unknown }) : undefined;
  const checker = kind?.kind === 'product_clicks' ? productClicks : kind?.kind === 'daily_aggregates' ? (kind.metric === 'search_rank' ? dailyRanking : dailyCount) : undefined;
  if (!checker) return { ok: false, errors: [`/kind: unknown kind ${JSON.stringify(kind?.kind)} (product_clicks or daily_aggregates)`] };
  if (checker.Check(value)) return { ok: true, message: value };
  return { ok: false, errors: schemaErrors(checker, value) };
}

/** Kafka key of a product-clicks message: `product_clicks|<day>|<productId>|<volumeMl>|<gender>|<ageBand>`. */
export function productClicksKey(m: Pick<ProductClicksMessage, 'day' | 'productId' | 'volumeMl' | 'gender' | 'ageBand'>): string {
  return ['product_clicks', m.day, m.productId, m.volumeMl ?? '-', m.gender ?? '-', m.ageBand ?? '-'].join('|');
}

/**
 * Identity of a warm-tier record — the Kafka key and the MongoDB `_id`:
 * `<day>|<metric>|<gender>|<ageBand>|<region>` for counts, `<day>|search_rank|<dim>` for rankings.
 */
export function dailyAggregateKey(m: DailyAggregateMessage): string {
  if ('dim' in m) return `${m.day}|search_rank|${m.dim}`;
  return [m.day, m.metric, m.gender ?? '-', m.ageBand ?? '-', m.region ?? '-'].join('|');
}
