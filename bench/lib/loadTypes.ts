// What a load run is told (LoadOptions) and what it reports (LoadResult), whichever generator runs it.

export type LoadResult = {
  reqPerSec: number;
  /** Requests answered in the run. */
  requests: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  /** When the load began and ended (epoch ms), as the generator saw it. */
  startMs: number;
  finishMs: number;
  /** When the last answer came (epoch ms): a run of `amount` requests ended then. */
  lastResponseMs: number;
};
/** What bench/lib/load.ts is told to send. */
export type LoadOptions = {
  url: string;
  connections: number;
  seconds: number;
  amount?: number;
  bodies: string[];
  headers?: Record<string, string>;
  /** Slack requests: each body gets its own trigger_id, as each of Slack's does (a repeated body
   *  is a replay, dropped by tokenops), and its signature. */
  slack?: { signingSecret: string; timestamp: number };
  /** Each connection waits this long (ms) before each request: the same offered load for every
   *  server measured, below what either answers at most (wrk only). */
  paceMs?: number;
};
