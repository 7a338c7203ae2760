// Once per `npm test`: the app built as `npm start` runs it (dist/), and a freshly migrated
// template database that every test file clones. Its name is unique to this run, so two runs on
// one machine (a developer's and CI's) never collide.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrate } from '../../src/store/migrations.js';
import { dropDatabase } from '../../src/store/database.js';
import { databaseUrl } from './databases.js';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}

export default async function setup(project: TestProject) {
  await promisify(execFile)('npm', ['run', 'build:if-stale', '--silent']);
  const name = `tokenops_test_template_${randomBytes(4).toString('hex')}`;
  const url = databaseUrl(name);
  await migrate(url);
  // A template must have no open sessions when it is cloned.
  const admin = new pg.Client({ connectionString: databaseUrl('postgres') });
  await admin.connect();
  await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]);
  await admin.end();
  project.provide('templateDatabase', name);
  return () => dropDatabase(url);
}
