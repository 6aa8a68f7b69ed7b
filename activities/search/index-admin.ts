/**
 * Dated indexes behind an alias on OpenSearch (the product catalogue, the less-waste places): list them, read
 * where the alias points, move the alias in one atomic `_aliases` call, count documents, roll back. Used by
 * the refresh DAGs and by `ciao products rollback`.
 */
import type { Client } from '@opensearch-project/opensearch';
import { InfraError } from '../../domain/errors';
import { previousDatedIndex } from './dated-index-names';

/** Names of the indexes that start with `prefix` (dated indexes or not). */
export async function listIndexes(client: Client, prefix: string): Promise<string[]> {
  const { body } = await client.indices.get({ index: `${prefix}*`, allow_no_indices: true, expand_wildcards: 'open' });
  return Object.keys(body).sort();
}

/** Indexes the alias points at (none when it does not exist). */
export async function aliasTargets(client: Client, alias: string): Promise<string[]> {
  const { body, statusCode } = await client.indices.getAlias({ name: alias }, { ignore: [404] });
  if (statusCode === 404) return [];
  return Object.keys(body).sort();
}

/**
 * Points `alias` at `index` and at nothing else, in one `_aliases` request: searches see the old index or
 * the new one, never none and never both.
 * @returns the indexes the alias left
 */
export async function pointAlias(client: Client, alias: string, index: string): Promise<string[]> {
  const previous = (await aliasTargets(client, alias)).filter((i) => i !== index);
  await client.indices.updateAliases({
    body: { actions: [...previous.map((i) => ({ remove: { index: i, alias } })), { add: { index, alias } }] },
  });
  return previous;
}

/** Documents in an index (after a refresh). */
export async function countDocs(client: Client, index: string): Promise<number> {
  const { body } = await client.count({ index });
  return body.count;
}

/** A rollback (`ciao products rollback`): the alias back to the dated index before the current one, or to `to`. */
export async function rollbackAlias(client: Client, alias: string, prefix: string, to?: string): Promise<{ from: string; to: string }> {
  const current = await aliasTargets(client, alias);
  const [from] = current;
  if (!from || current.length !== 1) throw new InfraError('Conflict', `alias ${alias} points at ${current.length === 0 ? 'nothing' : current.join(', ')}: nothing to roll back from`, { alias, current });
  const indexes = await listIndexes(client, prefix);
  const target = to ?? previousDatedIndex(prefix, indexes, from);
  if (!target) throw new InfraError('NotFound', `no index older than ${from} to roll back to (have: ${indexes.join(', ') || 'none'})`, { alias, from });
  if (!indexes.includes(target)) throw new InfraError('NotFound', `index ${target} does not exist (have: ${indexes.join(', ')})`, { target });
  await pointAlias(client, alias, target);
  return { from, to: target };
}
