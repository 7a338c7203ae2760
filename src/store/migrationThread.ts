// Migrations applied in a worker thread: the schema engine's WebAssembly memory (about 50 MB)
// is freed with the thread instead of staying in the serving process for its whole life.
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

/** `migrate(databaseUrl)` in a thread of its own; resolves with the applied migrations' names. */
export function migrateInThread(databaseUrl: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const self = import.meta.url;
    // Run from TypeScript (tests, tsx), the thread loads this file through tsx's API: threads
    // do not inherit tsx's loader. Built JavaScript (`npm start`) runs as it is.
    const worker = self.endsWith('.ts')
      ? new Worker(`import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => tsx.tsImport(${JSON.stringify(self)}, ${JSON.stringify(self)}))`, { eval: true, workerData: databaseUrl })
      : new Worker(new URL(self), { workerData: databaseUrl });
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
