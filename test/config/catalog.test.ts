import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CatalogError, loadCatalog } from '../../src/config/catalog.js';
import { loadConfig } from '../../src/config/env.js';
import { allScopes } from '../../src/domain/catalog.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tokenops-catalog-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

let files = 0;
async function write(yaml: string): Promise<string> {
  const file = path.join(dir, `catalog-${++files}.yml`);
  await writeFile(file, yaml);
  return file;
}

async function failure(file: string): Promise<CatalogError> {
  const error = await loadCatalog(file).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CatalogError);
  const catalogError = error as CatalogError;
  expect(catalogError.message).toMatch(
    new RegExp(`^tokenops cannot start: the catalog ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} has problems:\n`),
  );
  expect(catalogError.message.split('\n').slice(1)).toEqual(catalogError.problems.map((p) => `  - ${p}`));
  return catalogError;
}
const problems = async (yaml: string) => (await failure(await write(yaml))).problems;

const scope = (name: string) => `{ name: "${name}", description: { en: x, ja: x } }`;
const category = (name: string, ...scopes: string[]) =>
  `  - { name: ${name}, label: { en: ${name}, ja: ${name} }, scopes: [${scopes.map(scope).join(', ')}] }`;
const valid = (extra = '') => `api_versions: [v1, v2]\n${extra}categories:\n${category('a', 'a:read')}\n`;

