/**
 * Training BP, PC and PC-ALM side by side (spec §9): every method starts from the same initial weights
 * and sees the same batches in the same order. A session advances one batch at a time (each method
 * trains on it) and evaluates at fixed points, so the CLI can run it to the end and the worker can
 * pause, resume or stop between batches without losing anything.
 */
import * as tf from '@tensorflow/tfjs-core';
import { type EngineConfig, networkShape, resolvedBudget } from '../core/engineConfig';
import { adamLearningRate, type TrainMethod } from '../core/methods';
import { createNetwork, type Network } from '../core/network';
import type { PaperCell } from '../core/paperEta';
import type { EvalPoint, MethodResult, TrainingDivergence } from '../core/results';
import { inputDim } from '../data/batches';
import type { DataSet } from '../data/format';
import { configEtaH } from './configEtaH';
import type { HessianEstimate } from './hessian';
import { type BatchTensors, batchTensors, disposeAll } from './model';
import { officialTraining } from './officialTraining';

export type { EvalPoint, MethodResult, TrainingDivergence };

import { estimateHessian } from './run';
import { BatchSchedule, diagnosticBatch, EvalSet, evaluateSplit } from './trainData';
import { cosineToBackprop, type InferenceSettings, TrainableWeights } from './trainStep';

export interface TrainingOptions {
  methods: readonly TrainMethod[];
  /** The initial weights, shared by every method. */
  network: Network;
  data: DataSet;
  batchSize: number;
  epochs: number;
  /** Seed of the batch order (the weights' seed is already in `network`). */
  seed: number;
  /** η_h (resolved, see resolveTrainingEtaH), η_λ of PC-ALM, budget T. */
  inference: InferenceSettings;
  /** Adam learning rate, e.g. adamLearningRate(η0, N, L). */
  lr: number;
  /** Evaluate every this many batches (and always after the last one). */
  evalEvery: number;
  /** Cap on batches per epoch (smoke runs, tests). */
  maxBatchesPerEpoch?: number;
  /** Cap on evaluated test samples (tests); default the whole test split. */
  testLimit?: number;
  /** The visiting order of an epoch from (count, seed + epoch); default ours. rng=official: NumPy's. */
  epochOrder?: (count: number, seed: number) => Uint32Array;
  /** Adam in the official code's arithmetic (rng=official). */
  officialAdam?: boolean;
}

/**
 * η_h of a training run: the given number, or 1/λ_max of the activity Hessian of the initial network
 * on the diagnostic batch. Estimated once, at initialisation, and kept for the whole run (as the
 * official per-cell table does), so PC and PC-ALM always step at the same rate.
 */
export async function resolveTrainingEtaH(
  network: Network,
  data: DataSet,
  batchSize: number,
  etaH: number | 'auto',
): Promise<{ etaH: number; hessian: HessianEstimate | null }> {
  if (etaH !== 'auto') return { etaH, hessian: null };
  const hessian = await estimateHessian(network, diagnosticBatch(data, batchSize));
  return { etaH: hessian.etaH, hessian };
}

/** Everything a training run fixes before its first batch, from a configuration and its data. */
export interface TrainingPlan {
  /** The initial weights every method starts from. */
  network: Network;
  etaH: number;
  /** The λ_max estimate behind an automatic η_h; null when η_h was given. */
  hessian: HessianEstimate | null;
  /** Adam learning rate η0·√(N/L). */
  lr: number;
  T: number;
  /** The paper's table cell behind etaH=paper (null otherwise). */
  paperCell: PaperCell | null;
  /** What the user should know about how the run was set up (e.g. a cell missing from the η_h table). */
  notes: string[];
  /** The data as the run sees it: the loaded set, or under rng=official its officially ordered copy. */
  data: DataSet;
  /** rng=official on MNIST: the official epoch order (NumPy's); null = ours. */
  epochOrder: ((count: number, seed: number) => Uint32Array) | null;
}

