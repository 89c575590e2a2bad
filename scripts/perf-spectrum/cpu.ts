/**
 * The same two requests as scripts/perf-spectrum.mjs, in Node (same V8 engine), timed by CPU time
 * (process.cpuUsage) as well as wall time: on a shared, overloaded machine the CPU time is what the
 * work itself costs, the wall time is what it cost here. Prints a Markdown table.
 *
 *   npx tsx scripts/perf-spectrum/cpu.ts [32x32,128x128]
 */
import { loadavg } from 'node:os';
import { syntheticBatch } from '../../src/core/batch';
import { createNetwork } from '../../src/core/network';
import { TheoryHandler } from '../../src/worker/theoryHandler';

const sizes = (process.argv[2] ?? '32x32,32x64,64x64,128x128')
  .split(',')
  .map((s) => s.split('x').map(Number));
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
console.log(
  `Node ${process.version}, load ${loadavg()
    .map((v) => v.toFixed(1))
    .join(', ')}\n`,
);
console.log('| N × L | n | σ(A) CPU | ρ(M) CPU | total CPU | total wall |');
console.log('|---|---:|---:|---:|---:|---:|');
// One small warm-up so the first row does not carry the JIT's compile time.
for (const [N, L] of [[16, 16], ...sizes]) {
  const net = createNetwork(
    { arch: 'residual', act: 'relu', param: 'mupc', inputDim: 784, width: N, depth: L, classes: 10 },
    0,
  );
  const x = syntheticBatch(1, 784, 10, 0).x.data;
  const handler = new TheoryHandler();
  const w0 = performance.now();
  const c0 = cpu();
  const s = handler.handle({ type: 'system', key: 'k', network: net, x, sample: 0 }).reply;
  const c1 = cpu();
  if (s.type !== 'sigmas') throw new Error(s.type === 'error' ? s.message : s.type);
  const e = handler.handle({
    type: 'exact',
    key: 'k',
    etaH: 1 / s.detail.sigmaMax ** 2,
    etaLambda: 1,
  }).reply;
  const c2 = cpu();
  const w1 = performance.now();
  if (e.type !== 'exact') throw new Error(e.type === 'error' ? e.message : e.type);
  if (N === 16 && L === 16) continue;
  const f = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  console.log(
    `| ${N} × ${L} | ${(N * (L - 1)).toLocaleString('en')} | ${f(c1 - c0)} | ${f(c2 - c1)} | ${f(c2 - c0)} | ${f(w1 - w0)} |`,
  );
}
