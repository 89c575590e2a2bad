// `npm run test:threads`: the fidelity tests (official fixture, float64 references, conformance) run
// again with threads on and off, on each Node engine: tfjs-wasm's threaded build with a pool of 2 and
// its single-threaded build (PCALM_TEST_BACKEND=wasm, PCALM_WASM_THREADS=2 and =0; test/helpers/
// backends.ts fails if the pool asked for does not start), then the native kernels (PCALM_NATIVE=1,
// src/cli/native.ts) with 2 threads and with 1. Where no native module was built (no C++ compiler)
// those two runs say why and pass, unless PCALM_REQUIRE_NATIVE=1 (CI), which makes that a failure.
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

function fidelity(label, env) {
  console.log(`test:threads: the fidelity tests on ${label}`);
  const run = spawnSync('npx', ['vitest', 'run', ...FIDELITY], {
    stdio: 'inherit',
    env: { ...process.env, PCALM_TEST_BACKEND: 'wasm', ...env },
  });
  if (run.status !== 0) process.exit(run.status ?? 1);
}

fidelity("tfjs-wasm's threaded build, 2 pool threads", { PCALM_NATIVE: '0', PCALM_WASM_THREADS: '2' });
fidelity("tfjs-wasm's single-threaded build", { PCALM_NATIVE: '0', PCALM_WASM_THREADS: '0' });

if (!existsSync('build/native/pcalm_native.node')) {
  const why = existsSync('build/native/why.txt')
    ? readFileSync('build/native/why.txt', 'utf8').trim()
    : 'not built';
  console.log(`test:threads: no native module (${why}); the native kernels are not tested`);
  process.exit(process.env.PCALM_REQUIRE_NATIVE === '1' ? 1 : 0);
}
for (const threads of ['2', '1']) {
  fidelity(`the native kernels, ${threads} thread(s)`, { PCALM_NATIVE: '1', PCALM_NATIVE_THREADS: threads });
}
