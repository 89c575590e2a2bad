/**
 * The one shape of a main-thread client of a worker. The worker starts on the first message (or
 * `start`), every message goes through `send`, and a crash is handled in one place: the worker is
 * dropped, the client's `onCrash` says so and decides what to send the fresh worker (which starts
 * on that next message). Plain postMessage with transferables: the metrics stream needs no more.
 * Download reports (data, wasm: core/loading.ts) travel beside any worker's own messages; the channel
 * hands them to the loading store, so every worker's downloads show the same way.
 */
import { isLoadingMessage } from '../core/loading';
import { reportLoading } from '../state/loading';

export interface WorkerChannelOptions<Out> {
  create: () => Worker;
  receive: (message: Out) => void;
  /** The worker died (an uncaught error in it): tell the user, and resend what should run again. */
  onCrash: (reason: string) => void;
}

export class WorkerChannel<In, Out> {
  private worker: Worker | null = null;

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
      else this.options.receive(event.data);
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

  stop(): void {
    this.worker?.terminate();
    this.worker = null;
  }
}
