/// <reference lib="webworker" />
/**
 * Reads and checks a run file off the main thread: a file of hundreds of megabytes takes seconds to
 * parse, and the page must stay responsive meanwhile. Exposed through comlink (one request, one
 * reply); the matrices come back as transferred buffers.
 */
import { transfer } from 'comlink';
import { acceptRemotePort } from '../../core/remotePort';
import type { Config } from '../../state/schema';
import { type RunFileReading, readRunFile } from './runImport';

async function read(file: Blob, current: Config): Promise<RunFileReading> {
  let reading: RunFileReading;
  try {
    reading = readRunFile(await file.text(), current);
  } catch (error) {
    reading = {
      ok: false,
      problem: `it could not be read (${error instanceof Error ? error.message : String(error)})`,
    };
  }
  if (!reading.ok) return reading;
  const buffers = [
    ...reading.network.W.map((w) => w.data.buffer),
    reading.batch.x.data.buffer,
    reading.batch.y.data.buffer,
  ];
  return transfer(reading, buffers);
}

const reader = { read };
export type RunFileReader = typeof reader;

declare const self: DedicatedWorkerGlobalScope;
self.onmessage = (event: MessageEvent<unknown>) => {
  acceptRemotePort(event.data, reader);
};
