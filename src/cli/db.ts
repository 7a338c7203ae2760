// `npm run db:migrate`: create the database if needed and apply pending migrations.
// `npm run db:migration -- <name>`: write the next migration from the changes to schema.prisma.
import { toolConfig } from './config.js';
import { createMigration, migrate } from '../store/migrations.js';

const [command, name] = process.argv.slice(2);
const { databaseUrl } = toolConfig();

if (command === 'migrate') {
  const applied = await migrate(databaseUrl);
  console.log(applied.length ? `Applied ${applied.join(', ')}.` : 'The database is up to date.');
} else if (command === 'migration' && name && /^[a-z0-9_]+$/.test(name)) {
  const dir = await createMigration(databaseUrl, name);
  console.log(
    dir
      ? `Wrote ${dir}/migration.sql: review it, then commit it.`
      : 'schema.prisma has no changes since the last migration.',
  );
} else {
  console.error('usage: npm run db:migrate | npm run db:migration -- <name in snake_case>');
  process.exit(2);
}
