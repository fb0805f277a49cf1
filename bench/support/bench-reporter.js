// Prints one table of every benchmark of the run (B1–B5, sorted by id) and appends it to
// bench/results/<date>.md. Active only in `npm run bench`, which sets BENCH_ROWS to a fresh file.
const { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

class BenchReporter {
  onRunComplete() {
    const file = process.env.BENCH_ROWS;
    if (!file || !existsSync(file)) return;
    const rows = readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line))
      .sort((a, b) => a.id.localeCompare(b.id));
    rmSync(file, { force: true });
    if (rows.length === 0) return;
    const table = [
      '| id | what | figure | goal | baseline | ratio | goal met |',
      '|---|---|---|---|---|---|---|',
      ...rows.map(
        (row) =>
          `| ${row.id} | ${row.what} | ${row.figure} | ${row.goal} | ${row.baseline} | ${row.ratio} | ${
            row.met ? 'yes' : 'no'
          } |`,
      ),
    ].join('\n');
    process.stdout.write(
      `\nBenchmarks (figure beside its goal and the raw baseline measured in the same run)\n\n${table}\n`,
    );
    const day = new Date().toISOString().slice(0, 10);
    const dir = join(__dirname, '..', 'results');
    mkdirSync(dir, { recursive: true });
    const results = join(dir, `${day}.md`);
    if (!existsSync(results)) writeFileSync(results, `# Benchmarks ${day}\n`);
    appendFileSync(results, `\n${new Date().toISOString()} (node ${process.version}, 2 cores)\n\n${table}\n`);
  }
}
module.exports = BenchReporter;
