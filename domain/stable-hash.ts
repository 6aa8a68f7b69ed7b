/**
 * A small stable hash for decisions that must come out the same on every machine and every run (which
 * samples are held out, which uploads the labelling queue picks on a day): 32-bit FNV-1a over the UTF-16 code
 * units of a string. Not for security. Pure (no Node built-ins), so workflows and browser scripts may import it.
 */

/** 32-bit FNV-1a of `text`, as an unsigned integer (0 … 2³² − 1). */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * MurmurHash3's 32-bit finaliser: spreads every input bit over every output bit. FNV-1a alone changes the high
 * bits little when only the last characters differ (ids that share a prefix), and the high bits decide
 * {@link stableUnit}.
 */
export function mix32(hash: number): number {
  let h = hash >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A stable "random" number in [0, 1) for `text`: `mix32(fnv1a32(text)) / 2³²`. */
export function stableUnit(text: string): number {
  return mix32(fnv1a32(text)) / 0x1_0000_0000;
}
