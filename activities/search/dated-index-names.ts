/**
 * Names of dated indexes behind an alias, `<prefix><YYYYMMDD>-<build>` (the first, empty index made by
 * `ciao stack init` is `<prefix><YYYYMMDD>-init`), and the pure choices made on them: the next build number
 * of a day, which indexes to prune, which one a rollback returns to. Indexes order by day, then build (init
 * first). Shared by the product catalogue (`nolabel-products-…`) and the less-waste places (`lesswaste-places-…`).
 */

/** A parsed index name. */
export interface DatedIndexName {
  readonly index: string;
  /** `YYYYMMDD` */
  readonly day: string;
  /** Build number; 0 for `-init`. */
  readonly build: number;
}

/** The index name of a day's build: `nolabel-products-20261206-2`, `lesswaste-places-20261206-1`. */
export function datedIndexName(prefix: string, day: string, build: number): string {
  return `${prefix}${day.replaceAll('-', '')}-${build}`;
}

/** Parses a name made by {@link datedIndexName} (or an `-init` index); undefined for other names. */
export function parseDatedIndexName(prefix: string, index: string): DatedIndexName | undefined {
  if (!index.startsWith(prefix)) return undefined;
  const m = /^(\d{8})-(\d+|init)$/.exec(index.slice(prefix.length));
  if (!m) return undefined;
  return { index, day: m[1] ?? '', build: m[2] === 'init' ? 0 : Number(m[2]) };
}

/** Oldest first; names that are not dated indexes of `prefix` are left out. */
export function sortDatedIndexes(prefix: string, indexes: Iterable<string>): DatedIndexName[] {
  return [...indexes]
    .map((i) => parseDatedIndexName(prefix, i))
    .filter((n): n is DatedIndexName => n !== undefined)
    .sort((a, b) => a.day.localeCompare(b.day) || a.build - b.build);
}

/** The next build number of `day` (1 when the day has none yet). */
export function nextBuildNumber(prefix: string, indexes: Iterable<string>, day: string): number {
  const compact = day.replaceAll('-', '');
  return Math.max(0, ...sortDatedIndexes(prefix, indexes).filter((n) => n.day === compact).map((n) => n.build)) + 1;
}

/**
 * The indexes to delete so that the newest `keep` remain, oldest first. An index the alias points at is
 * never deleted (it counts among the kept).
 */
export function indexesToPrune(prefix: string, indexes: Iterable<string>, aliased: ReadonlySet<string>, keep: number): string[] {
  const newestFirst = sortDatedIndexes(prefix, indexes).reverse();
  const kept = new Set<string>(newestFirst.filter((n) => aliased.has(n.index)).map((n) => n.index));
  for (const n of newestFirst) {
    if (kept.size >= keep) break;
    kept.add(n.index);
  }
  return newestFirst
    .filter((n) => !kept.has(n.index))
    .map((n) => n.index)
    .reverse();
}

/** The index a rollback returns to: the newest one older than `current`; undefined when there is none. */
export function previousDatedIndex(prefix: string, indexes: Iterable<string>, current: string): string | undefined {
  const sorted = sortDatedIndexes(prefix, indexes);
  const at = sorted.findIndex((n) => n.index === current);
  return at > 0 ? sorted[at - 1]?.index : undefined;
}
