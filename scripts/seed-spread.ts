/**
 * The seed spread of BP / PC / PC-ALM (issue 12 §4): Fashion-MNIST, N = 32, ReLU, L = 16 and 32,
 * η_h = the paper's per-cell value, one epoch, seeds 0–4 by default; prints mean ± sd of the test
 * accuracy per (L, method), at L = 32 beside the official code's five seeds, with Welch's t of the
 * difference. Runs through the CLI's grid (so an interrupted run resumes from DIR/cells.csv).
 *
 *   npx tsx scripts/seed-spread.ts [--seeds 0,1,2,3,4] [--depths 16,32] [--rng ours|official]
 *     [--out results/seed-spread] [--batches N (smoke runs)] [--summary-only]
 *
 * About 4 minutes per seed and depth on one core of this machine (PC and PC-ALM dominate).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gridCommand } from '../src/cli/grid';
import { parseCells } from '../src/core/gridCells';

/** The official code's five seeds at Fashion-MNIST N = L = 32, ReLU, T = 64, one epoch (issue 12). */
const OFFICIAL_L32: Record<string, [number, number]> = {
  bp: [77.9, 0.76],
  pc: [66.38, 1.31],
  pcalm: [77.08, 0.74],
};
const LABELS: Record<string, string> = { bp: 'BP', pc: 'PC', pcalm: 'PC-ALM' };

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const meanSd = (xs: number[]) => {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const sd =
    xs.length > 1 ? Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1)) : Number.NaN;
  return { mean, sd, n: xs.length };
};

async function main(): Promise<void> {
  const seeds = option('seeds', '0,1,2,3,4');
  const depths = option('depths', '16,32');
  const rng = option('rng', 'ours');
  const out = option('out', 'results/seed-spread');
  if (!process.argv.includes('--summary-only')) {
    const extra = process.argv.includes('--batches') ? ['--batches', option('batches', '1')] : [];
    await gridCommand([
      '--config',
      `data=fashion&act=relu&etaH=paper&rng=${rng}&backend=wasm`,
      '--widths',
      '32',
      '--depths',
      depths,
      '--acts',
      'relu',
      '--seeds',
      seeds,
      '--methods',
      'bp,pc,pcalm',
      '--out',
      out,
      ...extra,
    ]);
  }
  const { rows, problems } = parseCells(await readFile(join(out, 'cells.csv'), 'utf8'));
  for (const p of problems) console.warn(`cells.csv: ${p}`);
  console.log(
    `\nFashion-MNIST, N = 32, ReLU, η_h = paper, rng = ${rng}: test accuracy, mean ± sd over seeds`,
  );
  console.log('| L | method | ours | seeds | official (5 seeds) | Welch t |');
  console.log('|---|---|---|---|---|---|');
  for (const depth of [...new Set(rows.map((r) => r.depth))].sort((a, b) => a - b)) {
    for (const method of ['bp', 'pc', 'pcalm']) {
      const accs = rows
        .filter((r) => r.depth === depth && r.method === method && r.width === 32)
        .map((r) => 100 * Number(r.test_acc));
      if (accs.length === 0) continue;
      const s = meanSd(accs);
      const official = depth === 32 ? OFFICIAL_L32[method] : undefined;
      const t =
        official && s.n > 1
          ? (s.mean - official[0]) / Math.sqrt(s.sd ** 2 / s.n + official[1] ** 2 / 5)
          : null;
      console.log(
        `| ${depth} | ${LABELS[method]} | ${s.mean.toFixed(2)} ± ${Number.isNaN(s.sd) ? '–' : s.sd.toFixed(2)} % | ${s.n} | ` +
          `${official ? `${official[0].toFixed(2)} ± ${official[1].toFixed(2)} %` : '–'} | ${t === null ? '–' : t.toFixed(2)} |`,
      );
    }
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
