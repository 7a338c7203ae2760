// Loading the catalog YAML (TOKENOPS_CATALOG). A bad catalog stops start-up with every
// problem listed, each with where in the file it is.
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { z } from 'zod';
import type { Catalog } from '../domain/catalog.js';

export class CatalogError extends Error {
  constructor(path: string, problems: string[]) {
    super(`tokenops cannot start: the catalog ${path} has problems:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'CatalogError';
  }
}

const localized = (max: number) =>
  z.object({ en: z.string().trim().min(1).max(max), ja: z.string().trim().min(1).max(max) }, { error: 'needs en and ja texts' });

const schema = z
  .object({
    api_versions: z
      .array(z.string().regex(/^[A-Za-z0-9._-]{1,75}$/, 'must be 1-75 of A-Z, a-z, 0-9, . _ -'))
      .min(1, 'must list at least one version')
      .refine((list) => new Set(list).size === list.length, 'must not repeat a version'),
    expiry: z
      .object({
        default_days: z.number().int().positive().default(90),
        max_days: z.number().int().positive().default(365),
        never_allowed_for: z.array(z.string()).default([]),
      })
      .strict()
      .refine((e) => e.default_days <= e.max_days, 'default_days must not exceed max_days')
      .default({ default_days: 90, max_days: 365, never_allowed_for: [] }),
    categories: z
      .array(
        z
          .object({
            name: z.string().min(1).max(75),
            label: localized(75),
            scopes: z
              .array(
                z
                  .object({
                    name: z.string().regex(/^[a-z0-9:._-]{1,75}$/, 'must be 1-75 of a-z, 0-9, : . _ -'),
                    description: localized(150),
                  })
                  .strict(),
              )
              .min(1, 'must list at least one scope')
              .max(100, 'must list at most 100 scopes'),
          })
          .strict(),
      )
      .min(1, 'must list at least one category')
      .max(100, 'must list at most 100 categories'),
  })
  .strict()
  .superRefine((catalog, ctx) => {
    const seen = new Set<string>();
    catalog.categories.forEach((category, c) =>
      category.scopes.forEach((scope, s) => {
        if (seen.has(scope.name)) ctx.addIssue({ code: 'custom', path: ['categories', c, 'scopes', s, 'name'], message: `repeats the scope "${scope.name}"` });
        seen.add(scope.name);
      }),
    );
    const names = catalog.categories.map((category) => category.name);
    if (new Set(names).size !== names.length) ctx.addIssue({ code: 'custom', path: ['categories'], message: 'must not repeat a category name' });
  });

const where = (path: PropertyKey[]) =>
  path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part)), '') || '(top level)';

export async function loadCatalog(path: string): Promise<Catalog> {
  let data: unknown;
  try {
    data = parse(await readFile(path, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file does not exist' : (error as Error).message.split('\n')[0];
    throw new CatalogError(path, [`(file): ${reason}`]);
  }
  const result = schema.safeParse(data);
  if (!result.success) throw new CatalogError(path, result.error.issues.map((issue) => `${where(issue.path)}: ${issue.message}`));
  const c = result.data;
  return {
    apiVersions: c.api_versions,
    latestVersion: c.api_versions[c.api_versions.length - 1]!,
    categories: c.categories,
    expiry: { defaultDays: c.expiry.default_days, maxDays: c.expiry.max_days, neverAllowedFor: c.expiry.never_allowed_for },
  };
}
