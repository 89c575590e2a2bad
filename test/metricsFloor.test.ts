/**
 * `npm run metrics-floor` (scripts/metrics-floor.mjs) builds native/check/stepParts.cc with the
 * module's flags and prints the native parts of a step and of the metrics as a table. Run here on a
 * tiny network, so that the harness and its parsing are known to work; the figures themselves are a
 * measurement, not a test. Skipped without a C++ compiler, unless PCALM_REQUIRE_NATIVE=1 (CI).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const compiler = process.env.CXX || 'g++';
const hasCompiler = spawnSync(compiler, ['--version']).status === 0;
if (!hasCompiler && process.env.PCALM_REQUIRE_NATIVE === '1') {
  throw new Error(`PCALM_REQUIRE_NATIVE=1, but ${compiler} does not run`);
}

describe.skipIf(!hasCompiler)('npm run metrics-floor', () => {
  it('times every part and prints one row per size with the metrics’ share of the step', () => {
    const out = execFileSync('node', ['scripts/metrics-floor.mjs', '--sizes', '8:4,16:3', '--sweeps', '3'], {
      encoding: 'utf8',
    });
    const rows = out.split('\n').filter((line) => /^\| \d/.test(line));
    expect(rows.map((r) => r.split('|')[1].trim())).toEqual(['8, L = 4', '16, L = 3']);
    for (const row of rows) {
      const cells = row
        .split('|')
        .slice(2, 13)
        .map((c) => c.trim().replace(/\*/g, ''));
      // Eight times in µs (the step's sum at 4, the metrics' at 7), then the share in %.
      const times = cells.slice(0, 8).map(Number);
      for (const t of times) expect(Number.isFinite(t) && t >= 0, row).toBe(true);
      const [step, metrics] = [times[4], times[7]];
      expect(step).toBeGreaterThan(0);
      // The share is of the unrounded times; the cells are rounded to 0.1 µs.
      const share = Number(cells[8].replace(' %', ''));
      const slack = 100 * (0.05 / step + (0.05 * metrics) / step ** 2) + 1;
      expect(Math.abs(share - (100 * metrics) / step), row).toBeLessThan(slack);
    }
  }, 60_000);

  it('refuses a size it cannot time', () => {
    const run = spawnSync('node', ['scripts/metrics-floor.mjs', '--sizes', '8:2'], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/L ≥ 3/);
  });
});
