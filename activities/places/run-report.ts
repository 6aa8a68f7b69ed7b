/**
 * The report of a `lesswaste_places` run for people (`ciao places report`): per source what was read, kept,
 * refused and skipped, every listed reject with its line and reason, the duplicates merged, and which index
 * the alias moved to. Pure: it reads the run's task outputs.
 */
import type { DedupedSet } from './dedupe-task';
import type { GeocodedSource } from './geocode-task';
import type { LoadedSource } from './load-source-task';
import type { SwappedPlacesAlias } from './places-index-tasks';

/** The outputs of a run, by task id (absent for tasks that did not succeed). */
export interface PlacesRunOutputs {
  readonly load?: readonly LoadedSource[];
  readonly geocode?: readonly GeocodedSource[];
  readonly dedupe?: DedupedSet;
  readonly swap_alias?: SwappedPlacesAlias;
}

const reasons = (byReason: Readonly<Record<string, number | undefined>>): string =>
  Object.entries(byReason)
    .map(([r, n]) => `${r} ${n ?? 0}`)
    .join(', ') || 'none';

/** The report's lines. */
export function placesRunReport(outputs: PlacesRunOutputs): string[] {
  const lines: string[] = [];
  for (const loaded of outputs.load ?? []) {
    const geocoded = outputs.geocode?.find((g) => g.source === loaded.source);
    lines.push(`${loaded.source}${loaded.demo ? ' (demo data)' : ''}: ${loaded.read} rows read, ${loaded.valid} valid, ${loaded.rejected} rejected (${reasons(loaded.byReason)})`);
    for (const r of loaded.rejects) lines.push(`  rejected line ${r.line}${r.name ? ` "${r.name}"` : ''}: ${r.reason} — ${r.detail}`);
    if (loaded.rejected > loaded.rejects.length) lines.push(`  … ${loaded.rejected - loaded.rejects.length} more in ${loaded.rejectsPath}`);
    if (geocoded) {
      lines.push(`  placed ${geocoded.placed} (${geocoded.geocoder ? `${geocoded.geocoded} by the ${geocoded.geocoder} geocoder` : 'no geocoder configured'}), skipped ${geocoded.skipped} (${reasons(geocoded.byReason)})`);
      for (const r of geocoded.skippedRows) lines.push(`  skipped line ${r.line}${r.name ? ` "${r.name}"` : ''}: ${r.reason} — ${r.detail}`);
    }
  }
  if (outputs.dedupe) {
    lines.push(`dedupe: ${outputs.dedupe.places} places, ${outputs.dedupe.duplicates} duplicates merged`);
    for (const d of outputs.dedupe.duplicateRows) lines.push(`  ${d.origin} "${d.name}" → ${d.keptOrigin} (${d.distanceM} m apart)`);
  }
  if (outputs.swap_alias) lines.push(`alias ${outputs.swap_alias.alias} → ${outputs.swap_alias.index} (was ${outputs.swap_alias.previous.join(', ') || 'nothing'})`);
  else lines.push('the alias did not move (the run did not reach swap_alias)');
  return lines;
}
