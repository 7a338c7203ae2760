import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CatalogError, loadCatalog } from '../../src/config/catalog.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tokenops-approvals-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

let files = 0;
const load = async (approvals: string) => {
  const file = path.join(dir, `catalog-${++files}.yml`);
  await writeFile(
    file,
    `api_versions: [v1]\ncategories:\n  - { name: a, label: { en: a, ja: a }, scopes: [{ name: "a:read", description: { en: x, ja: x } }, { name: "a:admin", description: { en: x, ja: x } }] }\napprovals:\n${approvals}`,
  );
  return loadCatalog(file);
};
const problems = (approvals: string) =>
  load(approvals).then(
    () => [] as string[],
    (error: unknown) => {
      expect(error).toBeInstanceOf(CatalogError);
      return (error as CatalogError).problems;
    },
  );

describe('the approvals section of the catalog', () => {
  it('reads rules with their defaults', async () => {
    const catalog = await load(
      [
        '  - operation: request',
        '  - name: sensitive',
        '    operation: [request, reset]',
        '    owners: ["org:acme", "domain:shop.acme.test"]',
        '    scopes: ["a:admin"]',
        '    required: 2',
        '    approvers: [role:org_admin, usergroup:S0SECURITY, user:U0HANA]',
        '    escalate_after: 4h',
        '    escalate_to: [user:U0CISO]',
        '',
      ].join('\n'),
    );
    expect(catalog.approvals).toEqual([
      {
        name: 'approvals[0]',
        operations: ['request'],
        owners: [],
        scopes: [],
        required: 1,
        approvers: [],
        escalateAfterMinutes: undefined,
        escalateTo: [],
      },
      {
        name: 'sensitive',
        operations: ['request', 'reset'],
        owners: ['org:acme', 'domain:shop.acme.test'],
        scopes: ['a:admin'],
        required: 2,
        approvers: [
          { kind: 'role', role: 'org_admin' },
          { kind: 'usergroup', id: 'S0SECURITY' },
          { kind: 'user', id: 'U0HANA' },
        ],
        escalateAfterMinutes: 240,
        escalateTo: [{ kind: 'user', id: 'U0CISO' }],
      },
    ]);
  });

  it('names each bad rule and what is wrong with it, all at once', async () => {
    const found = await problems(
      [
        '  - operation: approve',
        '  - name: strict',
        '    operation: revoke',
        '    required: 0',
        '  - operation: request',
        '    scopes: ["a:nope"]',
        '    approvers: [role:owner, group:S1]',
        '  - operation: reset',
        '    escalate_after: soon',
        '  - operation: extend',
        '    escalate_to: [user:U0CISO]',
        '  - operation: request',
        '    required: 3',
        '    approvers: [user:U0A, user:U0B]',
        '  - { operation: request, scopes: ["a:nope"] }',
        '  - { operation: request, owners: ["org:acme"], colour: red }',
        '',
      ].join('\n'),
    );
    expect(found).toEqual(
      expect.arrayContaining([
        'approvals[0].operation[0]: must be one of request, revoke, reset, extend',
        'approvals[1].required: must be at least 1: revoke always need an approver other than the requester (rule "strict")',
        'approvals[2].scopes[0]: names the scope "a:nope", which no category lists',
        'approvals[2].approvers[0]: must be role:org_admin, role:domain_admin, role:workspace_admin, usergroup:<S… id> or user:<U… id>',
        'approvals[2].approvers[1]: must be role:org_admin, role:domain_admin, role:workspace_admin, usergroup:<S… id> or user:<U… id>',
        'approvals[3].escalate_after: must be a duration such as 30m, 4h or 2d',
        'approvals[3].escalate_after: needs escalate_after and escalate_to together',
        'approvals[4].escalate_to: needs escalate_after and escalate_to together',
        'approvals[5].required: asks for 3 approvers but the rule names only 2 user(s): it could never be approved',
        'approvals[6].operation: repeats approvals[2] for request with the same owners and scopes: merge them',
        'approvals[7].colour: is not a known setting here',
      ]),
    );
  });

  it('allows no approval at all for reset and extend (a rule can exempt them)', async () => {
    const catalog = await load('  - { operation: [reset, extend], owners: ["org:acme"], required: 0 }\n');
    expect(catalog.approvals[0]!.required).toBe(0);
  });
});
