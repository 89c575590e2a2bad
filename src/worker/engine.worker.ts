/// <reference lib="webworker" />
/** The engine worker: tfjs lives here and only here; the main thread talks to it through protocol.ts. */
import * as tf from '@tensorflow/tfjs-core';
import type { FromWorker, ToWorker } from '../core/engineProtocol';
import { fetchDataSet } from '../data/loadBrowser';
import { BROWSER_WASM_PATHS } from './browserWasm';
import { RunController } from './controller';

declare const self: DedicatedWorkerGlobalScope;

tf.enableProdMode();

const controller = new RunController({
  post: (message: FromWorker, transfer: Transferable[] = []) => self.postMessage(message, transfer),
  loadData: (name) => fetchDataSet(name),
  backendOptions: { wasmPaths: BROWSER_WASM_PATHS },
});

self.onmessage = (event: MessageEvent<ToWorker>) => controller.handle(event.data);
