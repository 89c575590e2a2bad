/**
 * Main-thread side of the theory worker: watches the app store and keeps the spectrum store current.
 * A new RunInfo asks for σ(A) (only when the network or probe input really changed: η_λ steps re-send
 * the same network); η_λ / η_h changes ask, debounced, for the eigenvalues of M (all of them when n is
 * small, ρ(M) and the outermost ones above).
 */

import { proxy } from 'comlink';
import { shallow } from 'zustand/shallow';
import type { RunInfo } from '../core/engineProtocol';
import type { Network } from '../core/network';
import { type FromTheory, SIGMA_AUTO_MAX_N, SIGMA_MAX_N, type TheoryApi } from '../core/theoryProtocol';
import { liveEtaH, NO_SYSTEM, spectrumStore } from '../state/spectrum';
import { computedSteps, store } from '../state/store';
import { systemFingerprint, type TheoryEvent, TheoryScheduler } from './spectrumRequests';
import { WorkerChannel } from './workerChannel';

/** Quiet time after the last η change before the exact eigenvalues are asked for. */
export const EXACT_DEBOUNCE_MS = 150;

/** The page's first spectrum waits at most this long for the first animated steps (see `start`). */
const FIRST_SPECTRUM_WAIT_MS = 1500;

/** Resolves once the store holds the first animated steps of a run (or after `maxMs`). */
function firstStepsShown(maxMs: number): Promise<void> {
  return new Promise((resolve) => {
    if (computedSteps(store.getState().run) >= 2) {
      resolve();
      return;
    }
    const done = () => {
      clearTimeout(timer);
      unsubscribe();
      resolve();
    };
    const timer = setTimeout(done, maxMs);
    const unsubscribe = store.subscribe(
      (s) => computedSteps(s.run) >= 2,
      (shown) => shown && done(),
    );
  });
}

interface SystemRequest {
  key: string;
  network: Network;
  x: Float32Array;
  sample: number;
}

export class SpectrumClient {
  private readonly channel = new WorkerChannel<never, never, TheoryApi>({
    create: () => new Worker(new URL('../worker/theory.worker.ts', import.meta.url), { type: 'module' }),
    onCrash: (reason) => this.crashed(reason),
  });
  private started = false;
  private exactTimer: ReturnType<typeof setTimeout> | null = null;
  /** A large system waiting for the user's go (see `computeDeferred`). */
  private deferred: SystemRequest | null = null;
  private readonly scheduler = new TheoryScheduler(
    {
      request: (message, onProgress) =>
        this.channel.call((api) => api.handle(message, proxy(onProgress)) as Promise<FromTheory>),
      restart: () => this.channel.stop(),
    },
    (event) => this.receive(event),
  );

  /**
   * Follows the store from the page's first animated steps on: the theory worker's start and σ(A) of
   * the first network would otherwise share the machine's cores with the engine's first steps, and
   * the animation is what a class waits for (the annulus fills in a moment later).
   */
  start(): void {
    if (this.started) return;
    this.started = true;
    void firstStepsShown(FIRST_SPECTRUM_WAIT_MS).then(() => this.follow());
  }

  private follow(): void {
    store.subscribe(
      (s) => s.run?.info,
      (info) => info && this.onRunInfo(info),
    );
    store.subscribe(
      (s) => [s.config.etaLambda, liveEtaH(s)] as const,
      () => this.scheduleExact(),
      {
        equalityFn: shallow,
      },
    );
    const { run } = store.getState();
    if (run) this.onRunInfo(run.info);
  }

