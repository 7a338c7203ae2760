// A small catalog for unit tests, independent of the shipped example.
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
