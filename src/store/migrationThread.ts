// Migrations applied in a worker thread: the schema engine's WebAssembly memory (about 50 MB)
// is freed with the thread instead of staying in the serving process for its whole life.
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

/** `migrate(databaseUrl)` in a thread of its own; resolves with the applied migrations' names. */
export function migrateInThread(databaseUrl: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    // Threads do not inherit tsx's loader: the thread loads this file through tsx's API.
    const bootstrap = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => tsx.tsImport(${JSON.stringify(import.meta.url)}, ${JSON.stringify(import.meta.url)}))`;
    const worker = new Worker(bootstrap, { eval: true, workerData: databaseUrl });
    let applied: string[] | undefined;
    worker.once('message', (names: string[]) => (applied = names));
    worker.once('error', reject);
    worker.once('exit', (code) => (applied ? resolve(applied) : reject(new Error(`migrations stopped (exit code ${code})`))));
  });
}

if (!isMainThread && parentPort) {
  const { migrate } = await import('./migrations.js');
  parentPort.postMessage(await migrate(workerData as string));
}
