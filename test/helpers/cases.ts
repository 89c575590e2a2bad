/** Small networks and batches shared by the engine tests, and float64 spectra of their Hessians. */
import { EigenvalueDecomposition, Matrix as MlMatrix } from 'ml-matrix';
import { type Batch, syntheticBatch } from '../../src/core/batch';
import {
  type Activation,
  type Architecture,
  createNetwork,
  type Network,
  type Parameterization,
} from '../../src/core/network';
import { activityHessian, type DenseMatrix, linearizedSystem } from '../../src/theory';

export const D = 6;
export const N = 4;
export const C = 3;

export interface CaseSpec {
  arch: Architecture;
  act: Activation;
  param?: Parameterization;
  depth: number;
  width?: number;
  batch?: number;
  seed?: number;
}

export function smallCase(spec: CaseSpec): { net: Network; batch: Batch } {
  const { arch, act, param = 'mupc', depth, width = N, batch = 3, seed = 1 } = spec;
  const net = createNetwork({ arch, act, param, inputDim: D, width, depth, classes: C }, seed);
  return { net, batch: syntheticBatch(batch, D, C, seed + 1000) };
}

/** Row b of a batch's inputs. */
export function inputRow(batch: Batch, b: number): Float32Array {
  return batch.x.data.subarray(b * batch.x.cols, (b + 1) * batch.x.cols);
}

/** The one-sample batch holding sample b. */
export function sampleBatch(batch: Batch, b: number): Batch {
  const row = (m: Batch['x']) => ({
    rows: 1,
    cols: m.cols,
    data: m.data.slice(b * m.cols, (b + 1) * m.cols),
  });
  return { x: row(batch.x), y: row(batch.y), labels: [batch.labels[b]] };
}

export function symmetricEigenvalues(m: DenseMatrix): number[] {
  const rows = Array.from({ length: m.rows }, (_, i) =>
    Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)),
  );
  return new EigenvalueDecomposition(new MlMatrix(rows), { assumeSymmetric: true }).realEigenvalues;
}

/** λ_max of the Gauss–Newton activity Hessian AᵀA + KᵀK (spec §7) of sample b, float64 theory. */
export function gaussNewtonLambdaMax(net: Network, batch: Batch, b: number): number {
  return Math.max(...symmetricEigenvalues(activityHessian(linearizedSystem(net, inputRow(batch, b)))));
}

/** The largest of the batch's per-sample λ_max: η_h = 1/that is the conditioning step of spec §9. */
export function batchLambdaMax(net: Network, batch: Batch): number {
  return Math.max(...Array.from({ length: batch.x.rows }, (_, b) => gaussNewtonLambdaMax(net, batch, b)));
}
