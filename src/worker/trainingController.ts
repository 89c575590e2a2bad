/**
 * The engine side of the training worker: owns one TrainingSession, trains batch after batch in short
 * slices and yields between them so that pause, stop and snapshot requests get in. Pausing or stopping
 * keeps the weights; only the next start replaces them. No DOM: the transport is passed in (tests
 * drive it in Node).
 */

import type { EngineConfig } from '../core/engineConfig';
import type { TrainMethod } from '../core/methods';
import type {
  FromTrainingWorker,
  ToTrainingWorker,
  TrainingPhase,
  TrainingRunInfo,
  TrainingSnapshot,
} from '../core/trainingProtocol';
import type { DataSet } from '../data/format';
import type { BackendChoice, BackendOptions, BackendReport } from '../engine/backend';
import { diagnosticBatch, syntheticDataSet } from '../engine/trainData';
import { type EvalPoint, planTraining, sessionOptions, TrainingSession } from '../engine/training';
import { SerialQueue } from './serialQueue';
import { WorkerResources } from './workerResources';

export interface TrainingControllerDeps {
  post: (message: FromTrainingWorker, transfer?: Transferable[]) => void;
  loadData: (name: 'fashion' | 'mnist') => Promise<DataSet>;
  backendOptions: BackendOptions;
}

/** Longest stretch of training between two looks at the message queue. */
const SLICE_MS = 60;
/** Progress messages at most this often. */
const PROGRESS_MS = 200;
/** Batches/s is measured over about this much recent running time. */
const RATE_WINDOW_MS = 5000;

const yieldToMessages = () => new Promise((resolve) => setTimeout(resolve, 0));

export class TrainingController {
  private backend: BackendReport | null = null;
  private readonly resources: WorkerResources;
  private session: TrainingSession | null = null;
  private runId = -1;
  private phase: TrainingPhase = 'done';
  private looping = false;
  private readonly work = new SerialQueue();
  private runningMs = 0;
  private pauseWhenStarted = false;
  private stopRequested = false;
  private lastProgress = 0;
  /** Recent (running time, step) samples for batches/s. */
  private samples: Array<{ ms: number; step: number }> = [];

  constructor(private readonly deps: TrainingControllerDeps) {
    this.resources = new WorkerResources(deps.backendOptions, deps.loadData);
  }

  handle(message: ToTrainingWorker): void {
    // Pause and stop act at once (the loop checks the phase between batches); the rest queue up.
    if (message.type === 'pause') {
      if (this.phase === 'starting') this.pauseWhenStarted = true;
      if (this.phase !== 'running') return;
      this.phase = 'paused';
      this.postProgress(true);
      return;
    }
    if (message.type === 'stop') {
      if (!['running', 'paused', 'starting'].includes(this.phase)) return;
      // While starting, the finish queues behind the start and runs before any training slice.
      if (this.phase !== 'starting') this.phase = 'finishing';
      this.stopRequested = true;
      this.postProgress(true);
      this.queued(() => this.finish('stopped'));
      return;
    }
    this.queued(() => this.dispatch(message));
  }

  /**
   * A method's current weights and the diagnostic batch. Queued behind what was asked before it, so a
   * snapshot taken after a pause or a stop has the weights of that moment.
   */
  snapshot(method: TrainMethod): Promise<TrainingSnapshot> {
    return this.work.run(async () => {
      const session = this.session;
      if (!session) throw new Error('no training run to take weights from yet');
      const network = await session.snapshot(method);
      const { data, batchSize } = session.options;
      return {
        runId: this.runId,
        method,
        step: session.steps,
        network,
        batch: diagnosticBatch(data, batchSize),
      };
    });
  }

  private queued(work: () => Promise<void>): Promise<void> {
    return this.work.enqueue(work, (error) => this.fail(error));
  }

  private fail(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    // A run that failed to start has nothing to resume; one that failed mid-way keeps its weights.
    if (this.phase === 'running' || this.phase === 'starting')
      this.phase = this.session ? 'paused' : 'stopped';
    this.deps.post({ type: 'error', runId: this.runId, message });
    this.postProgress(true);
  }

  private async dispatch(message: ToTrainingWorker): Promise<void> {
    switch (message.type) {
      case 'start':
        await this.start(message.runId, message.config, message.methods);
        return;
      case 'resume':
        if (this.phase !== 'paused' || !this.session) return;
        this.phase = 'running';
        this.postProgress(true);
        void this.loop();
        return;
      default:
        return;
    }
  }

