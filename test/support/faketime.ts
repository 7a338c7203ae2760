// A wall clock the test sets, for an instance run as its own process: libfaketime (Debian's
// `faketime` package, which .ci/run installs) preloaded into it reads the clock's offset from a
// file, again at most a second after a reading (reading it every time slows Node's clock 100-fold),
// so the test can step it while the process runs. The monotonic clock is left alone, as an NTP
// step leaves it.
import { existsSync } from 'node:fs';
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const LIBRARY_DIRS = ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib'];

function libfaketime(): string {
  const found = LIBRARY_DIRS.map((dir) => join(dir, 'faketime/libfaketime.so.1')).find((path) => existsSync(path));
  if (!found)
    throw new Error('libfaketime is not installed: apt-get install faketime (.ci/run installs it when missing)');
  return found;
}

/** How long a process may go on with the offset it read before: wait this long after `set`. */
export const FAKETIME_REREAD_MS = 1_000;

export type FakeClock = {
  /** The environment that makes a process run on this clock. */
  env: Record<string, string>;
  /** Sets the process's wall clock to `seconds` from the real time (negative: behind). */
  set(seconds: number): Promise<void>;
  remove(): Promise<void>;
};

export async function fakeClock(seconds: number): Promise<FakeClock> {
  const dir = await mkdtemp(join(tmpdir(), 'tokenops-faketime-'));
  const file = join(dir, 'offset');
  const set = async (offset: number) => {
    // Written whole, then renamed: the process reads the file at every clock reading.
    await writeFile(`${file}.next`, `${offset >= 0 ? '+' : ''}${offset}`);
    await rename(`${file}.next`, file);
  };
  await set(seconds);
  return {
    env: {
      LD_PRELOAD: libfaketime(),
      FAKETIME_TIMESTAMP_FILE: file,
      FAKETIME_CACHE_DURATION: String(FAKETIME_REREAD_MS / 1000),
      FAKETIME_DONT_FAKE_MONOTONIC: '1',
    },
    set,
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
