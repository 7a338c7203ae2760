// `npm run playground:reset` (see reset.ts).
import { loadDotenvFile } from '../src/config/dotenvFile.js';
import { PlaygroundRefusal } from './safety.js';
import { resetPlayground } from './reset.js';

loadDotenvFile();
try {
  const { database, redisKeys } = await resetPlayground(process.env);
  console.log(
    `tokenops playground reset: ${database ? 'its database was dropped' : 'it had no database'}, ${redisKeys} Redis keys deleted. The next npm start begins afresh.`,
  );
} catch (error) {
  console.error(
    error instanceof PlaygroundRefusal
      ? error.message
      : `tokenops playground: could not reset: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(error instanceof PlaygroundRefusal ? 2 : 1);
}
