/// <reference lib="webworker" />
/** The engine worker: tfjs lives here and only here; the main thread talks to it through protocol.ts. */
import * as tf from '@tensorflow/tfjs-core';
import type { FromWorker, ToWorker } from '../core/engineProtocol';
import { fetchExplorerSet } from '../data/loadExplorer';
import { browserThreads } from './browserThreads';
import { BROWSER_WASM_PATHS } from './browserWasm';
import { RunController } from './controller';
import { reported } from './loadingReport';
import { prefetchWasm } from './wasmPrefetch';

declare const self: DedicatedWorkerGlobalScope;

tf.enableProdMode();

const postLoading = (message: unknown) => self.postMessage(message);
const DATA_LABELS = { fashion: 'Fashion-MNIST', mnist: 'MNIST' } as const;
const backendOptions = { wasmPaths: BROWSER_WASM_PATHS as Record<string, string>, threads: browserThreads() };

const controller = new RunController({
  post: (message: FromWorker, transfer: Transferable[] = []) => self.postMessage(message, transfer),
  // The explorer draws its batch from the pool (src/data/explorerPool.ts): the small file, not the full set.
  loadData: (name) =>
    reported(postLoading, `data:${name}`, `${DATA_LABELS[name]} sample images`, (onProgress) =>
      fetchExplorerSet(name, onProgress),
    ),
  backendOptions,
});

// Messages wait, in order, for the wasm binary when the first configuration (the explorer's, or a
// width sweep's when the page opens on that view) will start wasm.
let ready: Promise<void> | null = null;
self.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  // The data downloads beside the wasm binary, not after it.
  controller.prefetch(message);
  if (!ready && (message.type === 'configure' || message.type === 'sweep')) {
    ready = ['auto', 'wasm'].includes(message.config.backend)
      ? prefetchWasm(BROWSER_WASM_PATHS, postLoading, backendOptions.threads.enabled).then((paths) => {
          backendOptions.wasmPaths = paths;
        })
      : Promise.resolve();
  }
  if (!ready || message.type === 'crash') controller.handle(message);
  else void ready.then(() => controller.handle(message));
};
