// Migrations applied in a worker thread: the schema engine's WebAssembly memory (about 50 MB)
// is freed with the thread instead of staying in the serving process for its whole life.
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

type Job = { tokenopsMigrate: string }; // marks the thread this module started

/** `migrate(databaseUrl)` in a thread of its own; resolves with the applied migrations' names. */
export function migrateInThread(databaseUrl: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const self = import.meta.url;
    const job: Job = { tokenopsMigrate: databaseUrl };
    // Run from TypeScript (tests, tsx), the thread loads this file through tsx's API: threads
    // do not inherit tsx's loader. Built JavaScript (`npm start`) runs as it is.
    const worker = self.endsWith('.ts')
      ? new Worker(
          `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => tsx.tsImport(${JSON.stringify(self)}, ${JSON.stringify(self)}))`,
          { eval: true, workerData: job },
        )
      : new Worker(new URL(self), { workerData: job });
    worker.once('message', (names: string[]) => {
      resolve(names);
      void worker.terminate(); // done: whatever the engine left open does not hold start-up
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`migrations stopped (exit code ${code})`))); // no-op once resolved
  });
}

const job = workerData as Partial<Job> | undefined;
if (!isMainThread && parentPort && job?.tokenopsMigrate) {
  const { migrate } = await import('./migrations.js');
  parentPort.postMessage(await migrate(job.tokenopsMigrate));
}
