/// <reference lib="webworker" />
/** The engine worker: tfjs lives here and only here; the main thread talks to it through protocol.ts. */
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import * as tf from '@tensorflow/tfjs-core';
import { fetchDataSet } from '../data/loadBrowser';
import { RunController } from './controller';
import type { FromWorker, ToWorker } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

tf.enableProdMode();

const controller = new RunController({
  post: (message: FromWorker, transfer: Transferable[] = []) => self.postMessage(message, transfer),
  loadData: (name) => fetchDataSet(name),
  backendOptions: {
    wasmPaths: {
      'tfjs-backend-wasm.wasm': wasmPlain,
      'tfjs-backend-wasm-simd.wasm': wasmSimd,
      'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
    },
  },
});

self.onmessage = (event: MessageEvent<ToWorker>) => controller.handle(event.data);
