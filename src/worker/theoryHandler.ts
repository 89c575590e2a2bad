/**
 * What the theory worker does with one message, without the worker around it (so Node tests can call
 * it): build and keep the linearised system, reply with σ(A) or with the exact eigenvalues of M.
 * Bad input becomes an error reply, never an exception.
 */
import type { Network } from '../core/network';
import { type FromTheory, SIGMA_MAX_N, type ToTheory } from '../core/theoryProtocol';
import {
  eigenvaluesOfM,
  INTERACTIVE_EIGEN_MAX_N,
  iterationMatrix,
  type LinearSystem,
  linearizedSystem,
  singularValuesOfA,
} from '../theory';

export interface TheoryReply {
  reply: FromTheory;
  transfer: Transferable[];
}

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

export class TheoryHandler {
  private system: { key: string; sys: LinearSystem } | null = null;

  handle(message: ToTheory): TheoryReply {
    const { requestId, key } = message;
    const fail = (text: string): TheoryReply => ({
      reply: { type: 'error', requestId, key, message: text },
      transfer: [],
    });
    try {
      if (message.type === 'system') {
        this.system = null;
        const problem = systemProblem(message.network, message.x);
        if (problem) return fail(problem);
        const start = performance.now();
        const sys = linearizedSystem(message.network, message.x);
        // The forward pass itself can overflow (e.g. huge standard-parameterised weights).
        if (!allFinite(sys.A.data) || !allFinite(sys.K.data))
          return fail('the linearised system is not finite');
        const sigmas = singularValuesOfA(sys);
        this.system = { key, sys };
        const ms = performance.now() - start;
        return {
          reply: { type: 'sigmas', requestId, key, n: sys.n, linearized: sys.linearized, sigmas, ms },
          transfer: [sigmas.buffer],
        };
      }
      if (this.system?.key !== key) return fail('no linearised system for this run (it was replaced)');
      const { sys } = this.system;
      if (sys.n > INTERACTIVE_EIGEN_MAX_N) {
        return fail(`n = ${sys.n} is above ${INTERACTIVE_EIGEN_MAX_N}: exact eigenvalues are not computed`);
      }
      const { etaH, etaLambda } = message;
      if (!(Number.isFinite(etaH) && etaH > 0 && Number.isFinite(etaLambda) && etaLambda >= 0)) {
        return fail(`unusable rates η_h = ${etaH}, η_λ = ${etaLambda}`);
      }
      const start = performance.now();
      const { re, im } = eigenvaluesOfM(iterationMatrix(sys, etaH, etaLambda));
      const ms = performance.now() - start;
      return {
        reply: { type: 'exact', requestId, key, etaH, etaLambda, re, im, ms },
        transfer: [re.buffer, im.buffer],
      };
    } catch (error) {
      return fail(error instanceof Error ? error.message : String(error));
    }
  }
}
