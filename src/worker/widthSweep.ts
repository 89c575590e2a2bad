/**
 * The width sweep in the engine worker (paper Fig. 8): for each width of a request, the explorer's own
 * run at that width (same network and batch from the seed, same η_h, PC-ALM and PC side by side) is
 * stepped to T and its cosine to BP kept at every step. Widths run one at a time, in the order asked;
 * each point is posted as soon as it is done. A width the memory limit refuses is skipped with the
 * explorer's refusal text, at the start (it is known before anything runs) and before anything is
 * allocated for it.
 *
 * Work runs in slices through `exclusive` (the controller's queue), so an explorer configure never
 * interleaves with a slice, and a cancel (or a newer request) takes effect at the next slice.
 */

import type { BackendChoice, BackendReport } from '../core/backends';
import type { Batch } from '../core/batch';
import type { EngineConfig } from '../core/engineConfig';
import { resolvedBudget } from '../core/engineConfig';
import type { FromWorker } from '../core/engineProtocol';
import { inferenceSizeProblem } from '../core/memory';
import { METHODS, type MethodId } from '../core/methods';
import { findDivergence, type StepDivergence } from '../core/metricsLayout';
import type { Network } from '../core/network';
import type { SweepPoint, SweepRequest } from '../core/sweepProtocol';
import type { DataSet } from '../data/format';
import { runEtaH } from '../engine/configEtaH';
import { experiment } from '../engine/experiment';
import { estimateHessian, InferenceSession, methodRates } from '../engine/run';

export interface SweepDeps {
  post: (message: FromWorker) => void;
  /** Runs `work` in the controller's queue, between its own messages. */
  exclusive: <T>(work: () => Promise<T>) => Promise<T>;
  ensureBackend: (choice: BackendChoice) => Promise<BackendReport>;
  /** The data set of a configuration (null for synthetic data or when it failed, with a note). */
  data: (config: EngineConfig, notes: string[]) => Promise<DataSet | null>;
}

/** Wall time one slice of steps may take before the sweep yields (cancel, explorer messages). */
const SLICE_BUDGET_MS = 60;
const MAX_SLICE_STEPS = 256;

interface Job {
  id: number;
  cancelled: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

export class WidthSweeper {
  private job: Job | null = null;
  /** Steps per slice, adapted to SLICE_BUDGET_MS; back to 1 for each run (the next width is slower). */
  private sliceSteps = 1;
  /** Resolves when the running job has ended (disposed its tensors): a new job waits for it. */
  private ended: Promise<void> = Promise.resolve();

  constructor(private readonly deps: SweepDeps) {}

  /** Starts a sweep; one still running is cancelled first (the page sent a newer request). */
  start(request: SweepRequest): void {
    this.cancelRunning();
    const job: Job = { id: request.sweepId, cancelled: false };
    this.job = job;
    const previous = this.ended;
    this.ended = previous.then(() => this.run(job, request));
  }

  cancel(sweepId: number): void {
    if (this.job?.id === sweepId) this.job.cancelled = true;
  }

  /** Cancels whatever runs (the explorer is about to switch backends under it). */
  cancelRunning(): void {
    if (this.job) this.job.cancelled = true;
  }

  private async run(job: Job, request: SweepRequest): Promise<void> {
    const { post } = this.deps;
    let error: string | null = null;
    try {
      if (job.cancelled) return;
      const { config } = request;
      const report = await this.deps.exclusive(() => this.deps.ensureBackend(config.backend));
      const notes: string[] = [];
      const data = await this.deps.exclusive(() => this.deps.data(config, notes));
      post({ type: 'sweepStarted', sweepId: job.id, backend: report.active, notes });
      // Too-large widths are known at once: said first, not after the smaller ones have run.
      const runnable: number[] = [];
      for (const width of request.widths) {
        const tooLarge = inferenceSizeProblem({ ...config, width });
        if (tooLarge)
          post({
            type: 'sweepPoint',
            sweepId: job.id,
            point: { width, status: 'skipped', reason: tooLarge },
          });
        else runnable.push(width);
      }
      let finished = request.widths.length - runnable.length;
      for (const width of runnable) {
        if (job.cancelled) return;
        const progress = { finished, total: request.widths.length };
        const point = await this.runWidth(job, { ...config, width }, data, progress);
        if (!point) return;
        post({ type: 'sweepPoint', sweepId: job.id, point });
        finished += 1;
      }
    } catch (caught) {
      error = errorText(caught);
    } finally {
      if (this.job === job) this.job = null;
      post({ type: 'sweepDone', sweepId: job.id, cancelled: job.cancelled, error });
    }
  }

