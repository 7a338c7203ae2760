// Process entry: `node dist/main.js [all|web|worker|verify]` (built by `npm run build`; `tsx src/main.ts`
// runs the source; `npm start` comes here through bin/start.mjs). Validates the configuration,
// migrates the database, starts the instance and shuts it down cleanly on SIGINT/SIGTERM.
import { ConfigError, loadConfig } from './config/env.js';
import { loadDotenvFile } from './config/dotenvFile.js';
import { migrateInChildProcess } from './store/migrationProcess.js';
import { CatalogError } from './config/catalog.js';
import { guardProcess } from './observability/processGuard.js';

/** `verify` is its own, smaller process (verifyInstance.ts); the others are startTokenops' roles.
 *  Each is imported only when chosen: a verification-only process never loads Slack or Prisma. */
const ROLES = ['all', 'web', 'worker', 'verify'] as const;
type ProcessRole = (typeof ROLES)[number];

/** Beyond the drain: time for running jobs and connections to finish. */
const SHUTDOWN_DEADLINE_MS = 10_000;

async function main() {
  const role = (process.argv[2] ?? 'all') as ProcessRole;
  if (!ROLES.includes(role)) {
    console.error(`tokenops: unknown role "${role}"; use all, web, worker or verify.`);
    process.exit(2);
  }
  loadDotenvFile();
  let config;
  try {
    config = loadConfig(process.env, { slack: role !== 'verify' });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(2);
  }
  await migrateInChildProcess(config.databaseDirectUrl);
  const tokenops =
    role === 'verify'
      ? await (await import('./verifyInstance.js')).startVerifyInstance(config)
      : await (await import('./tokenops.js')).startTokenops(config, { role });
  guardProcess(tokenops.logger);
  const shutdown = (signal: string) => {
    tokenops.logger.info({ signal }, 'shutdown requested');
    const deadline = SHUTDOWN_DEADLINE_MS + config.shutdownDrainSeconds * 1000;
    setTimeout(() => {
      console.error(`tokenops: shutdown took longer than ${deadline / 1000} s; exiting anyway.`);
      process.exit(1);
    }, deadline).unref();
    tokenops.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof CatalogError) {
    console.error(error.message);
    process.exit(2);
  }
  // Start-up failures (database unreachable...) get one clear line, not a stack trace.
  console.error(`tokenops could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
