import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CatalogError, loadCatalog } from '../../src/config/catalog.js';
import { loadConfig } from '../../src/config/env.js';
import { allScopes } from '../../src/domain/catalog.js';

async function problems(yaml: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'catalog-'));
  const file = path.join(dir, 'catalog.yml');
  await writeFile(file, yaml);
  const error = await loadCatalog(file).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(CatalogError);
  return (error as Error).message;
}

const scope = (name: string) => `{ name: "${name}", description: { en: x, ja: x } }`;

describe('loadCatalog', () => {
  it('loads the shipped example', async () => {
    const catalog = await loadCatalog(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).catalogPath);
    expect(catalog.latestVersion).toBe('2026-01');
    expect(catalog.expiry).toEqual({ defaultDays: 90, maxDays: 365, neverAllowedFor: [] });
    expect(allScopes(catalog)).toContain('orders:read');
    expect(catalog.categories.every((c) => c.label.ja && c.scopes.every((s) => s.description.ja))).toBe(true);
  });

  it('says when the file is missing or not YAML', async () => {
    expect((await loadCatalog('/nonexistent/catalog.yml').catch((e: Error) => e.message)) as string).toContain('the file does not exist');
    expect(await problems('api_versions: [v1\ncategories: {')).toContain('(file):');
  });

  it('lists every problem with where it is', async () => {
    const message = await problems(`
api_versions: []
expiry: { default_days: 400, max_days: 365 }
categories:
  - name: a
    label: { en: A, ja: A }
    scopes: [${scope('a:read')}, ${scope('BAD NAME')}]
  - name: b
    label: { en: B }
    scopes: [${scope('a:read')}]
colour: blue
`);
    expect(message).toContain('the catalog');
    expect(message).toContain('api_versions: must list at least one version');
    expect(message).toContain('expiry: default_days must not exceed max_days');
    expect(message).toContain('categories[0].scopes[1].name');
    expect(message).toContain('categories[1].label.ja');
    expect(message).toMatch(/colour/);
  });

  it('refuses a scope repeated across categories', async () => {
    const message = await problems(`
api_versions: [v1]
categories:
  - { name: a, label: { en: A, ja: A }, scopes: [${scope('x:read')}] }
  - { name: b, label: { en: B, ja: B }, scopes: [${scope('x:read')}] }
`);
    expect(message).toContain('categories[1].scopes[0].name: repeats the scope "x:read"');
  });
});