export async function planTraining(config: EngineConfig, loaded: DataSet): Promise<TrainingPlan> {
  const official = officialTraining(config, loaded);
  const data = official.data;
  const network =
    official.network ?? createNetwork(networkShape(config, inputDim(data), data.classes), config.seed);
  const asked = configEtaH(config);
  const { etaH, hessian } = await resolveTrainingEtaH(network, data, config.batch, asked.etaH);
  const lr = adamLearningRate(config.lr0, config.width, config.depth);
  const notes = [asked.note, official.note].filter((n): n is string => n !== null);
  return {
    network,
    etaH,
    hessian,
    lr,
    T: resolvedBudget(config),
    paperCell: asked.paperCell,
    notes,
    data,
    epochOrder: official.epochOrder,
  };
}

/** The session options a configuration and its plan give (the CLI and the worker build sessions alike). */
export function sessionOptions(
  config: EngineConfig,
  _data: DataSet,
  plan: TrainingPlan,
  methods: readonly TrainMethod[],
  maxBatchesPerEpoch?: number,
): TrainingOptions {
  return {
    methods,
    network: plan.network,
    // The plan's data: under rng=official the officially ordered copy of the loaded set.
    data: plan.data,
    epochOrder: plan.epochOrder ?? undefined,
    officialAdam: config.rng !== 'ours',
    batchSize: config.batch,
    epochs: config.epochs,
    seed: config.seed,
    inference: { etaH: plan.etaH, etaLambda: config.etaLambda, T: plan.T },
    lr: plan.lr,
    evalEvery: config.evalEvery,
    maxBatchesPerEpoch,
  };
}

class MethodTrainer {
  readonly weights: TrainableWeights;
  steps = 0;
  trainMs = 0;
  divergence: TrainingDivergence | null = null;
  /** The latest evaluation, reused by results() when no batch was trained since. */
  lastPoint: EvalPoint | null = null;
  private lossSum: tf.Tensor | null = null;
  private lossCount = 0;

  constructor(
    readonly method: TrainMethod,
    network: Network,
    lr: number,
    private readonly inference: InferenceSettings,
    officialAdam = false,
  ) {
    this.weights = new TrainableWeights(network, lr, officialAdam);
  }

  train(batch: BatchTensors): void {
    const started = performance.now();
    const loss = this.weights.train(this.method, batch, this.inference);
    // Summed on the device: reading the loss back every batch would stall GPU backends.
    const sum = this.lossSum ? tf.add(this.lossSum, loss) : tf.clone(loss);
    this.lossSum?.dispose();
    loss.dispose();
    this.lossSum = sum;
    this.lossCount += 1;
    this.steps += 1;
    this.trainMs += performance.now() - started;
  }

  /** Mean training loss since the last call, or null when no batch was trained. */
  async takeTrainLoss(): Promise<number | null> {
    if (!this.lossSum) return null;
    const total = (await this.lossSum.data())[0];
    this.lossSum.dispose();
    this.lossSum = null;
    const mean = total / this.lossCount;
    this.lossCount = 0;
    return mean;
  }

  dispose(): void {
    this.lossSum?.dispose();
    this.weights.dispose();
  }
}

export class TrainingSession {
  readonly schedule: BatchSchedule;
  readonly options: TrainingOptions;
  private readonly trainers: MethodTrainer[];
  private readonly testSet: EvalSet;
  private readonly diagnostic: BatchTensors;
  private step = 0;
  private disposed = false;

  constructor(options: TrainingOptions) {
    if (options.methods.length === 0) throw new RangeError('choose at least one method to train');
    if (!(Number.isInteger(options.evalEvery) && options.evalEvery >= 1)) {
      throw new RangeError(`evalEvery must be a positive integer, not ${options.evalEvery}`);
    }
    this.options = options;
    this.schedule = new BatchSchedule(
      options.data,
      options.batchSize,
      options.epochs,
      options.seed,
      options.maxBatchesPerEpoch,
      options.epochOrder,
    );
    this.testSet = new EvalSet(options.data, 'test', options.testLimit);
    this.diagnostic = batchTensors(diagnosticBatch(options.data, options.batchSize));
    this.trainers = options.methods.map(
      (method) =>
        new MethodTrainer(method, options.network, options.lr, options.inference, options.officialAdam),
    );
  }

