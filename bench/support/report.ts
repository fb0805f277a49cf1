import { appendFileSync } from 'node:fs';

/** One row of the benchmark table: a measured figure beside its goal and the raw baseline of the same run. */
export interface BenchRow {
  id: string;
  what: string;
  figure: string;
  goal: string;
  baseline: string;
  ratio: string;
  met: boolean | 'not judged';
}

export const SHORT = process.env.BENCH_SHORT === '1';

export function percentile(sortedMs: readonly number[], p: number): number {
  if (sortedMs.length === 0) return Number.NaN;
  const index = Math.min(sortedMs.length - 1, Math.ceil((p / 100) * sortedMs.length) - 1);
  return sortedMs[Math.max(0, index)] ?? Number.NaN;
}

export function tableOf(rows: readonly BenchRow[]): string {
  const header = '| id | what | figure | goal | baseline | ratio | goal met |\n|---|---|---|---|---|---|---|';
  const lines = rows.map(
    (row) =>
      `| ${row.id} | ${row.what} | ${row.figure} | ${row.goal} | ${row.baseline} | ${row.ratio} | ${
        row.met === 'not judged' ? 'not judged (short run)' : row.met ? 'yes' : 'no'
      } |`,
  );
  return [header, ...lines].join('\n');
}

/**
 * Records a benchmark's rows. In `npm run bench` (BENCH_ROWS set) they are collected, and the bench reporter
 * prints one table of B1–B5 at the end and appends it to bench/results/<date>.md; otherwise (the short run
 * inside `npm test`) the rows are printed at once and written nowhere.
 */
export function report(rows: readonly BenchRow[]): void {
  const collect = process.env.BENCH_ROWS;
  if (collect && !SHORT) {
    appendFileSync(collect, rows.map((row) => `${JSON.stringify(row)}\n`).join(''));
    return;
  }
  process.stdout.write(`\n${tableOf(rows)}\n`);
}
