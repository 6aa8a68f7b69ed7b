/**
 * The two cookie operations the web tier needs, without a cookie library: read one `Cookie` request header and
 * write one `Set-Cookie` value.
 */

/** Attributes of a cookie we set. */
export interface CookieOptions {
  /** Default true. */
  readonly httpOnly?: boolean;
  /** Default `Lax`. */
  readonly sameSite?: 'Lax' | 'Strict';
  /** Default false; true sends it over HTTPS only. */
  readonly secure?: boolean;
  /** Default `/`. */
  readonly path?: string;
  /** Seconds; omitted = a browser-session cookie (gone when the browser closes); 0 deletes it. */
  readonly maxAgeS?: number;
}

/** Name → value of a `Cookie` header (first occurrence wins; values percent-decoded when valid). */
export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (!name || out.has(name)) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    try {
      value = decodeURIComponent(value);
    } catch {
      // keep the raw value: a malformed escape is just a value that will not match anything
    }
    out.set(name, value);
  }
  return out;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * A `Set-Cookie` header value.
 * @throws Error for a name that is not a cookie token (a programming error)
 */
export function serializeCookie(name: string, value: string, options: CookieOptions = {}): string {
  if (!TOKEN.test(name)) throw new Error(`invalid cookie name ${JSON.stringify(name)}`);
  const parts = [`${name}=${encodeURIComponent(value)}`, `Path=${options.path ?? '/'}`];
  if (options.maxAgeS !== undefined) {
    parts.push(`Max-Age=${Math.max(0, Math.floor(options.maxAgeS))}`);
    if (options.maxAgeS <= 0) parts.push('Expires=Thu, 01 Jan 1970 00:00:00 GMT');
  }
  if (options.httpOnly ?? true) parts.push('HttpOnly');
  parts.push(`SameSite=${options.sameSite ?? 'Lax'}`);
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}