describe('loadCatalog', () => {
  it('loads the shipped example', async () => {
    const catalog = await loadCatalog(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).catalogPath);
    expect(catalog.apiVersions).toEqual(['2024-01', '2025-01', '2026-01']);
    expect(catalog.latestVersion).toBe('2026-01');
    expect(catalog.expiry).toEqual({ defaultDays: 90, maxDays: 365, neverAllowedFor: [] });
    expect(allScopes(catalog)).toContain('orders:read');
    expect(catalog.categories.length).toBeGreaterThanOrEqual(4);
    for (const c of catalog.categories) {
      expect(c.label.ja).not.toBe('');
      expect(c.scopes.length).toBeGreaterThanOrEqual(2);
      for (const s of c.scopes) expect(s.description.ja).not.toBe('');
    }
    // Texts with commas survive whole (unquoted inside { } they would be cut at the comma).
    const write = catalog.categories.flatMap((c) => c.scopes).find((s) => s.name === 'orders:write');
    expect(write?.description.en).toBe('Create, change and cancel orders');
  });

  it('applies the expiry defaults and keeps the versions in order', async () => {
    const catalog = await loadCatalog(await write(valid()));
    expect(catalog).toEqual({
      apiVersions: ['v1', 'v2'],
      latestVersion: 'v2',
      categories: [
        { name: 'a', label: { en: 'a', ja: 'a' }, scopes: [{ name: 'a:read', description: { en: 'x', ja: 'x' } }] },
      ],
      expiry: { defaultDays: 90, maxDays: 365, neverAllowedFor: [] },
      approvals: [],
    });
    const partial = await loadCatalog(await write(valid('expiry: { max_days: 730, never_allowed_for: [acme] }\n')));
    expect(partial.expiry).toEqual({ defaultDays: 90, maxDays: 730, neverAllowedFor: ['acme'] });
  });

  it('says when the file is missing, unreadable, empty or not YAML', async () => {
    const missing = path.join(dir, 'nope.yml');
    expect((await failure(missing)).problems).toEqual([
      '(file): the file does not exist (set TOKENOPS_CATALOG to the path of your catalog)',
    ]);
    expect((await failure(dir)).problems).toEqual(['(file): is a directory, not a file']);
    if (process.getuid?.() !== 0) {
      const locked = await write(valid());
      await chmod(locked, 0o000);
      expect((await failure(locked)).problems).toEqual(['(file): cannot be read: permission denied']);
    }
    expect(await problems('')).toEqual(['(file): is empty: it needs api_versions and categories']);
    const [yaml] = await problems('api_versions: [v1\ncategories: {');
    expect(yaml).toMatch(/^\(file\): is not valid YAML: .*line \d+, column \d+$/);
    expect(await problems('a: 1\na: 2\n')).toEqual([
      expect.stringMatching(/^\(file\): is not valid YAML: Map keys must be unique/),
    ]);
  });

  it('refuses an unknown structure', async () => {
    expect(await problems('- v1\n- v2\n')).toEqual([
      '(top level): must be a mapping with api_versions, expiry, categories and approvals',
    ]);
    expect(await problems('api_versions: v1\ncategories: 3\n')).toEqual([
      'api_versions: must be a list of API versions, oldest first',
      'categories: must be a list of scope categories',
    ]);
    expect(await problems('expiry: {}\n')).toEqual([
      'api_versions: is missing: it must be a list of API versions, oldest first',
      'categories: is missing: it must be a list of scope categories',
    ]);
    expect(await problems(valid('colour: blue\n'))).toEqual(['colour: is not a known setting here']);
  });

  it('refuses empty api_versions, and versions that are not quoted text or repeat', async () => {
    expect(await problems(`api_versions: []\ncategories:\n${category('a', 'a:read')}\n`)).toEqual([
      'api_versions: must list at least one version',
    ]);
    expect(
      await problems(`api_versions: [1.0, v2, v2, "bad version"]\ncategories:\n${category('a', 'a:read')}\n`),
    ).toEqual([
      'api_versions[0]: must be quoted text, such as "2024-01"',
      'api_versions[3]: must be 1-75 of A-Z, a-z, 0-9, . _ -',
      'api_versions[2]: repeats the version "v2"',
    ]);
  });

  it('refuses default_days above max_days, and days that are not positive whole numbers', async () => {
    expect(await problems(valid('expiry: { default_days: 400, max_days: 365 }\n'))).toEqual([
      'expiry.default_days: must not exceed max_days (365)',
    ]);
    expect(await problems(valid('expiry: { default_days: 400 }\n'))).toEqual([
      'expiry.default_days: must not exceed max_days (365)',
    ]);
    expect(
      await problems(valid('expiry: { default_days: 0, max_days: 1.5, never_allowed_for: [Acme Corp] }\n')),
    ).toEqual([
      'expiry.default_days: must be at least 1 day',
      'expiry.max_days: must be a whole number of days',
      'expiry.never_allowed_for[0]: must be an organization slug: 2-40 of a-z, 0-9 and -',
    ]);
  });

  it('refuses a scope repeated across categories, and repeated category names', async () => {
    expect(
      await problems(
        `api_versions: [v1]\ncategories:\n${category('a', 'x:read')}\n${category('b', 'x:read')}\n${category('a', 'y:read')}\n`,
      ),
    ).toEqual([
      'categories[1].scopes[0].name: repeats the scope "x:read"',
      'categories[2].name: repeats the category "a"',
    ]);
  });

  it('points at texts cut by an unquoted comma', async () => {
    const [problem] = await problems(`api_versions: [v1]
categories:
  - name: a
    label: { en: A, ja: A }
    scopes:
      - { name: a:write, description: { en: Create, change and cancel, ja: 作成 } }
`);
    expect(problem).toBe(
      'categories[0].scopes[0].description["change and cancel"]: is not a known setting here (inside { }, a comma starts a new entry: quote texts that contain commas)',
    );
  });

  it('lists every problem at once, each with where it is', async () => {
    const list = await problems(`
api_versions: []
expiry: { default_days: 400, max_days: 365 }
categories:
  - name: a
    label: { en: A, ja: A }
    scopes: [${scope('a:read')}, ${scope('BAD NAME')}]
  - name: b
    label: { en: B }
    scopes: [${scope('a:read')}]
  - name: c
    label: { en: C, ja: "${'長'.repeat(76)}" }
    scopes: []
colour: blue
`);
    expect(list).toEqual([
      'api_versions: must list at least one version',
      'categories[0].scopes[1].name: must be 1-75 of a-z, 0-9, : . _ -',
      'categories[1].label.ja: is missing: it must be text',
      'categories[2].label.ja: must be at most 75 characters',
      'categories[2].scopes: must list at least one scope',
      'colour: is not a known setting here',
      'categories[1].scopes[0].name: repeats the scope "a:read"',
      'expiry.default_days: must not exceed max_days (365)',
    ]);
  });

  it('caps categories and scopes at 100', async () => {
    const many = (n: number, make: (i: number) => string) => Array.from({ length: n }, (_, i) => make(i)).join(', ');
    const tooManyScopes = `api_versions: [v1]\ncategories:\n  - { name: a, label: { en: A, ja: A }, scopes: [${many(101, (i) => scope(`s${i}`))}] }\n`;
    expect(await problems(tooManyScopes)).toEqual(['categories[0].scopes: must list at most 100 scopes']);
    const tooManyCategories = `api_versions: [v1]\ncategories: [${many(101, (i) => `{ name: c${i}, label: { en: C, ja: C }, scopes: [${scope(`s${i}`)}] }`)}]\n`;
    expect(await problems(tooManyCategories)).toEqual(['categories: must list at most 100 categories']);
  });
});
