/**
 * Every shop the crawler knows: each other file of this folder default-exports one {@link ShopAdapter}, and
 * is picked up here — adding a shop is adding its file (README, "Add a shop").
 */
import fs from 'node:fs';
import path from 'node:path';
import { InfraError } from '../../../domain/errors';
import type { ShopAdapter } from '../crawl/shop-adapter';

function isAdapter(value: unknown): value is ShopAdapter {
  const a = value as Partial<ShopAdapter> | undefined;
  return !!a && typeof a.id === 'string' && typeof a.source === 'string' && Array.isArray(a.startPaths) && a.followPattern instanceof RegExp && !!a.extract && !!a.pagination && !!a.rate;
}

function loadAdapters(): ShopAdapter[] {
  const files = fs
    .readdirSync(__dirname)
    .filter((file) => /\.(ts|js)$/.test(file) && !file.endsWith('.d.ts') && !/^index\.(ts|js)$/.test(file))
    .sort();
  const adapters: ShopAdapter[] = [];
  for (const file of files) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- adapters are discovered by file, on purpose
    const adapter = (require(path.join(__dirname, file)) as { default?: unknown }).default;
    if (!isAdapter(adapter)) throw new InfraError('ConfigInvalid', `shops/${file} must default-export a ShopAdapter`, { file });
    const clash = adapters.find((a) => a.id === adapter.id || a.source === adapter.source);
    if (clash) throw new InfraError('ConfigInvalid', `shops/${file}: id "${adapter.id}" or source "${adapter.source}" is already used by ${clash.id}`, { file });
    if (!/^[a-z0-9][a-z0-9-]{0,39}$/.test(adapter.id) || !/^[a-z0-9]{1,8}$/.test(adapter.source)) {
      throw new InfraError('ConfigInvalid', `shops/${file}: id must be kebab-case (≤ 40) and source 1–8 lower-case letters or digits`, { file });
    }
    adapters.push(adapter);
  }
  return adapters;
}

/** The adapters, by file name. */
export const SHOP_ADAPTERS: readonly ShopAdapter[] = loadAdapters();

/** The adapter of `id`. @throws InfraError `NotFound` for an unknown shop */
export function shopAdapter(id: string): ShopAdapter {
  const adapter = SHOP_ADAPTERS.find((a) => a.id === id);
  if (!adapter) throw new InfraError('NotFound', `no shop adapter "${id}" (known: ${SHOP_ADAPTERS.map((a) => a.id).join(', ')})`, { id });
  return adapter;
}
