// Migrations applied in a child process: the schema engine's WebAssembly memory (about 50 MB) and
// what its thread's allocator kept afterwards (~20 MB in a worker thread) leave with the process
// instead of staying in the serving one for its whole life.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

type Reply = { applied: string[] } | { error: string };

/** `migrate(databaseUrl)` in a process of its own; resolves with the applied migrations' names. */
export function migrateInChildProcess(databaseUrl: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const self = import.meta.url;
    // Run from TypeScript (tests, tsx), the child loads this file through tsx. The URL travels
    // over the IPC channel, not argv: it may hold a password, and argv is public (`ps`).
    const child = fork(fileURLToPath(self), [], {
      execArgv: self.endsWith('.ts') ? ['--import', import.meta.resolve('tsx')] : [],
      env: { ...process.env, TOKENOPS_MIGRATION_CHILD: '1' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.once('message', (reply: Reply) =>
      'applied' in reply ? resolve(reply.applied) : reject(new Error(reply.error)),
    );
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`migrations stopped (exit code ${code})`))); // no-op once settled
    child.send(databaseUrl);
  });
}

if (process.env.TOKENOPS_MIGRATION_CHILD && process.send && process.argv[1] === fileURLToPath(import.meta.url)) {
  process.once('message', (databaseUrl: string) => {
    const reply = (message: Reply) => process.send!(message, () => process.exit(0)); // done: whatever the engine left open goes too
    import('./migrations.js')
      .then(({ migrate }) => migrate(databaseUrl))
      .then(
        (applied) => reply({ applied }),
        (error: unknown) => reply({ error: error instanceof Error ? error.message : String(error) }),
      );
  });
}
