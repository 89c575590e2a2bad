/**
 * What the theory worker does with one message, without the worker around it (so Node tests can call
 * it): build and keep the linearised system, reply with σ(A) or with the eigenvalues of M. Small
 * systems (n ≤ DENSE_MAX_N) are decomposed densely and exactly; larger ones by the matrix-free path
 * (src/theory/matrixFree.ts), which forms nothing n×n. Bad input becomes an error reply, never an
 * exception.
 */
import type { Network } from '../core/network';
import {
  DENSE_MAX_N,
  type FromTheory,
  SIGMA_MAX_N,
  type SigmaDetail,
  type TheoryProgressReply,
  type ToTheory,
} from '../core/theoryProtocol';
import {
  eigenvaluesOfM,
  iterationMatrix,
  type LinearSystem,
  linearizedSystem,
  singularValuesOfA,
  spectralRadius,
} from '../theory';
import {
  histogramOfSigmas,
  representativeSigmas,
  sigmaSettingsFor,
  sigmaSpectrum,
  stepSettingsFor,
  stepSpectrum,
} from '../theory/matrixFree';
import { type SystemOperators, systemOperators } from '../theory/operators';

export interface TheoryReply {
  reply: FromTheory;
  transfer: Transferable[];
}

/** Receives progress replies while a long request runs. */
export type ProgressSink = (progress: TheoryProgressReply) => void;

/** Histogram bins of the σ density (both paths). */
export const DENSITY_BINS = 96;

/** Representative σ drawn by the closed form when they are not all known (matrix-free path). */
export const REPRESENTATIVE_SIGMAS = 1024;

function allFinite(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return false;
  return true;
}

/** Why this network and input cannot be linearised here, or null. */
export function systemProblem(network: Network, x: ArrayLike<number>): string | null {
  const { width, depth, inputDim } = network;
  if (!(Number.isInteger(width) && width >= 1 && Number.isInteger(depth) && depth >= 2)) {
    return `unusable network shape (width ${width}, depth ${depth})`;
  }
  const n = width * (depth - 1);
  if (n > SIGMA_MAX_N) return `n = N(L−1) = ${n} is above the limit of ${SIGMA_MAX_N} for the spectrum`;
  if (network.W.length !== depth || network.a.length !== depth)
    return 'the network has the wrong number of layers';
  if (x.length !== inputDim) return `the probe sample has ${x.length} values, expected ${inputDim}`;
  if (!allFinite(x)) return 'the probe sample has non-finite values';
  if (
    !allFinite(network.a) ||
    network.W.some((w) => w.data.length !== w.rows * w.cols || !allFinite(w.data))
  ) {
    return 'the network has non-finite or misshapen weights';
  }
  return null;
}

type Held =
  | { key: string; kind: 'dense'; sys: LinearSystem }
  | { key: string; kind: 'matrixFree'; ops: SystemOperators; sigmaMax: number };

export class TheoryHandler {
  private system: Held | null = null;

  handle(message: ToTheory, onProgress?: ProgressSink): TheoryReply {
    const { key } = message;
    const fail = (text: string): TheoryReply => ({
      reply: { type: 'error', key, message: text },
      transfer: [],
    });
    const progress = (stage: TheoryProgressReply['stage']) => (fraction: number) =>
      onProgress?.({ type: 'progress', key, stage, fraction });
    try {
      if (message.type === 'system') {
        this.system = null;
        const problem = systemProblem(message.network, message.x);
        if (problem) return fail(problem);
        const start = performance.now();
        const n = message.network.width * (message.network.depth - 1);
        const result = n <= DENSE_MAX_N ? this.dense(message) : this.matrixFree(message, progress('sigma'));
        if (typeof result === 'string') return fail(result);
        const { sigmas, detail, linearized } = result;
        this.system = result.held;
        const ms = performance.now() - start;
        return {
          reply: { type: 'sigmas', key, n, linearized, sigmas, detail, ms },
          transfer: [sigmas.buffer, detail.edges.buffer, detail.mass.buffer],
        };
      }
      if (this.system?.key !== key) return fail('no linearised system for this run (it was replaced)');
      const { etaH, etaLambda } = message;
      if (!(Number.isFinite(etaH) && etaH > 0 && Number.isFinite(etaLambda) && etaLambda >= 0)) {
        return fail(`unusable rates η_h = ${etaH}, η_λ = ${etaLambda}`);
      }
      const start = performance.now();
      const held = this.system;
      let answer: {
        re: Float64Array;
        im: Float64Array;
        rho: number;
        complete: boolean;
        converged: boolean;
        residual: number;
      };
      if (held.kind === 'dense') {
        const { re, im } = eigenvaluesOfM(iterationMatrix(held.sys, etaH, etaLambda));
        answer = { re, im, rho: spectralRadius(re, im), complete: true, converged: true, residual: 0 };
      } else {
        const settings = {
          ...stepSettingsFor(held.ops.n),
          sigmaMax: held.sigmaMax,
          onProgress: progress('rho'),
        };
        const spectrum = stepSpectrum(held.ops, etaH, etaLambda, settings);
        if (!Number.isFinite(spectrum.rho)) return fail('ρ(M) did not come out finite');
        answer = { ...spectrum, complete: false };
      }
      const ms = performance.now() - start;
      const { re, im, rho, complete, converged, residual } = answer;
      return {
        reply: {
          type: 'exact',
          key,
          etaH,
          etaLambda,
          re,
          im,
          ms,
          rho,
          complete,
          converged,
          residual,
        },
        transfer: [re.buffer, im.buffer],
      };
    } catch (error) {
      return fail(error instanceof Error ? error.message : String(error));
    }
  }

  private dense(message: Extract<ToTheory, { type: 'system' }>) {
    const sys = linearizedSystem(message.network, message.x);
    // The forward pass itself can overflow (e.g. huge standard-parameterised weights).
    if (!allFinite(sys.A.data) || !allFinite(sys.K.data)) return 'the linearised system is not finite';
    const sigmas = singularValuesOfA(sys);
    const { edges, mass } = histogramOfSigmas(sigmas, DENSITY_BINS);
    const detail: SigmaDetail = {
      method: 'dense',
      sigmaMax: sigmas[0],
      sigmaMin: sigmas[sigmas.length - 1],
      residualMin: 0,
      residualMax: 0,
      edges,
      mass,
    };
    const held: Held = { key: message.key, kind: 'dense', sys };
    return { sigmas, detail, linearized: sys.linearized, held };
  }

  private matrixFree(message: Extract<ToTheory, { type: 'system' }>, onProgress: (f: number) => void) {
    const ops = systemOperators(message.network, message.x);
    if (!allFinite(ops.yHat)) return 'the linearised system is not finite';
    const spectrum = sigmaSpectrum(ops, { ...sigmaSettingsFor(ops.n), bins: DENSITY_BINS, onProgress });
    const { sigmaMin, sigmaMax, residualMin, residualMax, density } = spectrum;
    if (!(Number.isFinite(sigmaMin) && Number.isFinite(sigmaMax) && sigmaMin > 0)) {
      return 'the singular values of A did not come out finite (the network overflows)';
    }
    const sigmas = representativeSigmas(density, Math.min(ops.n, REPRESENTATIVE_SIGMAS), spectrum);
    const detail: SigmaDetail = {
      method: 'matrixFree',
      sigmaMin,
      sigmaMax,
      residualMin,
      residualMax,
      edges: density.edges,
      mass: density.mass,
    };
    const held: Held = { key: message.key, kind: 'matrixFree', ops, sigmaMax };
    return { sigmas, detail, linearized: ops.linearized, held };
  }
}
