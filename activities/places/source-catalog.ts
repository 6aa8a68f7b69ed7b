/**
 * The configured places sources: every `*.json` declaration in the sources folder (`PLACES_SOURCES_DIR`),
 * checked against {@link PlaceSourceSchema}, and the bytes of a source (a file beside its declaration, or an
 * http(s) URL).
 */
import { readdir, readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { InfraError } from '../../domain/errors';
import { checkPlaceSource, type PlaceSource } from './source-spec';

/** A declaration with its location resolved (absolute path or URL). */
export type ResolvedSource = PlaceSource & { readonly declaredIn: string };

const isUrl = (location: string): boolean => /^https?:\/\//.test(location);

/**
 * Reads every declaration of `dir`, ordered by id.
 * @throws InfraError `ConfigInvalid` naming the file and field of a declaration that is wrong, or two sources
 *   with one id
 */
export async function listPlaceSources(dir: string): Promise<ResolvedSource[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  const sources: ResolvedSource[] = [];
  for (const file of files) {
    const path = join(dir, file);
    let value: unknown;
    try {
      value = JSON.parse(await readFile(path, 'utf8'));
    } catch (err) {
      throw new InfraError('ConfigInvalid', `places source ${path} is not JSON: ${(err as Error).message}`, { path });
    }
    const checked = checkPlaceSource(value);
    if (!checked.ok) throw new InfraError('ConfigInvalid', `places source ${path} is invalid: ${checked.errors.join('; ')}`, { path });
    const source = checked.source;
    if (source.format === 'csv' && !source.columns?.name) throw new InfraError('ConfigInvalid', `places source ${path}: a csv source must name its columns (at least columns.name)`, { path });
    if (sources.some((s) => s.id === source.id)) throw new InfraError('ConfigInvalid', `places source id "${source.id}" is declared twice (${path})`, { path });
    const location = isUrl(source.location) || isAbsolute(source.location) ? source.location : join(dir, source.location);
    sources.push({ ...source, location, declaredIn: path });
  }
  return sources.sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * The bytes of a source.
 * @throws InfraError `NotFound` for a missing file, `ServiceUnavailable` for a URL that does not answer 200
 */
export async function readSourceBytes(source: ResolvedSource, timeoutMs = 60_000): Promise<Uint8Array> {
  if (!isUrl(source.location)) {
    try {
      return await readFile(source.location);
    } catch (err) {
      throw new InfraError('NotFound', `places source ${source.id}: cannot read ${source.location}: ${(err as Error).message}`, { source: source.id });
    }
  }
  let res: Response;
  try {
    res = await fetch(source.location, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    throw new InfraError('ServiceUnavailable', `places source ${source.id}: ${source.location} unreachable: ${(err as Error).message}`, { source: source.id });
  }
  if (!res.ok) throw new InfraError('ServiceUnavailable', `places source ${source.id}: ${source.location} answered ${res.status}`, { source: source.id, status: res.status });
  return new Uint8Array(await res.arrayBuffer());
}
