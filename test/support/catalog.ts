// A small catalog for unit tests, independent of the shipped example.
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Catalog } from '../../src/domain/catalog.js';

export const testCatalog: Catalog = {
  apiVersions: ['2025-01', '2026-01'],
  latestVersion: '2026-01',
  categories: [
    {
      name: 'orders',
      label: { en: 'Orders', ja: '注文' },
      scopes: [
        { name: 'orders:read', description: { en: 'Read orders', ja: '注文の参照' } },
        { name: 'orders:write', description: { en: 'Change orders', ja: '注文の変更' } },
      ],
    },
  ],
  expiry: { defaultDays: 90, maxDays: 365, neverAllowedFor: ['internal'] },
  approvals: [],
};

/** The shipped example catalog with `more` (YAML) after it, written to a file of its own for a
 *  test file's TOKENOPS_CATALOG; returns its path. */
export function exampleCatalogWith(name: string, more: string): string {
  const file = path.join(tmpdir(), `tokenops-${name}-${process.pid}.yml`);
  writeFileSync(file, `${readFileSync(new URL('../../catalog.example.yml', import.meta.url), 'utf8')}\n${more}`);
  return file;
}