  /** Batches trained so far (by every active method). */
  get steps(): number {
    return this.step;
  }

  get done(): boolean {
    return this.step >= this.schedule.total || this.trainers.every((t) => t.divergence);
  }

  get methods(): TrainMethod[] {
    return this.trainers.map((t) => t.method);
  }

  /** Evaluation at the current weights of every method (the step-0 point, or on demand). */
  async evaluate(): Promise<EvalPoint[]> {
    const points: EvalPoint[] = [];
    for (const trainer of this.trainers) {
      if (!trainer.divergence) points.push(await this.evaluateTrainer(trainer));
    }
    return points;
  }

  /** Trains the next batch with every method still running; returns the points that fell due. */
  async advance(): Promise<EvalPoint[]> {
    if (this.done) return [];
    const batch = batchTensors(this.schedule.batch(this.step));
    try {
      for (const trainer of this.trainers) if (!trainer.divergence) trainer.train(batch);
    } finally {
      disposeAll(batch);
    }
    this.step += 1;
    const due = this.step % this.options.evalEvery === 0 || this.step === this.schedule.total;
    return due ? this.evaluate() : [];
  }

  private async evaluateTrainer(trainer: MethodTrainer): Promise<EvalPoint> {
    const model = trainer.weights.model;
    const trainLoss = await trainer.takeTrainLoss();
    const test = await this.testSet.evaluate(model);
    const gradCosine = await cosineToBackprop(trainer.method, model, this.diagnostic, this.options.inference);
    if (trainLoss !== null && !Number.isFinite(trainLoss)) {
      trainer.divergence = { step: trainer.steps, reason: `training loss became ${trainLoss}` };
    } else if (!Number.isFinite(test.loss)) {
      trainer.divergence = { step: trainer.steps, reason: `test loss became ${test.loss}` };
    }
    trainer.lastPoint = {
      method: trainer.method,
      step: trainer.steps,
      epoch: trainer.steps / this.schedule.perEpoch,
      trainLoss,
      testLoss: test.loss,
      testAccuracy: test.accuracy,
      gradCosine,
      trainSeconds: trainer.trainMs / 1000,
    };
    return trainer.lastPoint;
  }

  /**
   * Final numbers of every method: test loss and accuracy, gradient cosine on the diagnostic batch and,
   * unless skipped, loss and accuracy over the whole train split.
   */
  async results({ trainAccuracy = true } = {}): Promise<MethodResult[]> {
    const out: MethodResult[] = [];
    for (const trainer of this.trainers) {
      const model = trainer.weights.model;
      // The last evaluation point is reused when it is at the current weights (the usual case: a
      // run ends with one); otherwise (stopped between points) the final numbers are measured now.
      const current = trainer.lastPoint?.step === trainer.steps ? trainer.lastPoint : null;
      const test = current
        ? { loss: current.testLoss, accuracy: current.testAccuracy }
        : await this.testSet.evaluate(model);
      const train = trainAccuracy ? await evaluateSplit(model, this.options.data, 'train') : null;
      out.push({
        method: trainer.method,
        steps: trainer.steps,
        finalTrainAccuracy: train?.accuracy ?? null,
        finalTrainLoss: train?.loss ?? null,
        finalTestAccuracy: test.accuracy,
        finalTestLoss: test.loss,
        gradCosine:
          current?.gradCosine ??
          (await cosineToBackprop(trainer.method, model, this.diagnostic, this.options.inference)),
        trainSeconds: trainer.trainMs / 1000,
        divergence: trainer.divergence,
      });
    }
    return out;
  }

  /** A method's current weights as a plain Network. */
  snapshot(method: TrainMethod): Promise<Network> {
    const trainer = this.trainers.find((t) => t.method === method);
    if (!trainer) throw new RangeError(`${method} is not being trained in this session`);
    return trainer.weights.snapshot();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const t of this.trainers) t.dispose();
    this.testSet.dispose();
    disposeAll(this.diagnostic);
  }
}
