#!/usr/bin/env node
/**
 * Times the spectrum in Chromium's theory worker and prints a Markdown table (issue 11: ≤ 0.5 s at the
 * default network N = L = 32, ≤ 2 s at N = L = 128).
 *
 *   node scripts/perf-spectrum.mjs                      sizes 32×32, 32×64, 64×64, 128×128, 3 runs each
 *   node scripts/perf-spectrum.mjs --sizes 32x32,128x128 --runs 5
 *
 * It bundles scripts/perf-spectrum/entry.ts (the app's own TheoryHandler) with esbuild, starts it as a
 * Worker in headless Chromium (/usr/bin/chromium, or $CHROMIUM, through playwright-core) and reports
 * the median time of the two requests the app sends for a new network: σ(A) and ρ(M) at η_λ = 1.
 * Timings depend on the machine and its load: `uptime` is printed with them.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}

const sizes = option('sizes', '32x32,32x64,64x64,128x128')
  .split(',')
  .map((s) => s.split('x').map(Number));
if (sizes.some((s) => s.length !== 2 || s.some((v) => !(Number.isInteger(v) && v >= 2)))) {
  console.error('--sizes takes a comma-separated list of N x L, e.g. 32x32,128x128');
  process.exit(1);
}
const runs = Number(option('runs', 3));
if (!(Number.isInteger(runs) && runs >= 1)) {
  console.error('--runs takes a positive integer');
  process.exit(1);
}

const bundle = await build({
  entryPoints: [join(ROOT, 'scripts/perf-spectrum/entry.ts')],
  bundle: true,
  format: 'iife',
  write: false,
  platform: 'browser',
  target: 'es2022',
  minify: true,
});
const code = bundle.outputFiles[0].text;

const launch = JSON.parse(readFileSync(join(ROOT, 'e2e/chromium.json'), 'utf8'));
const browser = await chromium.launch({ ...launch, headless: true });
try {
  const page = await browser.newPage();
  await page.goto('about:blank');
  const version = browser.version();
  const rows = await page.evaluate(
    ({ code, sizes, runs }) =>
      new Promise((resolve, reject) => {
        const url = URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
        const worker = new Worker(url);
        const out = [];
        worker.onmessage = (e) => (e.data.done ? resolve(out) : out.push(e.data));
        worker.onerror = (e) => reject(new Error(e.message));
        worker.postMessage({ sizes, runs });
      }),
    { code, sizes, runs },
  );
  let uptime = '';
  try {
    uptime = execFileSync('uptime', { encoding: 'utf8' }).trim();
  } catch {
    uptime = `load ${loadavg()
      .map((v) => v.toFixed(2))
      .join(', ')}`;
  }
  console.log(`Chromium ${version}, theory worker, median of ${runs} run(s); ${uptime}\n`);
  console.log('| N × L | n | σ(A) | ρ(M) | total | result |');
  console.log('|---|---:|---:|---:|---:|---|');
  for (const r of rows) {
    const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
    console.log(
      `| ${r.N} × ${r.L} | ${r.n.toLocaleString('en')} | ${s(r.sigma)} | ${s(r.rho)} | ${s(r.sigma + r.rho)} | ${r.info} |`,
    );
  }
} finally {
  await browser.close();
}
