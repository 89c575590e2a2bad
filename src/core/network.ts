/**
 * The network as plain typed arrays (spec §1–2): the one description shared by the tensor engine,
 * the float64 theory module, the worker protocol and the run file.
 */
import { createRng } from './prng';

export type Architecture = 'residual' | 'chain';
export type Activation = 'identity' | 'tanh' | 'relu';
export type Parameterization = 'mupc' | 'standard';

export interface NetworkShape {
  arch: Architecture;
  act: Activation;
  param: Parameterization;
  /** D: input dimension. */
  inputDim: number;
  /** N: width of every hidden layer. */
  width: number;
  /** L: number of weight matrices (hidden layers h_1 … h_{L-1}). */
  depth: number;
  /** C: number of classes. */
  classes: number;
}

/** Row-major matrix; W_l is stored [out][in] as in the spec and the official code. */
export interface Matrix {
  rows: number;
  cols: number;
  data: Float32Array;
}

export interface Network extends NetworkShape {
  /** Layer pre-multipliers a_1 … a_L. */
  a: number[];
  /** W_1 (N×D), W_2 … W_{L-1} (N×N), W_L (C×N). */
  W: Matrix[];
}

export const MIN_DEPTH = 2;

/** a_l of spec §2. The standard parameterization puts its scale into the weights instead. */
export function layerConstants(shape: NetworkShape): number[] {
  const { inputDim: D, width: N, depth: L } = shape;
  if (shape.param === 'standard') return Array.from({ length: L }, () => 1);
  const interior = shape.arch === 'residual' ? 1 / Math.sqrt(N * L) : 1 / Math.sqrt(N);
  return Array.from({ length: L }, (_, i) => (i === 0 ? 1 / Math.sqrt(D) : i === L - 1 ? 1 / N : interior));
}

/** Shapes [rows, cols] of W_1 … W_L. */
export function weightShapes(shape: NetworkShape): Array<[number, number]> {
  const { inputDim: D, width: N, depth: L, classes: C } = shape;
  return Array.from({ length: L }, (_, i): [number, number] =>
    i === 0 ? [N, D] : i === L - 1 ? [C, N] : [N, N],
  );
}

/** Same seed, same network, in Node and in every browser. */
export function createNetwork(shape: NetworkShape, seed: number): Network {
  if (!(shape.depth >= MIN_DEPTH)) throw new Error(`depth must be at least ${MIN_DEPTH}`);
  const rng = createRng(seed, 'weights');
  const W = weightShapes(shape).map(([rows, cols]) => {
    // N(0, 1) under mean-field; N(0, 1/fan_in) under the standard parameterization.
    const scale = shape.param === 'standard' ? 1 / Math.sqrt(cols) : 1;
    const data = new Float32Array(rows * cols);
    for (let i = 0; i < data.length; i++) data[i] = rng.normal() * scale;
    return { rows, cols, data };
  });
  return { ...shape, a: layerConstants(shape), W };
}

export function shapeOf(net: Network): NetworkShape {
  const { arch, act, param, inputDim, width, depth, classes } = net;
  return { arch, act, param, inputDim, width, depth, classes };
}

/** Number of float32 values held by the weights, for memory estimates. */
export function parameterCount(shape: NetworkShape): number {
  return weightShapes(shape).reduce((sum, [r, c]) => sum + r * c, 0);
}
