/** tfjs backends for the tests: cpu, and wasm with its .wasm files from node_modules (as the CLI does). */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { loadNativeModule } from '../../src/cli/native';
import { nodeWasmThreads } from '../../src/cli/wasmThreads';
import { initBackend } from '../../src/engine/backend';
import { setNativeModule } from '../../src/engine/kernels/nativeKernels';

export function wasmDirectory(): string {
  const require = createRequire(import.meta.url);
  return `${join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist')}/`;
}

/**
 * Starts `name` through the engine's own initBackend (no calibration), with the CLI's wasm threads
 * (PCALM_WASM_THREADS=0: the single-threaded build; =n: a pool of n, or a failure), and fails loudly
 * if it cannot.
 * PCALM_TEST_BACKEND=wasm runs the tests written for cpu on wasm instead (the fidelity tests with
 * the fused kernels and threads). PCALM_NATIVE=1 runs the wasm tests with the native kernels (Node's
 * fast path, src/cli/native.ts; the single-threaded wasm build under them), failing if none is built.
 */
export async function switchBackend(requested: 'cpu' | 'wasm'): Promise<void> {
  const name = requested === 'cpu' && process.env.PCALM_TEST_BACKEND === 'wasm' ? 'wasm' : requested;
  const native = process.env.PCALM_NATIVE === '1' ? loadNativeModule() : null;
  if (native && !native.module) throw new Error(`PCALM_NATIVE=1, but no native module: ${native.why}`);
  const report = await initBackend(name, {
    wasmPaths: wasmDirectory(),
    calibrate: false,
    threads: native ? { enabled: false, why: 'the native kernels run the threads' } : nodeWasmThreads(),
  });
  if (report.active !== name || tf.getBackend() !== name) {
    throw new Error(`could not start ${name}: ${report.reason}`);
  }
  // A pool asked for and not started would otherwise pass every test on one thread.
  const asked = Number(process.env.PCALM_WASM_THREADS);
  if (name === 'wasm' && !native && asked > 0 && report.threads?.count !== asked) {
    throw new Error(`PCALM_WASM_THREADS=${asked}, but wasm runs ${report.reason}`);
  }
  setNativeModule(name === 'wasm' ? (native?.module ?? null) : null);
}
