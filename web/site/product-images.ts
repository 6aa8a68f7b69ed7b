/**
 * Product images through our own origin (`/nolabel/image/<id>`), never hot-linked from the shops: the image
 * URL the crawl stored for the product is fetched by the server (http or https only, no redirects, 2 s,
 * ≤ 512 KiB, a raster image or SVG by its content type) and kept in memory (the 300 most recently used).
 * Anything else — no image, a shop that is down, another content type — is answered by the placeholder.
 */

/** An image ready to send. */
export interface ProxiedImage {
  readonly type: string;
  readonly body: Buffer;
}

/** Options of {@link ProductImages}. */
export interface ProductImagesOptions {
  /** Milliseconds to wait for the shop (default 2000). */
  readonly timeoutMs?: number;
  /** Largest image kept, in bytes (default 512 KiB). */
  readonly maxBytes?: number;
  /** Images kept in memory (default 300). */
  readonly cacheSize?: number;
}

const TYPES = new Set(['image/png', 'image/jpeg', 'image/webp', 'image/gif', 'image/svg+xml', 'image/avif']);

/** See the module comment. */
export class ProductImages {
  private readonly cache = new Map<string, ProxiedImage | null>();
  private readonly timeoutMs: number;
  private readonly maxBytes: number;
  private readonly cacheSize: number;

  constructor(options: ProductImagesOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 2000;
    this.maxBytes = options.maxBytes ?? 512 * 1024;
    this.cacheSize = options.cacheSize ?? 300;
  }

  /** The image at `url`, or null when it cannot be served (remembered too, so a broken shop is asked once). */
  async fetch(url: string): Promise<ProxiedImage | null> {
    const cached = this.cache.get(url);
    if (cached !== undefined) {
      this.cache.delete(url);
      this.cache.set(url, cached);
      return cached;
    }
    const image = await this.load(url);
    this.cache.set(url, image);
    if (this.cache.size > this.cacheSize) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    return image;
  }

  private async load(url: string): Promise<ProxiedImage | null> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return null;
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
    try {
      const res = await fetch(parsed, { redirect: 'error', signal: AbortSignal.timeout(this.timeoutMs), headers: { accept: 'image/*' } });
      const type = (res.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      const length = Number(res.headers.get('content-length') ?? '0');
      if (!res.ok || !TYPES.has(type) || length > this.maxBytes) {
        await res.body?.cancel();
        return null;
      }
      const body = Buffer.from(await res.arrayBuffer());
      return body.length > this.maxBytes ? null : { type, body };
    } catch {
      return null;
    }
  }
}