  private onRunInfo(info: RunInfo): void {
    const { network, batch, probe } = info;
    const n = network.width * (network.depth - 1);
    const sample = probe.sample;
    const linearized = network.act !== 'identity';
    if (!(sample >= 0 && sample < batch.x.rows) || batch.x.cols !== network.inputDim) {
      this.fail(`probe sample ${sample} is not in the batch`, { n, sample, linearized });
      return;
    }
    if (n > SIGMA_MAX_N) {
      this.scheduler.reset();
      this.deferred = null;
      spectrumStore.setState({ ...NO_SYSTEM, status: 'tooLarge', n, sample, linearized });
      return;
    }
    // slice, not subarray: posting a view would copy the whole batch.
    const x = batch.x.data.slice(sample * batch.x.cols, (sample + 1) * batch.x.cols);
    const key = systemFingerprint(network, x);
    // Same network and input (an η step re-sent it): σ stands; η changes are followed by the subscription.
    if (key === this.scheduler.currentKey || key === this.deferred?.key) return;
    const request = { key, network, x, sample };
    if (n > SIGMA_AUTO_MAX_N) {
      this.scheduler.reset();
      this.deferred = request;
      spectrumStore.setState({ ...NO_SYSTEM, status: 'onRequest', key, n, sample, linearized });
      return;
    }
    this.deferred = null;
    this.requestSystem(request);
  }

  private requestSystem(request: SystemRequest): void {
    if (!this.scheduler.requestSystem(request.key, request.network, request.x, request.sample)) return;
    const { network, sample, key } = request;
    spectrumStore.setState({
      key,
      status: 'computing',
      n: network.width * (network.depth - 1),
      sample,
      linearized: network.act !== 'identity',
      exact: null,
      exactBusy: false,
      message: null,
      progress: null,
    });
  }

  private fail(message: string, shape: { n: number; sample: number; linearized: boolean }): void {
    this.scheduler.reset();
    this.deferred = null;
    spectrumStore.setState({ ...NO_SYSTEM, ...shape, status: 'error', message });
  }

  /** Asks for the eigenvalues of M after a quiet spell (immediately with delay 0). */
  private scheduleExact(delay = EXACT_DEBOUNCE_MS): void {
    const spectrum = spectrumStore.getState();
    if (spectrum.status === 'tooLarge' || spectrum.status === 'error') return;
    if (this.exactTimer !== null) clearTimeout(this.exactTimer);
    spectrumStore.setState({ exactBusy: true });
    this.exactTimer = setTimeout(() => {
      this.exactTimer = null;
      const s = store.getState();
      const etaH = liveEtaH(s);
      if (etaH !== null) this.scheduler.requestExact({ etaH, etaLambda: s.config.etaLambda });
      spectrumStore.setState({
        exactBusy: this.scheduler.exactOutstanding || this.scheduler.busy === 'system',
      });
    }, delay);
  }

  private receive(reply: TheoryEvent): void {
    if (reply.type === 'progress') {
      spectrumStore.setState({ progress: { stage: reply.stage, fraction: reply.fraction } });
      return;
    }
    if (reply.type === 'sigmas') {
      spectrumStore.setState({
        progress: null,
        sigmaDetail: reply.detail,
        status: 'ready',
        n: reply.n,
        linearized: reply.linearized,
        sigmas: reply.sigmas,
        sigmasKey: reply.key,
        sigmaMs: reply.ms,
      });
      // ρ(M) at every size: dense for small n, matrix-free above (the theory worker decides).
      this.scheduleExact(0);
    } else if (reply.type === 'exact') {
      const { type: _type, ...exact } = reply;
      spectrumStore.setState({
        progress: null,
        exact,
        exactBusy: this.scheduler.exactOutstanding || this.exactTimer !== null,
      });
    } else if (spectrumStore.getState().status === 'computing') {
      spectrumStore.setState({ status: 'error', message: reply.message, exactBusy: false, progress: null });
    } else {
      spectrumStore.setState({ message: `ρ(M): ${reply.message}`, exactBusy: false, progress: null });
    }
  }

  /** Says so, and asks the fresh worker (it starts on this request) for the current run's spectrum again. */
  private crashed(reason: string): void {
    this.scheduler.workerLost();
    spectrumStore.setState({
      status: 'error',
      exactBusy: false,
      message: `the theory worker stopped (${reason}); restarted`,
    });
    const { run } = store.getState();
    if (run) this.onRunInfo(run.info);
  }
}

export const spectrumClient = new SpectrumClient();
