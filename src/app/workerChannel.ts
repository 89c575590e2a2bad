/**
 * The one shape of a main-thread client of a worker. The worker starts on the first message (or
 * `start`), every message goes through `send`, and a crash is handled in one place: the worker is
 * dropped, the client's `onCrash` says so and decides what to send the fresh worker (which starts
 * on that next message). Plain postMessage with transferables for a worker's stream (metrics,
 * progress); request/reply goes through `call`, comlink over a port of its own (core/remotePort.ts),
 * and a call still waiting when the worker stops or crashes is rejected, never left hanging.
 * Download reports (data, wasm: core/loading.ts) travel beside any worker's own messages; the channel
 * hands them to the loading store, so every worker's downloads show the same way.
 */
import { type Remote, wrap } from 'comlink';
import { isLoadingMessage } from '../core/loading';
import type { RemotePortMessage } from '../core/remotePort';
import { reportLoading } from '../state/loading';

export interface WorkerChannelOptions<Out> {
  create: () => Worker;
  /** The worker's plain messages; absent for a worker that only answers `call`s. */
  receive?: (message: Out) => void;
  /** The worker died (an uncaught error in it): tell the user, and resend what should run again. */
  onCrash: (reason: string) => void;
}

/** Why a `call` was rejected: the worker it went to was stopped (a restart) or crashed. */
export class WorkerStoppedError extends Error {
  constructor() {
    super('the worker stopped before it answered');
  }
}

export class WorkerChannel<In, Out, Api = never> {
  private worker: Worker | null = null;
  private api: { remote: Remote<Api>; port: MessagePort } | null = null;
  /** Rejections of the calls the current worker has not answered yet. */
  private readonly waiting = new Set<(error: Error) => void>();

  constructor(private readonly options: WorkerChannelOptions<Out>) {}

  get running(): boolean {
    return this.worker !== null;
  }

  /** Starts the worker now (it would start on the first message anyway). */
  start(): void {
    if (this.worker) return;
    const worker = this.options.create();
    worker.onmessage = (event: MessageEvent<Out>) => {
      if (isLoadingMessage(event.data)) reportLoading(event.data);
      else this.options.receive?.(event.data);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      if (this.worker !== worker) return;
      this.stop();
      this.options.onCrash(event.message || 'unknown error');
    };
    this.worker = worker;
  }

  send(message: In, transfer: Transferable[] = []): void {
    this.start();
    this.worker!.postMessage(message, transfer);
  }

  /** For messages that only mean something to a running worker (pause, stop): none running, nothing sent. */
  sendIfRunning(message: In): void {
    if (this.worker) this.worker.postMessage(message);
  }

  /** A request to the worker's comlink API (started on demand); rejected if the worker stops first. */
  call<R>(request: (api: Remote<Api>) => Promise<R>): Promise<R> {
    this.start();
    if (!this.api) {
      const { port1, port2 } = new MessageChannel();
      const opening: RemotePortMessage = { type: 'remotePort', port: port2 };
      this.worker!.postMessage(opening, [port2]);
      this.api = { remote: wrap<Api>(port1), port: port1 };
    }
    const api = this.api.remote;
    return new Promise<R>((resolve, reject) => {
      this.waiting.add(reject);
      request(api)
        .then(resolve, reject)
        .finally(() => this.waiting.delete(reject));
    });
  }

  stop(): void {
    this.worker?.terminate();
    this.worker = null;
    // Closed, not released: comlink's release waits for an answer the stopped worker will never send.
    this.api?.port.close();
    this.api = null;
    for (const reject of this.waiting) reject(new WorkerStoppedError());
    this.waiting.clear();
  }
}
