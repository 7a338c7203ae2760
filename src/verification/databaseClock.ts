// Time on the verification path. Intervals and deadlines (the cache's staleness bound, feed
// polls, client budgets) run on the monotonic clock, which a step of the wall clock (an NTP
// correction) does not move. "Now", against which expiry is judged, is the database's: every feed
// poll and every lookup that finds a secret reads clock_timestamp(), and the reading with the
// tightest bound (half its round trip, plus drift since) ties the database's time to the
// monotonic clock. How far this instance's wall clock is off is exported and warned about, since
// Slack's request signatures are checked against it.
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';

/** Milliseconds on a clock that only moves forward, at the rate of real time (the global
 *  `performance`, which fake timers in tests can drive). */
export const monotonicMs = (): number => performance.now();

/** How much two clocks may drift apart, per millisecond: 500 ppm, far above any real oscillator. */
const DRIFT = 0.0005;
/** Beyond this, this instance's clock is said to be wrong (Slack allows 5 minutes). */
export const SKEW_WARNING_MS = 5_000;

type Reading = { dbMs: number; monoMs: number; boundMs: number };
type ClockOffset = { ms: number; errorMs: number };

export class DatabaseClock {
  private anchor?: Reading;

  constructor(private readonly onReading?: (offset: ClockOffset) => void) {}

  /** The database's clock read as `dbMs` by a query sent at `sentAt` and answered at `receivedAt` (monotonic). */
  observe(dbMs: number, sentAt: number, receivedAt: number): void {
    const reading = { dbMs, monoMs: (sentAt + receivedAt) / 2, boundMs: (receivedAt - sentAt) / 2 };
    if (!this.anchor || reading.boundMs <= this.boundAt(receivedAt)) this.anchor = reading;
    this.onReading?.(this.offset()!);
  }

  /** Milliseconds since the epoch by the database's clock (this instance's own until the first reading). */
  now(): number {
    return this.anchor ? this.anchor.dbMs + (monotonicMs() - this.anchor.monoMs) : Date.now();
  }

  /** The database's clock minus this instance's wall clock, and how far off that figure may be. */
  offset(): ClockOffset | undefined {
    if (!this.anchor) return undefined;
    const at = monotonicMs();
    return { ms: this.anchor.dbMs + (at - this.anchor.monoMs) - Date.now(), errorMs: this.boundAt(at) };
  }

  private boundAt(at: number): number {
    return this.anchor!.boundMs + (at - this.anchor!.monoMs) * DRIFT;
  }
}

/** What a person reads about an offset beyond SKEW_WARNING_MS. */
export function describeSkew(offsetMs: number): string {
  const seconds = Math.round(Math.abs(offsetMs) / 1000);
  return (
    `this instance's clock is ${seconds} s ${offsetMs > 0 ? 'behind' : 'ahead of'} the database's: token expiry is judged by the database's clock, ` +
    `but Slack's request signatures are checked against this one (refused when more than 5 minutes off); fix this machine's time synchronisation (NTP)`
  );
}

/** Exports each offset, and logs when it goes beyond SKEW_WARNING_MS (the first reading at start included) and when it is back. */
export function watchSkew(logger: Logger, metrics: Metrics): (offset: ClockOffset) => void {
  let skewed = false;
  return (offset) => {
    metrics.clockOffset.set(offset.ms / 1000);
    metrics.clockOffsetError.set(offset.errorMs / 1000);
    const beyond = Math.abs(offset.ms) > SKEW_WARNING_MS;
    if (beyond && !skewed) logger.warn({ clockOffsetMs: Math.round(offset.ms) }, describeSkew(offset.ms));
    if (!beyond && skewed)
      logger.info({ clockOffsetMs: Math.round(offset.ms) }, "this instance's clock agrees with the database's again");
    skewed = beyond;
  };
}
