/** tfjs backends for the tests: cpu, and wasm with its .wasm files from node_modules (as the CLI does). */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { nodeWasmThreads } from '../../src/cli/wasmThreads';
import { initBackend } from '../../src/engine/backend';

export function wasmDirectory(): string {
  const require = createRequire(import.meta.url);
  return `${join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist')}/`;
}

/**
 * Starts `name` through the engine's own initBackend (no calibration), with the CLI's wasm threads
 * (PCALM_WASM_THREADS=0: the single-threaded build), and fails loudly if it cannot.
 * PCALM_TEST_BACKEND=wasm runs the tests written for cpu on wasm instead (the fidelity tests with
 * the fused kernels and threads).
 */
export async function switchBackend(requested: 'cpu' | 'wasm'): Promise<void> {
  const name = requested === 'cpu' && process.env.PCALM_TEST_BACKEND === 'wasm' ? 'wasm' : requested;
  const report = await initBackend(name, {
    wasmPaths: wasmDirectory(),
    calibrate: false,
    threads: nodeWasmThreads(),
  });
  if (report.active !== name || tf.getBackend() !== name) {
    throw new Error(`could not start ${name}: ${report.reason}`);
  }
}
