// `npm run test:native`: the fidelity tests (official fixture, float64 references, conformance) run
// again on the Node engine's native kernels (PCALM_NATIVE=1: src/cli/native.ts), with 2 threads and
// with 1, so that results are checked with threads on and off. Where no module was built (no C++
// compiler) it says why and passes, unless PCALM_REQUIRE_NATIVE=1 (CI), which makes that a failure.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const FIDELITY = [
  'test/fixture.test.ts',
  'test/inference.test.ts',
  'test/convergence.test.ts',
  'test/scalarExample.test.ts',
  'test/hessian.test.ts',
  'test/adam.test.ts',
  'test/training.test.ts',
  'test/trainingConformance.test.ts',
];

if (!existsSync('build/native/pcalm_native.node')) {
  const why = existsSync('build/native/why.txt')
    ? readFileSync('build/native/why.txt', 'utf8').trim()
    : 'not built';
  console.log(`test:native: no native module (${why}); nothing to test`);
  process.exit(process.env.PCALM_REQUIRE_NATIVE === '1' ? 1 : 0);
}
for (const threads of ['2', '1']) {
  console.log(`test:native: the fidelity tests on the native kernels, ${threads} thread(s)`);
  const run = spawnSync('npx', ['vitest', 'run', ...FIDELITY], {
    stdio: 'inherit',
    env: { ...process.env, PCALM_TEST_BACKEND: 'wasm', PCALM_NATIVE: '1', PCALM_NATIVE_THREADS: threads },
  });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
