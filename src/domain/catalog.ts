// The catalog: which API versions and scopes a token may have, the expiry policy, and who
// approves what (approvals.ts).
import type { ApprovalRule } from './approvals.js';
type Localized = { en: string; ja: string };
type Scope = { name: string; description: Localized };
type ScopeCategory = { name: string; label: Localized; scopes: Scope[] };
export type Catalog = {
  apiVersions: string[]; // oldest first
  latestVersion: string; // the last of apiVersions
  categories: ScopeCategory[];
  expiry: { defaultDays: number; maxDays: number; neverAllowedFor: string[] }; // organization slugs allowed "never"
  approvals: ApprovalRule[];
};

export function allScopes(catalog: Catalog): Set<string> {
  return new Set(catalog.categories.flatMap((category) => category.scopes.map((scope) => scope.name)));
}
