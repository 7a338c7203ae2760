// The migration history under prisma/migrations, applied at start and written by
// `npm run db:migration -- <name>`.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { applyMigrations, diffSchemas, type Migration } from './schemaEngine.js';
import { ensureDatabase } from './database.js';
import pg from 'pg';

const MIGRATION_LOCK = 7_270_736_901; // any constant shared by every tokenops instance

const prismaDir = fileURLToPath(new URL('../../prisma/', import.meta.url));
const migrationsDir = path.join(prismaDir, 'migrations');
const schemaPath = path.join(prismaDir, 'schema.prisma');
/** The schema as of the newest migration: the next migration is the diff from it. */
const snapshotPath = path.join(migrationsDir, 'schema-snapshot.prisma');

export async function readMigrations(): Promise<Migration[]> {
  const entries = await readdir(migrationsDir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => ({
      name,
      sql: await readFile(path.join(migrationsDir, name, 'migration.sql'), 'utf8'),
    })),
  );
}

function readSchema(file = schemaPath) {
  return readFile(file, 'utf8').then((content) => ({ path: 'schema.prisma', content }));
}

/** Creates the database if needed and applies pending migrations; returns the applied names. */
export async function migrate(databaseUrl: string): Promise<string[]> {
  await ensureDatabase(databaseUrl);
  const [schema, list, lockfile] = await Promise.all([
    readSchema(),
    readMigrations(),
    readFile(path.join(migrationsDir, 'migration_lock.toml'), 'utf8'),
  ]);
  // Instances starting together take turns, so each migration is applied exactly once.
  const lock = new pg.Client({ connectionString: databaseUrl });
  // Lost while held: the migrations' own connections fail too, and say so; not an uncaught 'error'.
  lock.on('error', () => undefined);
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    return await applyMigrations(databaseUrl, schema, { baseDir: migrationsDir, lockfile, list });
  } finally {
    await lock.end(); // ending the session releases the lock
  }
}

/** SQL still missing from the migrations: empty when schema.prisma and the snapshot agree. */
export async function pendingSchemaChange(databaseUrl: string): Promise<string> {
  await ensureDatabase(databaseUrl); // the engine connects even to diff two schema files
  const snapshot = await readSchema(snapshotPath).catch(() => undefined);
  const sql = await diffSchemas(databaseUrl, snapshot, await readSchema());
  return sql.replace(/^--.*$/gm, '').trim() ? sql : '';
}

/** Writes prisma/migrations/<timestamp>_<name>/migration.sql and refreshes the snapshot. */
export async function createMigration(databaseUrl: string, name: string, now = new Date()) {
  const sql = await pendingSchemaChange(databaseUrl);
  if (!sql) return undefined;
  const stamp = now.toISOString().replace(/\D/g, '').slice(0, 14);
  const dir = path.join(migrationsDir, `${stamp}_${name}`);
  await mkdir(dir);
  await writeFile(path.join(dir, 'migration.sql'), `${sql}\n`);
  await writeFile(snapshotPath, (await readSchema()).content);
  return dir;
}
