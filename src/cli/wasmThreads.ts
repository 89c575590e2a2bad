/**
 * Node's setup of tfjs-wasm's threaded build (see src/engine/wasmThreads.ts): the pthread worker
 * script is written once to the temporary directory, loading the package's own glue file by path.
 * PCALM_WASM_THREADS=0 turns it off (one thread), e.g. to compare; PCALM_WASM_THREADS=n asks for n
 * pool threads even where tfjs would take fewer (it sizes its pool from half the logical cores, read
 * once while the module starts), to check that results do not depend on the count. Any problem turns
 * threads off with the reason in the backend report, never an error.
 */
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { pthreadWorkerScript, substituteWorkerUrl, type WasmThreads } from '../engine/wasmThreads';

export function nodeWasmThreads(env: NodeJS.ProcessEnv = process.env): WasmThreads {
  if (env.PCALM_WASM_THREADS === '0') return { enabled: false, why: 'PCALM_WASM_THREADS=0' };
  try {
    const require = createRequire(import.meta.url);
    const root = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
    const version = (require('@tensorflow/tfjs-backend-wasm/package.json') as { version: string }).version;
    const glue = join(root, 'wasm-out', 'tfjs-backend-wasm-threaded-simd.js');
    const { wasmWorkerContents } = require(
      join(root, 'wasm-out', 'tfjs-backend-wasm-threaded-simd.worker.js'),
    ) as {
      wasmWorkerContents: string;
    };
    const script = pthreadWorkerScript(wasmWorkerContents, glue);
    if (!script || !existsSync(glue)) {
      return { enabled: false, why: `tfjs-backend-wasm ${version}'s worker script is not the one expected` };
    }
    // One file per glue path and version, replaced atomically, so concurrent processes never read half.
    const file = join(tmpdir(), `pcalm-tfjs-wasm-pthread-${version}-${hash(glue)}.cjs`);
    writeFileSync(`${file}.${process.pid}`, script);
    renameSync(`${file}.${process.pid}`, file);
    const asked = Number(env.PCALM_WASM_THREADS);
    if (!(Number.isInteger(asked) && asked > 0)) {
      return {
        enabled: true,
        why: 'Node worker threads',
        install: () => {
          const restoreUrl = substituteWorkerUrl(file);
          return () => {
            restoreUrl();
            unrefWorkers();
          };
        },
      };
    }
    const os = require('node:os') as { cpus: () => unknown[] };
    return {
      enabled: true,
      why: `Node worker threads, PCALM_WASM_THREADS=${asked}`,
      count: asked,
      install: () => {
        const restoreUrl = substituteWorkerUrl(file);
        const cpus = os.cpus;
        const real = cpus();
        os.cpus = () =>
          Array.from({ length: Math.max(real.length, 2 * asked) }, (_, i) => real[i % real.length]);
        return () => {
          os.cpus = cpus;
          restoreUrl();
          unrefWorkers();
        };
      },
    };
  } catch (error) {
    return { enabled: false, why: `threaded build unavailable: ${String(error)}` };
  }
}

/**
 * Emscripten keeps its pthread workers referenced, so a CLI with a running pool thread would never
 * exit; unreferenced, they still run while the program does and end with it.
 */
function unrefWorkers(): void {
  const backend = tf.findBackend('wasm') as { wasm?: { PThread?: Record<string, unknown> } } | undefined;
  const pool = backend?.wasm?.PThread;
  if (!pool) return;
  for (const key of ['unusedWorkers', 'runningWorkers']) {
    const workers = pool[key];
    if (Array.isArray(workers)) for (const w of workers) (w as { unref?: () => void }).unref?.();
  }
}

function hash(text: string): string {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return h.toString(16);
}