  private async ensureBackend(choice: BackendChoice): Promise<void> {
    const { report, changed } = await this.resources.ensureBackend(choice, () => this.disposeSession());
    this.backend = report;
    if (changed) this.deps.post({ type: 'backend', report });
  }

  private async data(config: EngineConfig, notes: string[]): Promise<DataSet> {
    const data =
      config.data === 'synthetic'
        ? null
        : await this.resources.data(config.data, notes, 'Training on synthetic data instead.');
    return data ?? syntheticDataSet({ seed: config.seed });
  }

  private async start(
    runId: number,
    config: EngineConfig,
    methods: TrainingRunInfo['methods'],
  ): Promise<void> {
    this.disposeSession();
    this.runId = runId;
    this.phase = 'starting';
    this.runningMs = 0;
    this.samples = [];
    this.pauseWhenStarted = false;
    this.stopRequested = false;
    this.postProgress(true);
    await this.ensureBackend(config.backend);
    const notes: string[] = [];
    const data = await this.data(config, notes);
    const plan = await planTraining(config, data);
    notes.push(...plan.notes);
    const { etaH, hessian, lr, T } = plan;
    const session = new TrainingSession(sessionOptions(config, data, plan, methods));
    this.session = session;
    this.deps.post({
      type: 'started',
      info: {
        runId,
        config,
        methods: [...methods],
        etaH,
        lambdaMax: hessian?.lambdaMax ?? null,
        lr,
        T,
        batchesPerEpoch: session.schedule.perEpoch,
        totalBatches: session.schedule.total,
        dataName: data.name,
        trainCount: data.train.count,
        testCount: data.test.count,
        diagnostic: `the first ${Math.min(config.batch, data.train.count)} training samples (${plan.epochOrder ? 'the official shuffled order' : 'file order'})`,
        backend: this.backend!.active,
        notes,
      },
    });
    this.postPoints(await session.evaluate());
    if (this.stopRequested) {
      this.phase = 'finishing';
      return;
    }
    this.phase = this.pauseWhenStarted ? 'paused' : 'running';
    this.postProgress(true);
    void this.loop();
  }

  private postPoints(points: EvalPoint[]): void {
    if (points.length > 0) this.deps.post({ type: 'points', runId: this.runId, points });
  }

  /** Trains while running, in slices of about SLICE_MS, each as one job of the message queue. */
  private async loop(): Promise<void> {
    if (this.looping) return;
    this.looping = true;
    try {
      while (this.phase === 'running' && this.session && !this.session.done) {
        await this.queued(async () => {
          // Read at run time: a start queued before this slice may have replaced the session.
          const session = this.session;
          if (!session) return;
          const started = performance.now();
          while (this.phase === 'running' && !session.done && performance.now() - started < SLICE_MS) {
            this.postPoints(await session.advance());
          }
          this.runningMs += performance.now() - started;
          this.postProgress(false);
        });
        await yieldToMessages();
      }
      if (this.phase === 'running' && this.session?.done) {
        this.phase = 'finishing';
        await this.queued(() => this.finish('done'));
      }
    } finally {
      this.looping = false;
    }
  }

  private async finish(phase: 'done' | 'stopped'): Promise<void> {
    const session = this.session;
    if (!session || this.phase === 'done' || this.phase === 'stopped') return;
    // The whole train split is the CLI's business; here the test split and the diagnostic batch.
    const results = await session.results({ trainAccuracy: false });
    this.phase = phase;
    this.deps.post({ type: 'finished', runId: this.runId, results });
    this.postProgress(true);
  }

  private batchesPerSec(): number {
    const step = this.session?.steps ?? 0;
    this.samples.push({ ms: this.runningMs, step });
    while (this.samples.length > 2 && this.runningMs - this.samples[1].ms > RATE_WINDOW_MS)
      this.samples.shift();
    const first = this.samples[0];
    const ms = this.runningMs - first.ms;
    return ms > 0 ? (1000 * (step - first.step)) / ms : 0;
  }

  private postProgress(force: boolean): void {
    const now = performance.now();
    if (!force && now - this.lastProgress < PROGRESS_MS) return;
    this.lastProgress = now;
    this.deps.post({
      type: 'progress',
      runId: this.runId,
      phase: this.phase,
      step: this.session?.steps ?? 0,
      total: this.session?.schedule.total ?? 0,
      batchesPerSec: this.phase === 'running' ? this.batchesPerSec() : 0,
      elapsed: this.runningMs / 1000,
    });
  }

  private disposeSession(): void {
    this.session?.dispose();
    this.session = null;
  }
}
