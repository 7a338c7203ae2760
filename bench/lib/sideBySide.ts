// Servers compared over the same seconds: each of ours under load at the same time as the
// baseline, both on the server core (`pin`), each driven by its own wrk on the other core, and
// each process's CPU time per answered request read from its own accounting. This host's speed
// moves by tens of percent between seconds; interleaved slices (interleave.ts) average that over
// a repeat, but repeats of the same code still read 0.65–0.73 apart. Two processes sharing one
// core over the same seconds meet the same host: in six repeats of 5 s their ratio held within
// 0.720–0.759 while the bare server alone read 26.7–35.6 µs (bench/RESULTS.md, 2026-12-06).
import { load, loadWithCpu } from './processes.js';
import type { Side, SliceShape, Sum } from './interleave.js';

const SECONDS = 5;

/** How the figures of `sideBySide` were measured, for a row's measure. */
export const sideBySideHow = (repeats: number, shape: SliceShape = {}) =>
  `median of ${repeats} repeats of ${shape.seconds ?? SECONDS} s side by side with the baseline on one core${
    shape.leadInSeconds ? `, each after ${shape.leadInSeconds} s not counted` : ''
  }`;

/** `repeats` repeats; in each, every side in turn at the same time as `baseline`. For each side,
 *  its sums and the baseline's over the same seconds, one per repeat. */
export async function sideBySide(
  baseline: Side,
  sides: Side[],
  repeats: number,
  shape: SliceShape = {},
): Promise<Array<{ ours: Sum[]; base: Sum[] }>> {
  const { seconds = SECONDS, leadInSeconds = 0 } = shape;
  const pairs = sides.map(() => ({ ours: [] as Sum[], base: [] as Sum[] }));
  for (let repeat = 0; repeat < repeats; repeat++)
    for (const [i, side] of sides.entries()) {
      const both = [baseline, side];
      if (leadInSeconds > 0) await Promise.all(both.map((s) => load({ ...s.options, seconds: leadInSeconds })));
      const [base, ours] = await Promise.all(both.map((s) => loadWithCpu(s.pid, { ...s.options, seconds })));
      pairs[i]!.base.push(sumOf(base!));
      pairs[i]!.ours.push(sumOf(ours!));
    }
  return pairs;
}

const sumOf = (run: Awaited<ReturnType<typeof loadWithCpu>>): Sum => ({
  cpuUs: run.cpuUs,
  reqPerSec: Math.round(run.requests / ((run.finishMs - run.startMs) / 1000)),
  requests: run.requests,
  p99: run.p99,
  failed: run.errors + run.non2xx,
});
