// What keeps the playground away from a real install. It runs only on a database of its own:
// named for it, and either empty when it first finds it (it then marks it as its own, in the
// database's comment) or marked so; never with a real install's secrets or Slack settings; and
// never in production (however it is started). Each refusal says what to change.
import pg from 'pg';
import { isProduction } from '../src/config/env.js';
import { ensureDatabase } from '../src/store/database.js';

type Env = Record<string, string | undefined>;

export const PLAYGROUND_DATABASE = 'tokenops_playground';
export const PLAYGROUND_DATABASE_URL = `postgresql://postgres@127.0.0.1:5432/${PLAYGROUND_DATABASE}`;
export const PLAYGROUND_REDIS_PREFIX = 'tokenops-playground';
/** The comment the playground writes on a database it takes; nothing else writes it. */
export const PLAYGROUND_MARKER = 'tokenops playground: made and seeded by the playground; nothing in it is real';

/** Settings only a real install has: the playground brings its own, and will not take these. */
const REAL_INSTALL_SETTINGS = [
  'SLACK_BOT_TOKEN',
  'SLACK_APP_TOKEN',
  'TOKEN_HASH_SECRET',
  'TOKEN_HASH_SECRET_PREVIOUS',
  'VERIFY_API_KEYS',
  'GITLAB_REVOCATION_API_KEYS',
  'ADMIN_USER_IDS',
  'APPROVALS_CHANNEL_ID',
  'SLACK_SIGNING_SECRET',
  'SLACK_API_URL',
  'SMTP_URL',
  'DATABASE_DIRECT_URL',
];
const LOOPBACK_ADDRESSES = ['127.0.0.1', '::1', 'localhost'];

export class PlaygroundRefusal extends Error {
  constructor(readonly problems: string[]) {
    super(
      `tokenops playground: nothing done, ${problems.length === 1 ? 'one problem' : `${problems.length} problems`}.\n` +
        problems.map((problem) => `  - ${problem}`).join('\n') +
        '\nThe playground runs only on a database of its own (tokenops_playground) with settings of its own. ' +
        'To run tokenops with your Slack workspace instead, set SLACK_BOT_TOKEN (see the README).',
    );
    this.name = 'PlaygroundRefusal';
  }
}

const isSet = (value: string | undefined) => Boolean(value?.trim());
const databaseName = (url: string) => decodeURIComponent(new URL(url).pathname.slice(1));
/** tokenops_playground, or tokenops_playground_<anything> (several side by side, tests). */
export const isPlaygroundDatabaseName = (name: string) =>
  name === PLAYGROUND_DATABASE || name.startsWith(`${PLAYGROUND_DATABASE}_`);
const isPlaygroundPrefix = (prefix: string) =>
  prefix === PLAYGROUND_REDIS_PREFIX || prefix.startsWith(`${PLAYGROUND_REDIS_PREFIX}-`);

/** Whatever in `env` names a real install; empty when the playground may start. */
export function environmentProblems(env: Env): string[] {
  const problems = REAL_INSTALL_SETTINGS.filter((name) => isSet(env[name])).map(
    (name) =>
      `${name} is set: it belongs to a real install, and the playground uses its own. Unset it to run the playground.`,
  );
  if (isProduction(env.NODE_ENV))
    problems.push('NODE_ENV is production: the playground is for trying tokenops out, never a production install.');
  if (isSet(env.DATABASE_URL)) {
    let name: string | undefined;
    try {
      name = databaseName(env.DATABASE_URL!.trim());
    } catch {
      name = undefined;
    }
    if (!name || !isPlaygroundDatabaseName(name)) {
      problems.push(
        `DATABASE_URL names ${name ? `the database "${name}"` : 'no database'}: the playground runs only on ${PLAYGROUND_DATABASE} (or ${PLAYGROUND_DATABASE}_<name>). Unset DATABASE_URL, or name such a database.`,
      );
    }
  }
  if (isSet(env.REDIS_PREFIX) && !isPlaygroundPrefix(env.REDIS_PREFIX!.trim())) {
    problems.push(
      `REDIS_PREFIX is "${env.REDIS_PREFIX!.trim()}": the playground keeps its Redis keys under ${PLAYGROUND_REDIS_PREFIX} (or ${PLAYGROUND_REDIS_PREFIX}-<name>). Unset REDIS_PREFIX, or choose such a prefix.`,
    );
  }
  if (isSet(env.HOST) && !LOOPBACK_ADDRESSES.includes(env.HOST!.trim())) {
    problems.push(`HOST is ${env.HOST!.trim()}: the playground answers only on this machine (127.0.0.1). Unset HOST.`);
  }
  return problems;
}

/**
 * Makes sure the playground may use this database: created when missing; marked as the
 * playground's when empty; refused when it holds data and no marker (someone else's data).
 * Runs before migrations, so a refused database is left exactly as it was.
 */
export async function claimDatabase(databaseUrl: string): Promise<void> {
  const name = databaseName(databaseUrl);
  if (!isPlaygroundDatabaseName(name))
    throw new PlaygroundRefusal([`the database "${name}" is not the playground's (${PLAYGROUND_DATABASE}).`]);
  await ensureDatabase(databaseUrl);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    if (await isMarked(client)) return;
    await refuseForeignData(client, name);
    await client.query(`COMMENT ON DATABASE ${pg.escapeIdentifier(name)} IS ${pg.escapeLiteral(PLAYGROUND_MARKER)}`);
  } finally {
    await client.end();
  }
}

/** Throws when the connected (unmarked) database holds rows: someone else's data. */
export async function refuseForeignData(client: pg.ClientBase, name: string): Promise<void> {
  const holding = await tablesWithRows(client);
  if (!holding.length) return;
  throw new PlaygroundRefusal([
    `the database "${name}" holds data the playground did not put there (in ${holding.slice(0, 3).join(', ')}${holding.length > 3 ? ', …' : ''}), so the playground leaves it alone. ` +
      `Name a new database (DATABASE_URL=…/${PLAYGROUND_DATABASE}_<name>); if it is a playground database from an earlier version of tokenops, drop it yourself (dropdb ${name}).`,
  ]);
}

/** Whether the connected database carries the playground's marker. */
export async function isMarked(client: pg.ClientBase): Promise<boolean> {
  const { rows } = await client.query<{ comment: string | null }>(
    "SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = current_database()",
  );
  return rows[0]?.comment === PLAYGROUND_MARKER;
}

/** Tables that hold at least one row (the migrations' own bookkeeping aside). */
async function tablesWithRows(client: pg.ClientBase): Promise<string[]> {
  const { rows: tables } = await client.query<{ schema: string; name: string }>(
    `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
      WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') AND table_name <> '_prisma_migrations'
      ORDER BY 1, 2`,
  );
  const holding: string[] = [];
  for (const table of tables) {
    const qualified = `${pg.escapeIdentifier(table.schema)}.${pg.escapeIdentifier(table.name)}`;
    const { rows } = await client.query<{ found: boolean }>(`SELECT EXISTS (SELECT 1 FROM ${qualified}) AS found`);
    if (rows[0]!.found) holding.push(table.name);
  }
  return holding;
}
