/**
 * The engine side of the worker: owns the backend, the network and batch of the current
 * configuration and one InferenceSession per method, and streams metrics while playing.
 * No DOM here; the transport (postMessage) is passed in, so tests can drive it in Node.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendReport } from '../core/backends';
import type { Batch } from '../core/batch';
import { type EngineConfig, networkKey, resolvedBudget } from '../core/engineConfig';
import type { ConfiguredInfo, FromWorker, ToWorker } from '../core/engineProtocol';
import { METHODS, type MethodId } from '../core/methods';
import type { Network } from '../core/network';
import { inputsToPixels } from '../data/batches';
import { classNames } from '../data/classNames';
import type { DataSet } from '../data/format';
import type { BackendChoice, BackendOptions } from '../engine/backend';
import { runEtaH } from '../engine/configEtaH';
import { experiment } from '../engine/experiment';
import type { HessianEstimate } from '../engine/hessian';
import { findDivergence, packedLength, type TraceProbe } from '../engine/metrics';
import { estimateHessian, InferenceSession, methodRates } from '../engine/run';
import { SerialQueue } from './serialQueue';
import { WidthSweeper } from './widthSweep';
import { WorkerResources } from './workerResources';

export interface ControllerDeps {
  post: (message: FromWorker, transfer?: Transferable[]) => void;
  loadData: (name: 'fashion' | 'mnist') => Promise<DataSet>;
  backendOptions: BackendOptions;
}

/** Wall time one chunk of steps may take at full speed before the worker yields and reads back. */
const CHUNK_BUDGET_MS = 24;
const TRACE_UNITS = 4;