  /** One width (that fits): both methods to T; null when cancelled meanwhile. */
  private async runWidth(
    job: Job,
    config: EngineConfig,
    data: DataSet | null,
    progress: { finished: number; total: number },
  ): Promise<SweepPoint | null> {
    const { width } = config;
    const T = resolvedBudget(config);
    const report = (method: MethodId | null, t: number) =>
      this.deps.post({ type: 'sweepProgress', sweepId: job.id, width, ...progress, method, t, T });
    const started = performance.now();
    try {
      report(null, 0);
      const setup = await this.deps.exclusive(() => this.setUp(config, data));
      const cosine = {} as Record<MethodId, number[]>;
      const final = {} as Record<MethodId, number | null>;
      const divergence: Partial<Record<MethodId, StepDivergence>> = {};
      for (const method of METHODS) {
        const rates = methodRates(setup.etaH, config.etaLambda, T)[method];
        const run = await this.runMethod(job, setup, rates, (t) => report(method, t));
        if (!run) return null;
        cosine[method] = run.cosine;
        final[method] = run.divergence ? null : (run.cosine[T] ?? null);
        if (run.divergence) divergence[method] = run.divergence;
      }
      const seconds = (performance.now() - started) / 1000;
      return {
        width,
        status: 'done',
        etaH: setup.etaH,
        T,
        cosine,
        final,
        divergence,
        notes: setup.notes,
        seconds,
      };
    } catch (caught) {
      // One width failing (a backend out of memory, say) leaves the others to run.
      if (job.cancelled) return null;
      return { width, status: 'skipped', reason: `failed: ${errorText(caught)}` };
    }
  }

  /** The explorer's network and batch for this width, and its η_h (controller.configure does the same). */
  private async setUp(config: EngineConfig, data: DataSet | null) {
    const { network, batch } = experiment(config, data);
    const hessian = await estimateHessian(network, batch);
    const asked = runEtaH(config, network, hessian);
    return { network, batch, etaH: asked.value, notes: asked.note ? [asked.note] : [] };
  }

  /** One method to T (or divergence), in slices; its gradient cosine at every step, or null when cancelled. */
  private async runMethod(
    job: Job,
    setup: { network: Network; batch: Batch },
    rates: { etaH: number; etaLambda: number; T: number },
    onStep: (t: number) => void,
  ): Promise<{ cosine: number[]; divergence: StepDivergence | null } | null> {
    const session = new InferenceSession(setup.network, setup.batch, rates);
    this.sliceSteps = 1;
    try {
      const cosine = [(await this.deps.exclusive(() => session.observeCurrent())).gradCosine];
      let divergence: StepDivergence | null = null;
      while (!session.stepper.done && !divergence) {
        if (job.cancelled) return null;
        const sliceStarted = performance.now();
        const steps = await this.deps.exclusive(() => session.advance(this.sliceSteps));
        this.adaptSlice(steps.length, performance.now() - sliceStarted);
        for (const m of steps) {
          divergence = findDivergence(m);
          if (divergence) break;
          cosine.push(m.gradCosine);
        }
        onStep(session.stepper.t);
        // A macrotask: lets a cancel or a newer request (onmessage) in before the next slice.
        await sleep(0);
      }
      return { cosine, divergence };
    } finally {
      session.dispose();
    }
  }

  private adaptSlice(steps: number, ms: number): void {
    if (steps < this.sliceSteps) return; // a short last slice says nothing about the speed
    const scale = Math.min(2, Math.max(0.5, SLICE_BUDGET_MS / Math.max(ms, 1)));
    this.sliceSteps = Math.max(1, Math.min(MAX_SLICE_STEPS, Math.round(steps * scale)));
  }
}
