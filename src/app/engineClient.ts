/**
 * Main-thread side of the engine worker: starts it, forwards its messages into the store, and if it
 * dies restarts it with the last configuration that ran. The main thread never imports tfjs.
 */
import type { Batch } from '../engine/batch';
import type { Network } from '../engine/network';
import type { Config } from '../state/schema';
import { notify, startRun, store } from '../state/store';
import type { FromWorker, ToWorker } from '../worker/protocol';

type Custom = { network: Network; batch: Batch };

export class EngineClient {
  private worker: Worker | null = null;
  private runId = 0;
  private lastGood: { config: Config; custom?: Custom } | null = null;
  private requested: { config: Config; custom?: Custom } | null = null;

  start(): void {
    const worker = new Worker(new URL('../worker/engine.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<FromWorker>) => this.receive(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      this.restart(event.message || 'unknown error');
    };
    this.worker = worker;
    store.setState({ worker: 'starting' });
  }

  private restart(reason: string): void {
    this.worker?.terminate();
    this.worker = null;
    const again = this.lastGood ?? this.requested;
    notify(
      'error',
      `The engine worker stopped (${reason}). Restarting it with the last configuration that ran.`,
      'worker',
    );
    store.setState({ worker: 'restarting' });
    this.start();
    if (again) this.configure(again.config, again.custom);
  }

  private send(message: ToWorker): void {
    this.worker?.postMessage(message);
  }

  configure(config: Config, custom?: Custom): void {
    this.requested = { config, custom };
    this.runId += 1;
    this.send({ type: 'configure', runId: this.runId, config, custom });
    const { autoplay, speed } = store.getState();
    if (autoplay) {
      store.setState({ playing: true });
      this.send({ type: 'play', stepsPerSecond: speed });
    }
  }

  play(stepsPerSecond: number | null): void {
    this.send({ type: 'play', stepsPerSecond });
  }

  pause(): void {
    this.send({ type: 'pause' });
  }

  step(count = 1): void {
    this.send({ type: 'step', count });
  }

  advanceTo(t: number): void {
    this.send({ type: 'advanceTo', t });
  }

  /** Test hook: kill the worker to exercise the restart path. */
  crash(): void {
    this.send({ type: 'crash' });
  }

  private receive(message: FromWorker): void {
    switch (message.type) {
      case 'backend': {
        store.setState({ backend: message.report });
        const { requested, active, reason } = message.report;
        if (requested !== 'auto' && requested !== active) notify('warning', `Backend: ${reason}`, 'backend');
        return;
      }
      case 'configured': {
        if (message.info.runId !== this.runId) return;
        this.lastGood = this.requested;
        store.setState({ worker: 'running' });
        startRun(message.info);
        for (const note of message.info.notes) notify('warning', note, 'data');
        return;
      }
      case 'metrics': {
        const run = store.getState().run;
        if (!run || message.runId !== run.info.runId) return;
        for (const method of ['pcalm', 'pc'] as const) {
          if (message.packed[method].length > 0)
            run.buffers[method].write(message.fromT, message.packed[method]);
        }
        store.setState({ run: { ...run, version: run.version + 1 } });
        return;
      }
      case 'progress':
        if (message.runId === this.runId)
          store.setState({ playing: message.playing, stepsPerSec: message.stepsPerSec });
        return;
      case 'diverged': {
        const run = store.getState().run;
        if (!run || message.runId !== run.info.runId) return;
        store.setState({
          run: { ...run, divergence: { ...run.divergence, [message.method]: message.divergence } },
        });
        const name = message.method === 'pcalm' ? 'PC-ALM' : 'PC';
        notify(
          'warning',
          `${name} ${message.divergence.message}. The run stopped there.`,
          `diverged-${message.method}`,
        );
        return;
      }
      case 'error':
        notify('error', `Engine: ${message.message}`, 'engine');
        if (message.runId === this.runId && this.lastGood && this.requested !== this.lastGood) {
          // The new configuration failed to start: go back to the one that ran, so nothing is lost.
          const good = this.lastGood;
          store.setState({ config: good.config });
          this.configure(good.config, good.custom);
        }
        return;
    }
  }
}

export const engine = new EngineClient();
