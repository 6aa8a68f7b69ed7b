/**
 * A shop, declared as data: where its listings start, how to read items off a rendered page (selectors or
 * a function over the parsed HTML), how it paginates, and how fast it may be crawled. One file per shop in
 * `activities/products/shops/`; the crawler knows nothing shop-specific.
 */
import type { CheerioAPI } from 'cheerio';

/** One item read off a listing page, before it becomes a raw row. */
export interface ScrapedItem {
  readonly shopItemId: string;
  readonly title: string;
  /** Price in won, or null when the page shows none. */
  readonly price: number | null;
  /** Absolute product URL. */
  readonly link: string;
  readonly imageUrl: string | null;
  readonly shopCategory: string | null;
}

/**
 * Selectors of a listing, relative to each item element. A field is `selector` (its text) or
 * `selector@attr` (an attribute); `@attr` alone reads the item element's own attribute.
 */
export interface ItemSelectors {
  /** Selector of one item element on the page. */
  readonly item: string;
  readonly id: string;
  readonly title: string;
  readonly price: string;
  readonly link: string;
  readonly image?: string;
  readonly category?: string;
}

/** How a shop splits its listing over pages. */
export type Pagination =
  /** Numbered pages: links matching `links` are followed (each page once). */
  | { readonly kind: 'numbered'; readonly links: string }
  /**
   * One long page that loads more items as the reader scrolls: the crawler scrolls until `end` appears, no
   * new item arrives within `idleMs`, or `maxScrolls` is reached.
   */
  | { readonly kind: 'infinite-scroll'; readonly end: string; readonly maxScrolls: number; readonly idleMs: number }
  /** Everything on the start pages. */
  | { readonly kind: 'none' };

/** A shop adapter. */
export interface ShopAdapter {
  /** Adapter id (kebab-case), the HDFS partition `shop=<id>`. */
  readonly id: string;
  /** Short code appended to product ids (`-gm`), unique per shop. */
  readonly source: string;
  /** Display name. */
  readonly name: string;
  /** Base URL of the shop; the crawl may override it. */
  readonly baseUrl: string;
  /** A demo shop of `ciao products demo-shops`: its base URL comes from `DEMO_SHOPS_URL` (default false). */
  readonly demo?: boolean;
  /** Listing entry points, relative to `baseUrl`. */
  readonly startPaths: readonly string[];
  /** Only links whose path matches are followed (keeps the crawl on listing pages). */
  readonly followPattern: RegExp;
  /** A selector that exists once the page's script has drawn the listing. */
  readonly readySelector: string;
  /** Items: selectors, or a function over the rendered HTML (for shops that need logic). */
  readonly extract: ItemSelectors | ((doc: CheerioAPI, pageUrl: string) => ScrapedItem[]);
  readonly pagination: Pagination;
  /** Politeness: at most `perMinute` pages a minute, `concurrency` pages at once. */
  readonly rate: { readonly perMinute: number; readonly concurrency: number };
}
