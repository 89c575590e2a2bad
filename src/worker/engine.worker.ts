/// <reference lib="webworker" />
/** The engine worker: tfjs lives here and only here; the main thread talks to it through protocol.ts. */
import * as tf from '@tensorflow/tfjs-core';
import { fetchDataSet } from '../data/loadBrowser';
import { browserThreads } from './browserThreads';
import { BROWSER_WASM_PATHS } from './browserWasm';
import { RunController } from './controller';
import type { FromWorker, ToWorker } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

tf.enableProdMode();

const controller = new RunController({
  post: (message: FromWorker, transfer: Transferable[] = []) => self.postMessage(message, transfer),
  loadData: (name) => fetchDataSet(name),
  backendOptions: { wasmPaths: BROWSER_WASM_PATHS, threads: browserThreads() },
});

self.onmessage = (event: MessageEvent<ToWorker>) => controller.handle(event.data);
