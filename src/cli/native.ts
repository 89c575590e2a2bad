/**
 * Loads the Node engine's native module (native/pcalm_native.cc, built by `npm install` into
 * build/native/) and hands it to the engine (engine/kernels/nativeKernels.ts). On by default in the
 * CLI wherever it was built; PCALM_NATIVE=0 turns it off (the wasm kernels, as in the browser),
 * PCALM_NATIVE_THREADS=n sets its thread count (default: every core Node sees). A module that is
 * missing or fails to load is never an error: the reason goes into the backend report.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BackendReport } from '../engine/backend';
import { type NativeModule, setNativeModule } from '../engine/kernels/nativeKernels';

const BUILD_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'build', 'native');

export type NativeLoad = { module: NativeModule; threads: number } | { module: null; why: string };

let loaded: NativeModule | null | undefined;

/** The built module with its thread count set, or why there is none. */
export function loadNativeModule(env: NodeJS.ProcessEnv = process.env): NativeLoad {
  if (env.PCALM_NATIVE === '0') return { module: null, why: 'PCALM_NATIVE=0' };
  const file = join(BUILD_DIR, 'pcalm_native.node');
  if (!existsSync(file)) {
    const whyFile = join(BUILD_DIR, 'why.txt');
    const why = existsSync(whyFile)
      ? readFileSync(whyFile, 'utf8').trim()
      : 'not built (npm run build:native)';
    return { module: null, why };
  }
  try {
    loaded ??= createRequire(import.meta.url)(file) as NativeModule;
  } catch (error) {
    loaded = null;
    return { module: null, why: `could not load ${file}: ${(error as Error).message}` };
  }
  if (!loaded) return { module: null, why: `could not load ${file}` };
  const asked = Number(env.PCALM_NATIVE_THREADS);
  const threads = Number.isInteger(asked) && asked >= 1 && asked <= 256 ? asked : availableParallelism();
  loaded.setThreads(threads);
  return { module: loaded, threads };
}

/**
 * After the backend started: the native module goes to the engine when the backend is wasm (the
 * kernels it replaces are wasm kernels), and the report says so.
 */
export function attachNative(report: BackendReport, load: NativeLoad): BackendReport {
  if (report.active !== 'wasm' || !load.module) {
    setNativeModule(null);
    if (report.active !== 'wasm') return report;
    return { ...report, reason: `${report.reason}; no native kernels: ${'why' in load ? load.why : ''}` };
  }
  setNativeModule(load.module);
  const label = `native kernels (${load.module.products} products, ${load.threads} thread${load.threads === 1 ? '' : 's'})`;
  return {
    ...report,
    // tfjs-wasm runs its single-threaded build under the native kernels, which run their own threads.
    threads: { count: load.threads, threaded: false, why: label },
    reason: `${report.reason.replace(/; \d+ threads?: .*$/, '')}; ${label}`,
  };
}
