// A request's deadline on storage. A Slack request must be answered within 3 s, whatever the
// database or Redis do: the work it starts runs under a deadline (AsyncLocalStorage, so no
// signature has to carry it), and every query or Redis call made on its behalf ends by then.
// The deadline also keeps the record the answer needs to be honest: whether a dependency failed
// to answer, and whether a write was made or may have been made.
import { AsyncLocalStorage } from 'node:async_hooks';

/** What the database did for the request so far. */
export type Deadline = {
  until: number;
  /** A query or a connection got no answer (in time), or the connection was lost. */
  unreachable: boolean;
  /** A write committed (then the answer may not say that nothing changed). */
  committed: boolean;
  /** Writes whose commit was sent but never answered, and not found out since. */
  inDoubt: number;
};

const current = new AsyncLocalStorage<Deadline>();
/** Deadlines under way (nested ones included). */
let running = 0;

/** Runs `work` with storage work bounded to `ms` from now (a nested deadline replaces the outer one). */
export async function withDeadline<T>(ms: number, work: () => Promise<T>): Promise<T> {
  running++;
  try {
    return await current.run({ until: performance.now() + ms, unreachable: false, committed: false, inDoubt: 0 }, work);
  } finally {
    // In Node 20 a storage in use keeps async hooks on in the whole process: every promise, tick
    // and socket write then calls one, verifications included (+1-2 µs each, bench/RESULTS.md).
    // Off while no deadline runs; the next `run` turns it on. Work a request leaves running after
    // its answer then sees its own (passed) deadline while another request runs, and none while
    // none does: such work must not rely on either (it runs beyondDeadline, or its own).
    if (--running === 0) current.disable();
  }
}

/** Runs `work` free of the running request's deadline: what follows the person's answer (messages
 *  sent at Slack's pace, say) may take longer than Slack's 3 seconds, and its storage work must
 *  not fail for that. */
export function beyondDeadline<T>(work: () => Promise<T>): Promise<T> {
  return current.exit(work);
}

/** The running request's deadline, if any. */
export const deadline = (): Deadline | undefined => current.getStore();

/** Milliseconds left until the deadline (0 when past); undefined outside a deadline. */
export function msLeft(): number | undefined {
  const found = current.getStore();
  return found && Math.max(0, found.until - performance.now());
}

/** The most to wait for one step: its own cap, or less when the deadline comes sooner. */
export const budget = (capMs: number) => Math.min(capMs, msLeft() ?? capMs);

/** A dependency gave no answer in time. */
export class DeadlineExceeded extends Error {
  constructor(readonly dependency: 'database' | 'redis') {
    super(`${dependency} did not answer before the request's deadline`);
    this.name = 'DeadlineExceeded';
  }
}

/** Resolves with `work`, or rejects with DeadlineExceeded after `ms` (work goes on unobserved). */
export async function race<T>(work: Promise<T>, ms: number, dependency: 'database' | 'redis'): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new DeadlineExceeded(dependency)), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
