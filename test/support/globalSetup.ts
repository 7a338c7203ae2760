// Once per `npm test`: a freshly migrated template database that every test file clones.
import pg from 'pg';
import { migrate } from '../../src/store/migrations.js';
import { dropDatabase } from '../../src/store/database.js';
import { TEMPLATE_DATABASE, databaseUrl } from './databases.js';

export default async function setup() {
  const url = databaseUrl(TEMPLATE_DATABASE);
  await dropDatabase(url);
  await migrate(url);
  // A template must have no open sessions when it is cloned.
  const admin = new pg.Client({ connectionString: databaseUrl('postgres') });
  await admin.connect();
  await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [TEMPLATE_DATABASE]);
  await admin.end();
}
