// The playground never touches a real install: it refuses a real install's settings and any
// database that is not its own, before writing anything, and its clock moves only its own database.
import { afterAll, describe, expect, it } from 'vitest';
import { startPlayground } from '../../playground/start.js';
import { PLAYGROUND_MARKER, PlaygroundRefusal, claimDatabase, environmentProblems } from '../../playground/safety.js';
import { moveClockForward } from '../../playground/clock.js';
import { createRedisPrefix, createTestDatabase, sql } from '../support/databases.js';

const cleanup: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const step of cleanup) await step();
});

async function database(prefix: string) {
  const created = await createTestDatabase(prefix);
  cleanup.push(created.drop);
  return created.url;
}

const comment = async (url: string) =>
  (
    await sql(
      url,
      "SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = current_database()",
    )
  )[0]!.comment as string | null;
const organizations = async (url: string) =>
  (await sql(url, 'SELECT slug, created_at FROM organizations ORDER BY slug')) as Array<{
    slug: string;
    created_at: Date;
  }>;
const aRealOrganization = (url: string) =>
  sql(
    url,
    "INSERT INTO organizations (id, slug, name, created_by) VALUES (gen_random_uuid(), 'real-corp', 'Real Corp', 'U0REALADMIN')",
  );

async function refusal(work: Promise<unknown>): Promise<string> {
  const error = await work.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(PlaygroundRefusal);
  return (error as PlaygroundRefusal).message;
}

describe('when the playground runs', () => {
  it("refuses a real install's settings, naming each, and another database or Redis namespace", () => {
    const problems = environmentProblems({
      TOKEN_HASH_SECRET: 'a real install secret 0123456789abcdef',
      VERIFY_API_KEYS: 'a-real-verification-key',
      ADMIN_USER_IDS: 'U0REALADMIN',
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/tokenops',
      REDIS_PREFIX: 'tokenops',
      HOST: '0.0.0.0',
      NODE_ENV: 'Production',
      SLACK_BOT_TOKEN: 'xoxb-real',
    });
    expect(problems.join('\n')).toMatch(/^TOKEN_HASH_SECRET is set/m);
    expect(problems.join('\n')).toMatch(/^VERIFY_API_KEYS is set/m);
    expect(problems.join('\n')).toMatch(/^ADMIN_USER_IDS is set/m);
    expect(problems.join('\n')).toContain('DATABASE_URL names the database "tokenops"');
    expect(problems.join('\n')).toContain('REDIS_PREFIX is "tokenops"');
    expect(problems.join('\n')).toContain('HOST is 0.0.0.0');
    expect(problems.join('\n')).toContain('NODE_ENV is production');
    expect(problems.join('\n')).toMatch(/^SLACK_BOT_TOKEN is set/m);
    expect(
      environmentProblems({
        DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/tokenops_playground_mine',
        REDIS_PREFIX: 'tokenops-playground-mine',
        TOKEN_HASH_SECRET: ' ',
      }),
    ).toEqual([]);
    expect(
      environmentProblems({ DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/tokenops_playgroundx' }),
    ).toHaveLength(1);
  });

  it('refuses a real database before touching it, and with TOKEN_HASH_SECRET set', async () => {
    const real = await database('tokenops_test');
    await aRealOrganization(real);
    const message = await refusal(
      startPlayground({
        PORT: '0',
        DATABASE_URL: real,
        TOKEN_HASH_SECRET: 'a real install secret 0123456789abcdef',
        LOG_LEVEL: 'silent',
      }),
    );
    expect(message).toContain('DATABASE_URL names the database "tokenops_test_');
    expect(message).toContain('TOKEN_HASH_SECRET is set');
    expect(message).toContain('set SLACK_BOT_TOKEN');
    expect((await organizations(real)).map((o) => o.slug)).toEqual(['real-corp']);
    expect(await comment(real)).toBeNull();
  });

  it('refuses a database named for it that holds data it did not seed, leaving it as it was', async () => {
    const redis = createRedisPrefix('tokenops-playground-');
    cleanup.push(redis.clean);
    const taken = await database('tokenops_playground_test');
    await aRealOrganization(taken);
    const before = await organizations(taken);
    const message = await refusal(
      startPlayground({ PORT: '0', DATABASE_URL: taken, REDIS_PREFIX: redis.prefix, LOG_LEVEL: 'silent' }),
    );
    expect(message).toContain('holds data the playground did not put there (in organizations)');
    expect(await organizations(taken)).toEqual(before);
    expect(await comment(taken)).toBeNull();
  });

  it('marks an empty database as its own, and takes it again later with its data', async () => {
    const empty = await database('tokenops_playground_test');
    await claimDatabase(empty);
    expect(await comment(empty)).toBe(PLAYGROUND_MARKER);
    await aRealOrganization(empty); // as if the playground had created it
    await expect(claimDatabase(empty)).resolves.toBeUndefined();
  });

  it('moves the clock of its own database only', async () => {
    const real = await database('tokenops_test');
    await aRealOrganization(real);
    const before = await organizations(real);
    await expect(moveClockForward(real, 400)).rejects.toThrow(/not marked/);
    expect(await organizations(real)).toEqual(before);

    const own = await database('tokenops_playground_test');
    await claimDatabase(own);
    await aRealOrganization(own);
    const then = (await organizations(own))[0]!.created_at;
    await moveClockForward(own, 2);
    const now = (await organizations(own))[0]!.created_at;
    expect(then.getTime() - now.getTime()).toBe(2 * 86_400_000);
  });
});
