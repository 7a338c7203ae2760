// Servers compared on the CPU time each spends per answered request (its own accounting, from
// /proc/<pid>/stat), under a load that keeps it at 100 % of its core (wrk). This machine's speed
// drifts by ±20 % from one second to the next, so the servers take turns in 1-s slices (A, B, A,
// B, …) and each one's CPU time is summed over its slices: drift then falls on all alike. Three
// such repeats of the same code read 0.606, 0.610 and 0.614, where 6-s pairs read 0.51–0.91.
import { load, loadWithCpu, type LoadOptions } from './processes.js';
import { stat, type Row } from './stats.js';

export type Side = { pid: number; options: Omit<LoadOptions, 'seconds'> };
/** One side's figures over one repeat's slices. */
export type Sum = { cpuUs: number; reqPerSec: number; requests: number; p99: number; failed: number };

const SLICE_SECONDS = 1;
/** The ceiling verification is judged against (bench/lib/bare.ts with `batched`): bare node:http
 *  writing its answers at the end of each event-loop turn, as tokenops does (src/http/turnWrites.ts). */
export const BATCHED_BARE = 'bare node:http, answers written per turn';
/** The same server writing each answer at once, for information. */
export const NAIVE_BARE = 'bare node:http writing each answer at once';

/** How each slice runs: `seconds` measured (1 by default), after `leadInSeconds` of the same load
 *  not counted. */
export type SliceShape = { seconds?: number; leadInSeconds?: number };

/** One repeat: `slices` slices of each side in turn. */
export async function interleave(sides: Side[], slices: number, shape: SliceShape = {}): Promise<Sum[]> {
  const { seconds = SLICE_SECONDS, leadInSeconds = 0 } = shape;
  const sums = sides.map(() => ({ cpuUs: 0, requests: 0, seconds: 0, p99s: [] as number[], failed: 0 }));
  for (let slice = 0; slice < slices; slice++) {
    for (const [i, side] of sides.entries()) {
      if (leadInSeconds > 0) await load({ ...side.options, seconds: leadInSeconds });
      const run = await loadWithCpu(side.pid, { ...side.options, seconds });
      const sum = sums[i]!;
      sum.cpuUs += run.cpuUs * run.requests;
      sum.requests += run.requests;
      sum.seconds += (run.finishMs - run.startMs) / 1000;
      sum.p99s.push(run.p99);
      sum.failed += run.errors + run.non2xx;
    }
  }
  return sums.map((sum) => ({
    cpuUs: sum.cpuUs / Math.max(1, sum.requests),
    reqPerSec: Math.round(sum.requests / sum.seconds),
    requests: sum.requests,
    p99: stat(sum.p99s).median,
    failed: sum.failed,
  }));
}

/** `repeats` repeats of `interleave`: each side's sums, one per repeat. */
export async function repeated(
  sides: Side[],
  repeats: number,
  slices: number,
  shape: SliceShape = {},
): Promise<Sum[][]> {
  const bySide: Sum[][] = sides.map(() => []);
  for (let repeat = 0; repeat < repeats; repeat++) {
    const sums = await interleave(sides, slices, shape);
    sums.forEach((sum, i) => bySide[i]!.push(sum));
  }
  return bySide;
}

const range = (values: number[], digits: number) => {
  const s = stat(values);
  return `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;
};

/** The rows of one side against a baseline measured in the same repeats: CPU µs per answered
 *  request, which the target judges (baseline ÷ ours), and req/s for information; median of the
 *  repeats (min–max). `also`: a second baseline of the same repeats, its CPU ratio for information.
 *  `how`: how the figures were measured, when not by `repeated` (sideBySide.ts); `judged: false`:
 *  the CPU row is for information (the target is judged on another method's row). */
export function comparisonRows(
  scenario: string,
  ours: Sum[],
  base: Sum[],
  options: {
    baseline: string;
    target: number;
    also?: { sums: Sum[]; baseline: string };
    shape?: SliceShape;
    how?: string;
    judged?: boolean;
  },
): Row[] {
  const ratios = ours.map((sum, i) => base[i]!.cpuUs / sum.cpuUs);
  const n = ours.length;
  const { seconds = SLICE_SECONDS, leadInSeconds = 0 } = options.shape ?? {};
  const lead = leadInSeconds > 0 ? `, each after ${leadInSeconds} s not counted` : '';
  const how = options.how ?? `median of ${n} repeats of interleaved ${seconds}-s slices${lead}`;
  const judged = options.judged ?? true;
  const { also } = options;
  const alsoRows: Row[] = also
    ? [
        {
          scenario,
          measure: `CPU µs per answered request, against ${also.baseline}`,
          value: range(
            ours.map((sum) => sum.cpuUs),
            1,
          ),
          baseline: `${range(
            also.sums.map((sum) => sum.cpuUs),
            1,
          )} ${also.baseline}`,
          ratio: range(
            ours.map((sum, i) => also.sums[i]!.cpuUs / sum.cpuUs),
            3,
          ),
          target: 'for information',
        },
      ]
    : [];
  return [
    {
      scenario,
      measure: `CPU µs per answered request (${how})`,
      value: range(
        ours.map((sum) => sum.cpuUs),
        1,
      ),
      baseline: `${range(
        base.map((sum) => sum.cpuUs),
        1,
      )} ${options.baseline}`,
      ratio: range(ratios, 3),
      target: judged
        ? `≥ ${options.target} (${options.baseline} CPU ÷ ours)`
        : `for information (≥ ${options.target} judged side by side)`,
      ...(judged ? { met: stat(ratios).median >= options.target } : {}),
    },
    {
      scenario,
      measure: `req/s (${how})`,
      value: range(
        ours.map((sum) => sum.reqPerSec),
        0,
      ),
      baseline: `${range(
        base.map((sum) => sum.reqPerSec),
        0,
      )} ${options.baseline}`,
      ratio: range(
        ours.map((sum, i) => sum.reqPerSec / base[i]!.reqPerSec),
        2,
      ),
      target: 'for information',
    },
    ...alsoRows,
  ];
}
