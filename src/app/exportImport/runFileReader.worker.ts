/// <reference lib="webworker" />
/**
 * Reads and checks a run file off the main thread: a file of hundreds of megabytes takes seconds to
 * parse, and the page must stay responsive meanwhile. The matrices come back as transferred buffers.
 */
import type { Config } from '../../state/schema';
import { type RunFileReading, readRunFile } from './runImport';

declare const self: DedicatedWorkerGlobalScope;

export interface ReadRequest {
  file: Blob;
  current: Config;
}

self.onmessage = async (event: MessageEvent<ReadRequest>) => {
  let reading: RunFileReading;
  try {
    reading = readRunFile(await event.data.file.text(), event.data.current);
  } catch (error) {
    reading = {
      ok: false,
      problem: `it could not be read (${error instanceof Error ? error.message : String(error)})`,
    };
  }
  const transfer = reading.ok
    ? [
        ...reading.network.W.map((w) => w.data.buffer),
        reading.batch.x.data.buffer,
        reading.batch.y.data.buffer,
      ]
    : [];
  self.postMessage(reading, transfer);
};
