// Benchmark data, seeded fast: server-side generate_series where secrets are not needed, and
// multi-row inserts of precomputed digests where they are. In a database of its own.
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { migrate } from '../../src/store/migrations.js';
import { dropDatabase } from '../../src/store/database.js';
import { digestSecret, generateSecret } from '../../src/domain/secret.js';
import type { Actor } from '../../src/domain/permissions.js';
import type { Tokenops } from '../../src/tokenops.js';

/** The organization of the list and slash scenarios: 100,000 tokens, administered by BENCH_ADMIN. */
export const ORG_ID = '00000000-0000-0000-0000-0000000000b1';
/** Another organization, for the verification scenarios' tokens. */
export const VERIFY_ORG_ID = '00000000-0000-0000-0000-0000000000b2';
export const BENCH_ADMIN = 'U0BENCH001';
export const WORKSPACE_ADMIN = 'U0BENCHWS1';

export async function benchDatabase() {
  const url = `postgresql://postgres@127.0.0.1:5432/tokenops_bench_${randomBytes(4).toString('hex')}`;
  await migrate(url);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(
    `INSERT INTO organizations (id, slug, name, created_by) VALUES ($1, 'bench', 'Bench', $3), ($2, 'verify', 'Verify', $3)`,
    [ORG_ID, VERIFY_ORG_ID, WORKSPACE_ADMIN],
  );
  await client.query(
    `INSERT INTO role_grants (id, user_id, role, organization_id, granted_by) VALUES (gen_random_uuid(), $1, 'org_admin', $2, $3)`,
    [BENCH_ADMIN, ORG_ID, WORKSPACE_ADMIN],
  );
  return {
    url,
    client,
    drop: async () => {
      await client.end();
      await dropDatabase(url);
    },
  };
}

/** Tokens with real secrets (returned), in the given status, owned by the verify organization. */
export async function seedWithSecrets(
  client: pg.Client,
  count: number,
  options: { hashSecret: string; status?: 'enabled' | 'revoked'; label: string },
) {
  const secrets: string[] = [];
  for (let done = 0; done < count; done += 5_000) {
    const n = Math.min(5_000, count - done);
    const ids = Array.from({ length: n }, () => randomUUID());
    const batch = Array.from({ length: n }, () => generateSecret('tko'));
    secrets.push(...batch);
    await client.query(
      `INSERT INTO tokens (id, display_id, label, organization_id, api_version, scopes, primary_contact, developer_emails, expires_at, status, created_by, updated_at)
       SELECT id, 'tok_' || substr(md5(id::text), 1, 10), $2 || ' ' || ord, $3, '2026-01', '{orders:read}', $4, '{}', now() + interval '90 days', $5::"TokenStatus", $4, now()
       FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, ord)`,
      [ids, `${options.label} ${done}`, VERIFY_ORG_ID, WORKSPACE_ADMIN, options.status ?? 'enabled'],
    );
    await client.query(
      `INSERT INTO token_secrets (id, token_id, digest) SELECT gen_random_uuid(), id, digest FROM unnest($1::uuid[], $2::text[]) AS t(id, digest)`,
      [ids, batch.map((secret) => digestSecret(secret, options.hashSecret))],
    );
  }
  return secrets;
}

/** Tokens without usable secrets, spread over statuses, ages and labels, for list queries. */
export async function seedMany(client: pg.Client, count: number) {
  await client.query(
    `INSERT INTO tokens (id, display_id, label, organization_id, api_version, scopes, primary_contact, developer_emails, expires_at, status, created_by, created_at, updated_at)
     SELECT gen_random_uuid(), 'tok_' || lpad(to_hex(g), 10, 'x'), 'service ' || md5(g::text), $1, '2026-01', '{orders:read}', $2, '{}',
            now() + ((g % 400) - 20 || ' days')::interval, (CASE WHEN g % 10 = 0 THEN 'disabled' WHEN g % 17 = 0 THEN 'revoked' ELSE 'enabled' END)::"TokenStatus",
            $2, now() - ((g % 120) || ' days')::interval, now()
     FROM generate_series(1, $3::int) g`,
    [ORG_ID, BENCH_ADMIN, count],
  );
  await client.query('ANALYZE tokens');
}

/** Makes BENCH_ADMIN an admin of the verify organization too: the SDK scenarios' revoker acts as them. */
export const grantVerifyOrg = (client: pg.Client) =>
  client.query(
    `INSERT INTO role_grants (id, user_id, role, organization_id, granted_by) SELECT gen_random_uuid(), $1, 'org_admin', id, $2 FROM organizations WHERE slug = 'verify'`,
    [BENCH_ADMIN, WORKSPACE_ADMIN],
  );

/** Tokens of the verify organization made and revoked as `actor` (the SDK scenarios' revoker). */
export const verifyOrgRevoker = (tokens: Tokenops['tokens'], actor: Actor) => ({
  create: (label: string) =>
    tokens.create(actor, { owner: 'org:verify', label, scopes: ['orders:read'], primaryContact: BENCH_ADMIN }),
  revoke: (displayId: string) => tokens.revoke(actor, displayId),
});
