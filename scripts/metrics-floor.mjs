// `npm run metrics-floor [-- --sizes 32:32,128:128 --sweeps 41]`: what the §6 metrics cost the native
// step at the least, from the module's own kernels timed alone (native/check/stepParts.cc, built with
// the module's flags): per hidden layer, the step's two products and two passes against the metrics'
// sums and exact product. The bench's metrics cost (`npm run bench`) is of the whole step, with the
// engine's JavaScript and the threads' wake-ups; this is the part no scheduling can remove.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { blasArgs, compileFlags, compiler } from './native-flags.mjs';

const { values } = parseArgs({
  options: { sizes: { type: 'string', default: '32:32,128:128' }, sweeps: { type: 'string', default: '41' } },
});
const sizes = values.sizes.split(',').map((pair) => pair.split(':').map(Number));
const sweeps = Number(values.sweeps);
if (sizes.some(([n, l]) => !(n >= 1 && l >= 3)) || !(sweeps >= 1)) {
  console.error('metrics-floor: --sizes N:L,… with N ≥ 1 and L ≥ 3, --sweeps ≥ 1');
  process.exit(2);
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = mkdtempSync(join(tmpdir(), 'pcalm-floor-'));
const exe = join(dir, 'stepParts');
try {
  execFileSync(
    compiler,
    [...compileFlags, join(root, 'native', 'check', 'stepParts.cc'), '-o', exe, ...blasArgs],
    {
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const rows = sizes.map(([n, l]) => {
    const out = execFileSync(exe, [String(n), String(l), String(sweeps)], { encoding: 'utf8' });
    const part = Object.fromEntries(
      out
        .split('\n')
        .filter((line) => line.startsWith('part '))
        .map((line) => {
          const [, name, us, gflops] = line.split(' ');
          return [name, { us: Number(us), gflops: Number(gflops) }];
        }),
    );
    const step = part.gemm1.us + part.activity.us + part.gemm2.us + part.residual.us;
    const metrics = part['residual+sums'].us - part.residual.us + part.product_dots.us;
    return { n, l, part, step, metrics };
  });
  const f = (x) => x.toFixed(1);
  console.log(`\n## The metrics' native floor (µs per hidden layer, medians of ${sweeps} sweeps)\n`);
  console.log(
    '| N = L | ε·W | activity pass | φ·Wᵀ | residual pass | step | sums in the residual pass | exact product and dots | metrics | metrics / step | step products GFLOP/s | product_dots GFLOP/s | OpenBLAS sgemm of ε·W |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const { n, l, part, step, metrics } of rows) {
    const label = n === l ? `${n}` : `${n}, L = ${l}`;
    const sums = part['residual+sums'].us - part.residual.us;
    console.log(
      `| ${label} | ${f(part.gemm1.us)} | ${f(part.activity.us)} | ${f(part.gemm2.us)} | ${f(part.residual.us)} | ${f(step)} | ${f(sums)} | ${f(part.product_dots.us)} | ${f(metrics)} | **${Math.round((100 * metrics) / step)} %** | ${f((part.gemm1.gflops + part.gemm2.gflops) / 2)} | ${f(part.product_dots.gflops)} | ${part.openblas ? `${f(part.openblas.us)} µs (${f(part.openblas.gflops)} GFLOP/s)` : 'not installed'} |`,
    );
  }
  console.log(
    "\nε·W includes forming ε = r + λ. The metrics need one B × N × N product per layer (G_l = ε_lᵀ φ(h_{l−1}), never stored), the step two: where the three run at the same speed, the metrics cost about half the step's products.",
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
