import { mkdirSync, writeFileSync, appendFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

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

/** Prints the table and appends it to bench/results/<date>.md, so figures can be compared across runs. */
export function report(rows: readonly BenchRow[]): void {
  const header = '| id | what | figure | goal | baseline | ratio | goal met |\n|---|---|---|---|---|---|---|';
  const lines = rows.map(
    (row) =>
      `| ${row.id} | ${row.what} | ${row.figure} | ${row.goal} | ${row.baseline} | ${row.ratio} | ${
        row.met === 'not judged' ? 'not judged (short run)' : row.met ? 'yes' : 'no'
      } |`,
  );
  const table = [header, ...lines].join('\n');
  process.stdout.write(`\n${table}\n`);
  if (SHORT) return;
  const dir = join(__dirname, '..', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${new Date().toISOString().slice(0, 10)}.md`);
  if (!existsSync(file)) writeFileSync(file, `# Benchmarks ${new Date().toISOString().slice(0, 10)}\n`);
  appendFileSync(file, `\n${new Date().toISOString()} (node ${process.version}, 2 cores)\n\n${table}\n`);
}
