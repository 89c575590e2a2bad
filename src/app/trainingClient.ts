/**
 * Main-thread side of the training worker: started on the first training run, it forwards the
 * worker's messages into the training store, and hands trained weights to the explorer's engine.
 */
import { memoryProblem, trainingBytes } from '../core/memory';
import { METHOD_LABELS, type TrainMethod } from '../core/methods';
import type {
  FromTrainingWorker,
  ToTrainingWorker,
  TrainingApi,
  TrainingSnapshot,
} from '../core/trainingProtocol';
import type { Config } from '../state/schema';
import { notify, store } from '../state/store';
import { addPoints, resetRun, trainingStore } from '../state/training';
import { sizeProblem } from './actions';
import { WorkerChannel } from './workerChannel';

/** Why a training run would not fit, or null (core/memory: weights, Adam moments, inference, test split). */
export function trainingSizeProblem(config: Config, methods: readonly TrainMethod[]): string | null {
  const what = `training ${methods.length} method(s) at width ${config.width} × depth ${config.depth}`;
  return memoryProblem(what, trainingBytes(config, methods.length));
}

import { engine } from './engineClient';

export class TrainingClient {
  private readonly channel = new WorkerChannel<ToTrainingWorker, FromTrainingWorker, TrainingApi>({
    create: () => new Worker(new URL('../worker/training.worker.ts', import.meta.url), { type: 'module' }),
    receive: (message) => this.receive(message),
    // The weights died with the worker, so resending 'start' would silently retrain from scratch and
    // wipe the curves on screen: they stay, and the next Start runs on a fresh worker.
    onCrash: (reason) => {
      const text = `The training worker stopped (${reason}). The curves so far stay; start a new run to continue.`;
      trainingStore.setState({ status: 'failed', error: text });
      notify('error', text, 'training-worker');
    },
  });
  private runId = 0;
  /** Counts "open in explorer" clicks: only the latest one's weights are opened. */
  private openRequests = 0;

  private send(message: ToTrainingWorker): void {
    this.channel.send(message);
  }

  start(config: Config, methods: TrainMethod[]): void {
    if (methods.length === 0) {
      notify('warning', 'Tick at least one method to train.', 'training');
      return;
    }
    const problem = trainingSizeProblem(config, methods);
    if (problem) {
      notify('error', `Refused: ${problem}.`, 'memory');
      return;
    }
    this.runId += 1;
    resetRun();
    this.send({ type: 'start', runId: this.runId, config, methods });
  }

  pause(): void {
    this.channel.sendIfRunning({ type: 'pause' });
  }

  resume(): void {
    this.channel.sendIfRunning({ type: 'resume' });
  }

  stop(): void {
    this.channel.sendIfRunning({ type: 'stop' });
  }

  /** Asks for a method's current weights; the explorer opens on them when they arrive. */
  openInExplorer(method: TrainMethod): void {
    if (!this.channel.running) return;
    const request = ++this.openRequests;
    this.channel
      .call((api) => api.snapshot(method))
      .then(
        (snapshot) => {
          if (request === this.openRequests && snapshot.runId === this.runId) this.showInExplorer(snapshot);
        },
        (error: unknown) => {
          const text = error instanceof Error ? error.message : String(error);
          notify(
            'error',
            `Cannot open the explorer on the ${METHOD_LABELS[method]} weights: ${text}.`,
            'training',
          );
        },
      );
  }

  private receive(message: FromTrainingWorker): void {
    const current = (runId: number | null) => runId === this.runId;
    switch (message.type) {
      case 'backend':
        return;
      case 'started':
        if (!current(message.info.runId)) return;
        trainingStore.setState({ info: message.info });
        for (const note of message.info.notes) notify('warning', note, 'training-data');
        return;
      case 'points':
        if (current(message.runId)) addPoints(message.points);
        return;
      case 'progress':
        if (!current(message.runId)) return;
        trainingStore.setState({
          status: message.phase,
          progress: {
            step: message.step,
            total: message.total,
            batchesPerSec: message.batchesPerSec,
            elapsed: message.elapsed,
          },
        });
        return;
      case 'finished':
        if (current(message.runId)) trainingStore.setState({ results: message.results });
        return;
      case 'error':
        if (message.runId !== null && !current(message.runId)) return;
        trainingStore.setState({ error: message.message });
        notify('error', `Training: ${message.message}`, 'training');
        return;
    }
  }

  private showInExplorer(snapshot: TrainingSnapshot): void {
    const info = trainingStore.getState().info;
    if (!info) return;
    const { network, batch } = snapshot;
    const config: Config = {
      ...store.getState().config,
      ...info.config,
      width: network.width,
      depth: network.depth,
      batch: batch.x.rows,
      view: 'explorer',
    };
    const problem = sizeProblem(config);
    if (problem) {
      notify('error', `Cannot open the explorer on these weights: ${problem}.`, 'memory');
      return;
    }
    store.setState({ config });
    engine.importRun(
      config,
      { network, batch },
      { name: `${METHOD_LABELS[snapshot.method]} weights after ${snapshot.step} training batches` },
    );
    notify(
      'info',
      `Explorer: ${METHOD_LABELS[snapshot.method]} weights after ${snapshot.step} training batches, on the diagnostic batch (standardised inputs).`,
      'training-open',
    );
  }
}

export const training = new TrainingClient();
