/// <reference lib="webworker" />
/** The training worker: its own tfjs instance, so training never waits on the explorer's worker. */
import * as tf from '@tensorflow/tfjs-core';
import { fetchDataSet } from '../data/loadBrowser';
import { browserThreads } from './browserThreads';
import { BROWSER_WASM_PATHS } from './browserWasm';
import { TrainingController } from './trainingController';
import type { FromTrainingWorker, ToTrainingWorker } from './trainingProtocol';

declare const self: DedicatedWorkerGlobalScope;

tf.enableProdMode();

const controller = new TrainingController({
  post: (message: FromTrainingWorker, transfer: Transferable[] = []) => self.postMessage(message, transfer),
  loadData: (name) => fetchDataSet(name),
  backendOptions: { wasmPaths: BROWSER_WASM_PATHS, threads: browserThreads() },
});

self.onmessage = (event: MessageEvent<ToTrainingWorker>) => controller.handle(event.data);
