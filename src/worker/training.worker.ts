/// <reference lib="webworker" />
/** The training worker: its own tfjs instance, so training never waits on the explorer's worker. */
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import * as tf from '@tensorflow/tfjs-core';
import { fetchDataSet } from '../data/loadBrowser';
import { TrainingController } from './trainingController';
import type { FromTrainingWorker, ToTrainingWorker } from './trainingProtocol';

declare const self: DedicatedWorkerGlobalScope;

tf.enableProdMode();

const controller = new TrainingController({
  post: (message: FromTrainingWorker, transfer: Transferable[] = []) => self.postMessage(message, transfer),
  loadData: (name) => fetchDataSet(name),
  backendOptions: {
    wasmPaths: {
      'tfjs-backend-wasm.wasm': wasmPlain,
      'tfjs-backend-wasm-simd.wasm': wasmSimd,
      'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
    },
  },
});

self.onmessage = (event: MessageEvent<ToTrainingWorker>) => controller.handle(event.data);
