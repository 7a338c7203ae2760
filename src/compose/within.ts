// Bounded waits for shutdown steps: a dead Redis or database cannot hold the process hostage.

/** Waits for `work`, but no longer than `ms`; a failure is not the caller's concern here. */
export async function within(ms: number, work: Promise<unknown> | undefined): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.resolve(work).catch(() => undefined),
    new Promise((resolve) => (timer = setTimeout(resolve, ms))),
  ]);
  clearTimeout(timer);
}
