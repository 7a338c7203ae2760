// Loading the catalog YAML (TOKENOPS_CATALOG). A bad catalog stops start-up with every
// problem listed, each with where in the file it is.
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { z } from 'zod';
import type { Catalog } from '../domain/catalog.js';
// An entry that is not a valid slug could never match an organization: surely a typo.
import { ORGANIZATION_SLUG } from '../domain/text.js';
import { approvalProblems, approvalsSchema, toRules } from './approvalPolicy.js';

const DEFAULT_EXPIRY = { default_days: 90, max_days: 365, never_allowed_for: [] as string[] };

export class CatalogError extends Error {
  constructor(
    readonly path: string,
    readonly problems: string[],
  ) {
    super(`tokenops cannot start: the catalog ${path} has problems:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'CatalogError';
  }
}

/** Says "is missing" rather than zod's "expected string, received undefined". */
const expected = (what: string) => ({
  error: (issue: { input?: unknown }) =>
    issue.input === undefined ? `is missing: it must be ${what}` : `must be ${what}`,
});
const text = (max: number) =>
  z.string(expected('text')).trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const localized = (max: number) =>
  z.strictObject({ en: text(max), ja: text(max) }, expected('a mapping with en and ja texts'));
const days = z
  .number(expected('a whole number of days'))
  .int('must be a whole number of days')
  .positive('must be at least 1 day');

const schema = z.strictObject(
  {
    api_versions: z
      .array(
        // Unquoted 1.0 reads as the number 1: refuse it rather than silently change the version.
        z
          .string(expected('quoted text, such as "2024-01"'))
          .regex(/^[A-Za-z0-9._-]{1,75}$/, 'must be 1-75 of A-Z, a-z, 0-9, . _ -'),
        expected('a list of API versions, oldest first'),
      )
      .min(1, 'must list at least one version'),
    expiry: z
      .strictObject(
        {
          default_days: days.default(DEFAULT_EXPIRY.default_days),
          max_days: days.default(DEFAULT_EXPIRY.max_days),
          never_allowed_for: z
            .array(
              z
                .string(expected('an organization slug'))
                .regex(ORGANIZATION_SLUG, 'must be an organization slug: 2-40 of a-z, 0-9 and -'),
              expected('a list of organization slugs'),
            )
            .default([]),
        },
        expected('a mapping with default_days, max_days and never_allowed_for'),
      )
      .default(DEFAULT_EXPIRY),
    categories: z
      .array(
        z.strictObject(
          {
            name: text(75),
            label: localized(75),
            scopes: z
              .array(
                z.strictObject(
                  {
                    name: z.string(expected('text')).regex(/^[a-z0-9:._-]{1,75}$/, 'must be 1-75 of a-z, 0-9, : . _ -'),
                    description: localized(150),
                  },
                  expected('a mapping with name and description'),
                ),
                expected('a list of scopes'),
              )
              .min(1, 'must list at least one scope')
              .max(100, 'must list at most 100 scopes'),
          },
          expected('a mapping with name, label and scopes'),
        ),
        expected('a list of scope categories'),
      )
      .min(1, 'must list at least one category')
      .max(100, 'must list at most 100 categories'),
    approvals: approvalsSchema.optional(),
  },
  expected('a mapping with api_versions, expiry, categories and approvals'),
);

type Problem = { path: PropertyKey[]; message: string };
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const listAt = (value: unknown, key: string): unknown[] =>
  isRecord(value) && Array.isArray(value[key]) ? value[key] : [];

/**
 * Rules across entries, checked on the raw data rather than as zod refinements: refinements
 * only run once everything else is valid, and every problem should be listed at once.
 */
function crossProblems(data: unknown): Problem[] {
  const problems: Problem[] = [];
  const repeats = (path: PropertyKey[], value: unknown, seen: Set<unknown>, what: string) => {
    if (typeof value !== 'string') return;
    if (seen.has(value)) problems.push({ path, message: `repeats the ${what} "${value}"` });
    seen.add(value);
  };
  const versions = new Set<unknown>();
  listAt(data, 'api_versions').forEach((version, v) => repeats(['api_versions', v], version, versions, 'version'));
  const categories = new Set<unknown>();
  const scopes = new Set<unknown>(); // unique across the whole catalog: a token's scopes are a flat list
  listAt(data, 'categories').forEach((category, c) => {
    if (isRecord(category)) repeats(['categories', c, 'name'], category.name, categories, 'category');
    listAt(category, 'scopes').forEach((scope, s) => {
      if (isRecord(scope)) repeats(['categories', c, 'scopes', s, 'name'], scope.name, scopes, 'scope');
    });
  });
  const expiry = isRecord(data) ? data.expiry : undefined;
  if (isRecord(expiry)) {
    const defaultDays = expiry.default_days ?? DEFAULT_EXPIRY.default_days;
    const maxDays = expiry.max_days ?? DEFAULT_EXPIRY.max_days;
    if (typeof defaultDays === 'number' && typeof maxDays === 'number' && defaultDays > maxDays) {
      problems.push({ path: ['expiry', 'default_days'], message: `must not exceed max_days (${maxDays})` });
    }
  }
  return [...problems, ...approvalProblems(data, scopes)];
}

const step = (part: PropertyKey) => {
  if (typeof part === 'number') return `[${part}]`;
  const key = String(part);
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
};
const where = (path: PropertyKey[]) => path.map(step).join('').replace(/^\./, '') || '(top level)';

function zodProblems(issues: z.core.$ZodIssue[], data: unknown): Problem[] {
  // One line per unknown key, at the key itself, rather than one "Unrecognized keys" line.
  return issues.flatMap((issue) => {
    if (issue.code !== 'unrecognized_keys') return [{ path: issue.path, message: issue.message }];
    const parent = issue.path.reduce<unknown>(
      (value, part) => (value as Record<PropertyKey, unknown> | undefined)?.[part],
      data,
    );
    return issue.keys.map((key) => ({
      path: [...issue.path, key],
      // `{ en: Create, change and cancel orders }` reads as en: Create plus an empty key.
      message:
        isRecord(parent) && parent[key] === null
          ? 'is not a known setting here (inside { }, a comma starts a new entry: quote texts that contain commas)'
          : 'is not a known setting here',
    }));
  });
}

function readProblem(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return 'the file does not exist (set TOKENOPS_CATALOG to the path of your catalog)';
    case 'EISDIR':
      return 'is a directory, not a file';
    case 'EACCES':
    case 'EPERM':
      return 'cannot be read: permission denied';
    default:
      return `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  }
}

/** Reads and checks the catalog; throws CatalogError listing every problem. */
export async function loadCatalog(path: string): Promise<Catalog> {
  let source: string;
  try {
    source = await readFile(path, 'utf8');
  } catch (error) {
    throw new CatalogError(path, [`(file): ${readProblem(error)}`]);
  }
  let data: unknown;
  try {
    data = parse(source);
  } catch (error) {
    // The first line says what and where ("... at line 2, column 1:"); the rest is a code excerpt.
    throw new CatalogError(path, [
      `(file): is not valid YAML: ${(error as Error).message.split('\n')[0]!.replace(/:$/, '')}`,
    ]);
  }
  if (data === null || data === undefined)
    throw new CatalogError(path, ['(file): is empty: it needs api_versions and categories']);

  const result = schema.safeParse(data);
  const found = [...zodProblems(result.error?.issues ?? [], data), ...crossProblems(data)];
  if (!result.success || found.length) {
    throw new CatalogError(path, [...new Set(found.map((problem) => `${where(problem.path)}: ${problem.message}`))]);
  }
  const c = result.data;
  return {
    apiVersions: c.api_versions,
    latestVersion: c.api_versions[c.api_versions.length - 1]!,
    categories: c.categories,
    expiry: {
      defaultDays: c.expiry.default_days,
      maxDays: c.expiry.max_days,
      neverAllowedFor: c.expiry.never_allowed_for,
    },
    approvals: toRules(c.approvals),
  };
}
