/// <reference lib="webworker" />
/** The training worker: its own tfjs instance, so training never waits on the explorer's worker. */
import * as tf from '@tensorflow/tfjs-core';
import { transfer } from 'comlink';
import { acceptRemotePort } from '../core/remotePort';
import type { FromTrainingWorker, ToTrainingWorker, TrainingApi } from '../core/trainingProtocol';
import { fetchDataSet } from '../data/loadBrowser';
import { browserThreads } from './browserThreads';
import { BROWSER_WASM_PATHS } from './browserWasm';
import { reported } from './loadingReport';
import { TrainingController } from './trainingController';
import { prefetchWasm } from './wasmPrefetch';

declare const self: DedicatedWorkerGlobalScope;

tf.enableProdMode();

const postLoading = (message: unknown) => self.postMessage(message);
const DATA_LABELS = { fashion: 'Fashion-MNIST', mnist: 'MNIST' } as const;
const backendOptions = { wasmPaths: BROWSER_WASM_PATHS as Record<string, string>, threads: browserThreads() };

const controller = new TrainingController({
  post: (message: FromTrainingWorker, transfer: Transferable[] = []) => self.postMessage(message, transfer),
  // The full splits: the page downloads them first (with progress and cancel, src/app/fullData.ts) into
  // the cache, from which fetchDataSet reads them.
  loadData: (name) =>
    reported(postLoading, `train:${name}`, `the ${DATA_LABELS[name]} training data`, (onProgress) =>
      fetchDataSet(name, undefined, undefined, onProgress),
    ),
  backendOptions,
});

const api: TrainingApi = {
  async snapshot(method) {
    const snapshot = await controller.snapshot(method);
    const { network, batch } = snapshot;
    return transfer(snapshot, [
      ...network.W.map((w) => w.data.buffer),
      batch.x.data.buffer,
      batch.y.data.buffer,
    ]);
  },
};

let ready: Promise<void> | null = null;
self.onmessage = (event: MessageEvent<ToTrainingWorker>) => {
  if (acceptRemotePort(event.data, api)) return;
  const message = event.data;
  if (!ready && message.type === 'start') {
    ready = ['auto', 'wasm'].includes(message.config.backend)
      ? prefetchWasm(BROWSER_WASM_PATHS, postLoading, backendOptions.threads.enabled).then((paths) => {
          backendOptions.wasmPaths = paths;
        })
      : Promise.resolve();
  }
  if (!ready) controller.handle(message);
  else void ready.then(() => controller.handle(message));
};
