/// <reference lib="webworker" />
/** The theory worker: spectra of spec §7 off the main thread (plain float64, no tfjs). */

import type { ToTheory } from '../core/theoryProtocol';
import { TheoryHandler } from './theoryHandler';

declare const self: DedicatedWorkerGlobalScope;

const handler = new TheoryHandler();

self.onmessage = (event: MessageEvent<ToTheory>) => {
  const { reply, transfer } = handler.handle(event.data, (progress) => self.postMessage(progress));
  self.postMessage(reply, transfer);
};