function traceProbe(config: EngineConfig, depth: number, width: number, batchSize: number): TraceProbe {
  const hidden = depth - 1;
  const layer = config.traceLayer === 0 ? Math.ceil(hidden / 2) : Math.min(config.traceLayer, hidden);
  const units = Array.from({ length: Math.min(TRACE_UNITS, width) }, (_, i) => i);
  return { layer, sample: Math.min(config.probe, batchSize - 1), units };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * At full speed on a machine of two cores or fewer, the worker rests half as long as each chunk took
 * before the next, leaving the second core to the page and the browser's compositor and raster
 * threads: measured on 2 cores at depth 128 (npm run perf), the page then drops 4 % of its frames
 * instead of 6 % (p95 one frame instead of two) for about 9 % fewer steps per second. With more cores
 * the engine takes a core of its own and never rests.
 */
const FULL_SPEED_REST =
  ((globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 8) <= 2
    ? 0.5
    : 0;

export class RunController {
  private readonly resources: WorkerResources;
  private sessions: Record<MethodId, InferenceSession> | null = null;
  private finished: Record<MethodId, boolean> = { pcalm: false, pc: false };
  private runId = -1;
  private playing = false;
  private stepsPerSecond: number | null = null;
  private looping = false;
  /** Steps per chunk at full speed, adapted to CHUNK_BUDGET_MS. */
  private fullSpeedChunk = 1;
  /** Wall time of the last full-speed chunk, for FULL_SPEED_REST. */
  private lastChunkMs = 0;
  /** Steps and engine time of the current run, for the status line's steps/s. */
  private measured = { steps: 0, ms: 0 };
  private readonly work = new SerialQueue();
  private latestConfigure: Extract<ToWorker, { type: 'configure' }> | null = null;
  /** The setup whose network and batch the client last received (ConfiguredInfo sends them once). */
  private sentSetupKey: string | null = null;
  /** The last network, batch and Hessian estimate, reused while only rates change (slider drags). */
  private setup: {
    key: string;
    network: Network;
    batch: Batch;
    hessian: HessianEstimate;
    notes: string[];
    data: DataSet | null;
  } | null = null;

  /** The width sweep (widthSweep.ts): its slices of work run in this controller's queue. */
  private readonly sweeper: WidthSweeper;

  constructor(private readonly deps: ControllerDeps) {
    this.resources = new WorkerResources(deps.backendOptions, deps.loadData);
    this.sweeper = new WidthSweeper({
      post: (message) => deps.post(message),
      exclusive: (work) => this.exclusive(work),
      // The sweep's own backend switch must not cancel the sweep itself.
      ensureBackend: (choice) => this.ensureBackend(choice, { keepSweep: true }),
      data: (config, notes) => this.data(config, notes),
    });
  }

  /**
   * Starts what a configuration will wait for that does not depend on the backend (its data set), so
   * it loads while the backend starts. Safe to call before `handle` and more than once.
   */
  prefetch(message: ToWorker): void {
    if (message.type !== 'configure' || message.custom || message.config.data === 'synthetic') return;
    this.resources.prefetch(message.config.data);
  }

  /**
   * Messages are handled one at a time, in order; of several queued configures only the last runs.
   * Sweep requests and cancels act at once: a sweep queues its own slices of work.
   */
  handle(message: ToWorker): void {
    if (message.type === 'crash') {
      setTimeout(() => {
        throw new Error('crash requested (test hook)');
      });
      return;
    }
    if (message.type === 'sweep' || message.type === 'cancelSweep') {
      if (message.type === 'sweep') this.sweeper.start(message);
      else this.sweeper.cancel(message.sweepId);
      return;
    }
    if (message.type === 'configure') this.latestConfigure = message;
    void this.queued(() => this.dispatch(message));
  }

  private fail(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.playing = false;
    this.deps.post({ type: 'error', runId: this.runId, message });
  }

  private async dispatch(message: ToWorker): Promise<void> {
    switch (message.type) {
      case 'configure':
        if (message === this.latestConfigure) await this.configure(message);
        return;
      case 'play':
        this.stepsPerSecond = message.stepsPerSecond;
        this.playing = true;
        this.postProgress();
        void this.loop();
        return;
      case 'pause':
        this.playing = false;
        this.postProgress();
        return;
      case 'step':
        this.playing = false;
        await this.advance(message.count);
        this.postProgress();
        return;
      case 'advanceTo': {
        const current = this.currentT();
        if (message.t > current) await this.advance(message.t - current);
        this.postProgress();
        return;
      }
    }
  }

  /** Starts `choice` unless it runs; a switch drops the tensors of the explorer's run and of a sweep. */
  private async ensureBackend(choice: BackendChoice, { keepSweep = false } = {}): Promise<BackendReport> {
    const { report, changed } = await this.resources.ensureBackend(choice, () => {
      this.disposeSessions();
      if (!keepSweep) this.sweeper.cancelRunning();
    });
    if (changed) this.deps.post({ type: 'backend', report });
    return report;
  }

  private async data(config: EngineConfig, notes: string[]): Promise<DataSet | null> {
    if (config.data === 'synthetic') return null;
    return this.resources.data(config.data, notes, 'Using synthetic data instead.');
  }

  private async configure(message: Extract<ToWorker, { type: 'configure' }>): Promise<void> {
    const { config, runId } = message;
    this.disposeSessions();
    this.runId = runId;
    this.measured = { steps: 0, ms: 0 };
    await this.ensureBackend(config.backend);
    const setup = await this.networkAndBatch(message);
    if (runId !== this.latestConfigure?.runId) return; // superseded while setting up
    const { network, batch, hessian, notes } = setup;
    const T = resolvedBudget(config);
    const asked = runEtaH(config, network, hessian);
    const etaH = asked.value;
    const probe = traceProbe(config, network.depth, network.width, batch.x.rows);
    const rates = methodRates(etaH, config.etaLambda, T);
    this.sessions = {
      pcalm: new InferenceSession(network, batch, rates.pcalm, probe),
      pc: new InferenceSession(network, batch, rates.pc, probe),
    };
    this.finished = { pcalm: false, pc: false };
    const side = Math.round(Math.sqrt(network.inputDim));
    const images = setup.data && side * side === network.inputDim ? setup.data : null;
    const networkAndBatch = setup.key === this.sentSetupKey ? null : { network, batch };
    this.sentSetupKey = setup.key;
    const info: ConfiguredInfo = {
      runId,
      config,
      etaH,
      hessian: asked.etaH === 'auto' ? hessian : null,
      lambdaMax: hessian.lambdaMax,
      T,
      depth: network.depth,
      width: network.width,
      inputDim: network.inputDim,
      batchSize: batch.x.rows,
      deltaRms: await this.sessions.pcalm.deltaRms(),
      probe,
      preview: {
        pixels: images ? inputsToPixels(images, batch.x.data) : null,
        side,
        labels: batch.labels,
        classNames: classNames(config.data),
      },
      backend: this.resources.backend!.active,
      networkAndBatch,
      notes: asked.note ? [...notes, asked.note] : notes,
    };
    this.deps.post({ type: 'configured', info });
    const packed = {} as Record<MethodId, Float32Array>;
    for (const m of METHODS) {
      const tensor = this.sessions[m].observePacked();
      packed[m] = (await tensor.data()) as Float32Array;
      tensor.dispose();
    }
    this.deps.post(
      { type: 'metrics', runId, fromT: 0, packed },
      METHODS.map((m) => packed[m].buffer),
    );
    this.postProgress();
    if (this.playing) void this.loop();
  }

  /** Network, batch and λ_max for a configuration; recomputed only when something that defines them changes. */
  private async networkAndBatch(message: Extract<ToWorker, { type: 'configure' }>) {
    const { config, custom } = message;
    const key = custom ? `custom:${custom.id}` : networkKey(config);
    if (this.setup?.key === key) return this.setup;
    const notes: string[] = [];
    const data = custom ? null : await this.data(config, notes);
    const { network, batch } = custom ?? experiment(config, data);
    const hessian = await estimateHessian(network, batch);
    this.setup = { key, network, batch, hessian, notes, data };
    return this.setup;
  }

  private currentT(): number {
    return this.sessions ? Math.max(...METHODS.map((m) => this.sessions![m].stepper.t)) : 0;
  }

  private allFinished(): boolean {
    return METHODS.every((m) => this.finished[m] || (this.sessions?.[m].stepper.done ?? true));
  }

  /** Advances every unfinished method by up to `count` steps with a single readback. */
  private async advance(count: number): Promise<void> {
    const sessions = this.sessions;
    if (!sessions || count <= 0) return;
    const runId = this.runId;
    const started = performance.now();
    const active = METHODS.filter((m) => !this.finished[m] && !sessions[m].stepper.done);
    const chunks = active.map((m) => ({ method: m, chunk: sessions[m].advancePacked(count) }));
    const tensors = chunks.map((c) => c.chunk.packed).filter((t): t is tf.Tensor => t !== null);
    if (tensors.length === 0) return;
    const joined = tf.concat(tensors, 0);
    tf.dispose(tensors);
    const data = await joined.data();
    joined.dispose();
    if (runId !== this.runId) return; // reconfigured meanwhile: these steps belong to an old run
    const width = packedLength(sessions.pcalm.network.depth, sessions.pcalm.context.probe?.units.length ?? 0);
    const packed: Record<MethodId, Float32Array> = { pcalm: new Float32Array(0), pc: new Float32Array(0) };
    let offset = 0;
    let fromT = Number.POSITIVE_INFINITY;
    for (const { method, chunk } of chunks) {
      let steps = chunk.steps;
      fromT = Math.min(fromT, chunk.firstT);
      for (const m of sessions[method].decode(data, offset, chunk)) {
        const divergence = findDivergence(m);
        if (divergence) {
          steps = m.t - chunk.firstT + 1;
          this.finished[method] = true;
          this.deps.post({ type: 'diverged', runId, method, divergence });
          break;
        }
      }
      packed[method] = Float32Array.from(data.subarray(offset, offset + steps * width) as Float32Array);
      offset += chunk.steps * width;
    }
    const elapsed = performance.now() - started;
    const stepped = Math.max(...chunks.map((c) => c.chunk.steps));
    this.measured = { steps: this.measured.steps + stepped, ms: this.measured.ms + elapsed };
    this.deps.post(
      { type: 'metrics', runId, fromT, packed },
      METHODS.map((m) => packed[m].buffer),
    );
  }

  private stepsPerSec(): number {
    const { steps, ms } = this.measured;
    return ms > 0 ? (1000 * steps) / ms : 0;
  }

  private postProgress(): void {
    this.deps.post({
      type: 'progress',
      runId: this.runId,
      t: this.currentT(),
      playing: this.playing,
      stepsPerSec: this.stepsPerSec(),
    });
  }

  /** While playing: steps at the requested speed (or as fast as chunks of CHUNK_BUDGET_MS allow). */
  private async loop(): Promise<void> {
    if (this.looping) return;
    this.looping = true;
    let last = performance.now();
    let owed = 0;
    try {
      while (this.playing && this.sessions && !this.allFinished()) {
        const now = performance.now();
        let count = this.fullSpeedChunk;
        if (this.stepsPerSecond !== null) {
          owed = Math.min(owed + ((now - last) / 1000) * this.stepsPerSecond, 64);
          count = Math.floor(owed);
          owed -= count;
        }
        last = now;
        if (count > 0) {
          const started = performance.now();
          await this.queued(() => this.advance(count));
          const took = performance.now() - started;
          if (this.stepsPerSecond === null) {
            this.lastChunkMs = took;
            const scale = CHUNK_BUDGET_MS / Math.max(took, 1);
            this.fullSpeedChunk = Math.max(
              1,
              Math.min(256, Math.round(count * Math.min(2, Math.max(0.5, scale)))),
            );
          }
          this.postProgress();
        }
        const rest = this.stepsPerSecond === null ? FULL_SPEED_REST * this.lastChunkMs : 0;
        await sleep(count > 0 ? rest : 8);
      }
      if (this.playing && this.allFinished()) {
        this.playing = false;
        this.postProgress();
      }
    } finally {
      this.looping = false;
    }
  }

  /** Runs work in the message queue and hands its result (or error) to the caller; the queue goes on. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    return this.work.run(work);
  }

  /** Runs work in the message queue so it never interleaves with a configure; a failure is reported. */
  private queued(work: () => Promise<void>): Promise<void> {
    return this.work.enqueue(work, (error) => this.fail(error));
  }

  private disposeSessions(): void {
    if (!this.sessions) return;
    for (const m of METHODS) this.sessions[m].dispose();
    this.sessions = null;
  }
}
