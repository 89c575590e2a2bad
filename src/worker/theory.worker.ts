/// <reference lib="webworker" />
/** The theory worker: spectra of spec §7 off the main thread (plain float64, no tfjs), over comlink. */

import { transfer } from 'comlink';
import { acceptRemotePort } from '../core/remotePort';
import type { TheoryApi } from '../core/theoryProtocol';
import { TheoryHandler } from './theoryHandler';

declare const self: DedicatedWorkerGlobalScope;

const handler = new TheoryHandler();

const api: TheoryApi = {
  async handle(request, onProgress) {
    const { reply, transfer: buffers } = handler.handle(request, onProgress);
    return transfer(reply, buffers);
  },
};

self.onmessage = (event: MessageEvent<unknown>) => {
  acceptRemotePort(event.data, api);
};
