/**
 * The one message that opens a request/reply line to a worker: a MessagePort on which the worker
 * exposes its comlink API, beside the worker's plain postMessage stream (metrics, progress, download
 * reports), which stays as it is. The page side is app/workerChannel.ts (`call`).
 */
import { expose } from 'comlink';

export interface RemotePortMessage {
  type: 'remotePort';
  port: MessagePort;
}

export function isRemotePortMessage(data: unknown): data is RemotePortMessage {
  return typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'remotePort';
}

/** In a worker: true when `data` was the page's port message (`api` is now exposed on it), else false. */
export function acceptRemotePort(data: unknown, api: object): boolean {
  if (!isRemotePortMessage(data)) return false;
  expose(api, data.port);
  return true;
}
