// The playground's entry: `npm start` without Slack credentials outside production comes here
// (bin/start.mjs), as does `npm run playground`. tokenops with the emulated Slack, in the browser.
import { loadDotenvFile } from '../src/config/dotenvFile.js';
import { migrateInChildProcess } from '../src/store/migrationProcess.js';
import { PlaygroundRefusal } from './safety.js';
import { startPlayground } from './start.js';

loadDotenvFile();
try {
  const playground = await startPlayground(process.env, {
    migrate: async (url) => void (await migrateInChildProcess(url)),
  });
  console.log(`tokenops playground (no Slack credentials set): open ${playground.url}`);
  const shutdown = () =>
    playground.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
} catch (error) {
  // A refusal says what to change; other start-up failures get one line, not a stack trace.
  console.error(
    error instanceof PlaygroundRefusal
      ? error.message
      : `tokenops playground could not start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(error instanceof PlaygroundRefusal ? 2 : 1);
}
