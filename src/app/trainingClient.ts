/**
 * Main-thread side of the training worker: started on the first training run, it forwards the
 * worker's messages into the training store, and hands trained weights to the explorer's engine.
 */
import { isLoadingMessage } from '../core/loading';
import { estimateInferenceBytes, networkShape } from '../engine/experiment';
import { parameterCount } from '../engine/network';
import { METHOD_LABELS, type TrainMethod } from '../engine/trainMethods';
import { reportLoading } from '../state/loading';
import type { Config } from '../state/schema';
import { notify, store } from '../state/store';
import { addPoints, resetRun, trainingStore } from '../state/training';
import type { FromTrainingWorker, ToTrainingWorker } from '../worker/trainingProtocol';
import { formatBytes, MAX_INFERENCE_BYTES, sizeProblem } from './actions';

/**
 * Why a training run would not fit, or null. Each method holds its weights twice (W, Wᵀ), two Adam
 * moments and a gradient; its inference needs what one explorer run needs; the test split is shared.
 */
export function trainingSizeProblem(config: Config, methods: readonly TrainMethod[]): string | null {
  const weights = 4 * 5 * parameterCount(networkShape(config, 784));
  const bytes = methods.length * (weights + estimateInferenceBytes(config)) + 4 * 10_000 * 784;
  if (bytes <= MAX_INFERENCE_BYTES) return null;
  return `training ${methods.length} method(s) at width ${config.width} × depth ${config.depth} needs about ${formatBytes(bytes)}, more than the ${formatBytes(MAX_INFERENCE_BYTES)} this app allows`;
}

import { engine } from './engineClient';

export class TrainingClient {
  private worker: Worker | null = null;
  private runId = 0;
  private requestId = 0;

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('../worker/training.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<FromTrainingWorker>) => {
      // Download reports (data, wasm) travel beside the protocol's messages.
      if (isLoadingMessage(event.data)) reportLoading(event.data);
      else this.receive(event.data);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      // The curves so far stay on screen; the weights died with the worker.
      this.worker?.terminate();
      this.worker = null;
      const text = `The training worker stopped (${event.message || 'unknown error'}). Start a new run to continue.`;
      trainingStore.setState({ status: 'failed', error: text });
      notify('error', text, 'training-worker');
    };
    this.worker = worker;
    return worker;
  }

  private send(message: ToTrainingWorker): void {
    this.ensureWorker().postMessage(message);
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
    this.worker?.postMessage({ type: 'pause' } satisfies ToTrainingWorker);
  }

  resume(): void {
    this.worker?.postMessage({ type: 'resume' } satisfies ToTrainingWorker);
  }

  stop(): void {
    this.worker?.postMessage({ type: 'stop' } satisfies ToTrainingWorker);
  }

  /** Asks for a method's current weights; the explorer opens on them when they arrive. */
  openInExplorer(method: TrainMethod): void {
    if (!this.worker) return;
    this.requestId += 1;
    this.send({ type: 'snapshot', requestId: this.requestId, method });
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
      case 'snapshot':
        if (current(message.runId) && message.requestId === this.requestId) this.showInExplorer(message);
        return;
      case 'error':
        if (message.runId !== null && !current(message.runId)) return;
        trainingStore.setState({ error: message.message });
        notify('error', `Training: ${message.message}`, 'training');
        return;
    }
  }

  private showInExplorer(snapshot: Extract<FromTrainingWorker, { type: 'snapshot' }>): void {
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
