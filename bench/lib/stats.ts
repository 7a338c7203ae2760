// What the scenarios report, in one shape: the rows of bench/RESULTS.md, and the percentiles and
// spreads (min, median, max of repeats) they are read from.

export type Row = {
  scenario: string;
  measure: string;
  value: string;
  baseline: string;
  ratio: string;
  target: string;
  met?: boolean;
}; // no `met`: for information

export const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))]!;
export const median = (values: number[]) => percentile(values, 50);

export type Stat = { min: number; median: number; max: number };
/** min, median and max of repeated runs. */
export const stat = (values: number[]): Stat => {
  const sorted = [...values].sort((a, b) => a - b);
  return { min: sorted[0]!, median: sorted[Math.floor(sorted.length / 2)]!, max: sorted[sorted.length - 1]! };
};

/** A row as a line of bench/RESULTS.md's tables. */
export const rowLine = (r: Row) =>
  `| ${r.scenario} | ${r.measure} | ${r.value} | ${r.baseline} | ${r.ratio} | ${r.target} | ${r.met === undefined ? '' : r.met ? 'yes' : '**no**'} |`;
/** The rows as a table of bench/RESULTS.md, with its header. */
export const rowsTable = (rows: Row[]) =>
  [
    '| scenario | measure | value | baseline (same run) | ratio | target | met |',
    '|---|---|---|---|---|---|---|',
    ...rows.map(rowLine),
  ].join('\n');
