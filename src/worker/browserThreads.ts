/// <reference lib="webworker" />
/**
 * The browser workers' setting for tfjs-wasm's threaded build: on when the page is cross-origin
 * isolated (SharedArrayBuffer needs COOP/COEP; `vite` and `vite preview` send them, vite.config.ts),
 * one thread otherwise. The pthread workers load the package's untouched glue file, served as an
 * asset, never tfjs's `toString()` of the minified bundle (see src/engine/wasmThreads.ts).
 */
import glueUrl from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js?url';
import { wasmWorkerContents } from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js';
import { pthreadWorkerScript, substituteWorkerUrl, type WasmThreads } from '../engine/wasmThreads';

declare const self: DedicatedWorkerGlobalScope;

export function browserThreads(): WasmThreads {
  if (!self.crossOriginIsolated) {
    return { enabled: false, why: 'page is not cross-origin isolated (no COOP/COEP headers)' };
  }
  const script = pthreadWorkerScript(wasmWorkerContents, new URL(glueUrl, self.location.href).href);
  if (!script) return { enabled: false, why: "tfjs-wasm's worker script is not the one expected" };
  const url = URL.createObjectURL(new Blob([script], { type: 'application/javascript' }));
  return {
    enabled: true,
    why: `page is cross-origin isolated (${navigator.hardwareConcurrency} logical cores)`,
    install: () => substituteWorkerUrl(url),
  };
}
