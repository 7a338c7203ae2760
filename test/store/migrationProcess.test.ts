import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateInChildProcess } from '../../src/store/migrationProcess.js';
import { readMigrations } from '../../src/store/migrations.js';
import { dropDatabase } from '../../src/store/database.js';
import { databaseUrl } from '../support/databases.js';

const url = databaseUrl(`tokenops_test_child_${randomBytes(4).toString('hex')}`);
afterAll(() => dropDatabase(url));

describe('migrations in a child process', () => {
  it('applies the pending migrations there and answers with their names, then nothing is pending', async () => {
    const names = (await readMigrations()).map((m) => m.name);
    expect(await migrateInChildProcess(url)).toEqual(names);
    expect(await migrateInChildProcess(url)).toEqual([]);
  }, 60_000);

  it("rejects with the child's reason when the database cannot be reached", async () => {
    await expect(migrateInChildProcess('postgresql://postgres@127.0.0.1:1/nowhere')).rejects.toThrow(
      /ECONNREFUSED|connect/,
    );
  }, 60_000);
});
