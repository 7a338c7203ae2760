// What verification saw of a token (README: Governing use), as `/token show` and the Home tab present it.
import { DAY_MS, HOUR_MS } from './time.js';

type ClientAddress = { ip: string; firstSeen: Date; lastSeen: Date };

export type TokenUsage = {
  /** Answers by code since `recentSince` (the last 24 hourly buckets) and over the last 30 days. */
  last24h: Record<string, number>;
  /** Where `last24h` begins: counts are hourly, so "the last 24 hours" would be 23 to 24 of them. */
  recentSince: Date;
  last30d: Record<string, number>;
  /** Answers per UTC day, the last 30 days, oldest first (today last). */
  perDay: number[];
  /** The last distinct client addresses, most recent first. */
  addresses: ClientAddress[];
};

export const USAGE_DAYS = 30;
/** Where "the last 30 days" of usage begin: midnight UTC, 29 days before today's. */
export const usageWindowStart = (now: Date): Date =>
  new Date(now.getTime() - (now.getTime() % DAY_MS) - (USAGE_DAYS - 1) * DAY_MS);
/** Where the recent counts begin: the start of the UTC hour 23 hours before now's. */
export const recentWindowStart = (now: Date): Date =>
  new Date(now.getTime() - (now.getTime() % HOUR_MS) - 23 * HOUR_MS);
export const noUsage = (now = new Date()): TokenUsage => ({
  last24h: {},
  recentSince: recentWindowStart(now),
  last30d: {},
  perDay: new Array<number>(USAGE_DAYS).fill(0),
  addresses: [],
});

const BARS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/** One character a day: a bar of eight heights against the busiest day, `·` for none. */
export function usageChart(perDay: number[]): string {
  const max = Math.max(0, ...perDay);
  return perDay.map((n) => (n <= 0 ? '·' : BARS[Math.min(7, Math.ceil((n / max) * 8) - 1)])).join('');
}

export const total = (counts: Record<string, number>): number => Object.values(counts).reduce((sum, n) => sum + n, 0);

/** Whether a token never used (no VALID answer recorded) was called and refused lately: then it is
 *  not "never used" but never accepted, which its people should read beside its chart. */
export const onlyRefused = (lastUsedAt: Date | null, usage: TokenUsage | undefined): boolean =>
  !lastUsedAt && usage !== undefined && total(usage.last30d) > 0 && !usage.last30d.VALID;

/** When a client address was first and last seen in a batch (ms). */
export type Seen = { first: number; last: number };

/** What verification saw since its last write, for the store to add up. */
export type UsageBatch = {
  lastUsed: Map<string, Date>;
  /** `${tokenId} ${hourStartMs} ${code}` → answers. */
  counts: Map<string, number>;
  /** tokenId → client address (as given) → when first and last seen in this batch (ms). */
  addresses: Map<string, Map<string, Seen>>;
};
