// `npm start`: tokenops (dist/main.js, the production build), or, with no Slack credentials at
// all outside production, the local playground beside it (playground/main.ts, TypeScript run by
// tsx). With credentials or NODE_ENV=production nothing of the playground is loaded, and the
// production build holds none of it.
import { loadDotenvFile } from '../dist/config/dotenvFile.js';
import { playgroundWanted } from '../dist/config/env.js';

loadDotenvFile();
if ((process.argv[2] ?? 'all') === 'all' && playgroundWanted(process.env)) {
  const { register } = await import('tsx/esm/api');
  register(); // the playground is TypeScript, compiled as it loads
  await import('../playground/main.ts').catch((error) => {
    // Installed without devDependencies (npm install --omit=dev): the playground's page cannot be built.
    const missing =
      error?.code === 'ERR_MODULE_NOT_FOUND'
        ? ' (the playground needs the development dependencies: run npm install without --omit=dev)'
        : '';
    console.error(
      `tokenops playground could not start: ${error instanceof Error ? error.message : String(error)}${missing}`,
    );
    process.exit(1);
  });
} else {
  await import('../dist/main.js');
}
