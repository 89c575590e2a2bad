/** A batch of inputs and one-hot targets, as plain arrays. */
import type { Matrix } from './network';
import { createRng } from './prng';

export interface Batch {
  /** B×D inputs. */
  x: Matrix;
  /** B×C one-hot targets. */
  y: Matrix;
  /** Class index of each sample. */
  labels: number[];
}

export function oneHot(labels: readonly number[], classes: number): Matrix {
  const data = new Float32Array(labels.length * classes);
  labels.forEach((label, i) => {
    data[i * classes + label] = 1;
  });
  return { rows: labels.length, cols: classes, data };
}

/**
 * A learnable synthetic data set that needs no files: each class has a fixed random prototype image
 * (from `dataSeed`), a sample is 0.7·prototype + 0.3·uniform noise, pixel values in [0, 1] like MNIST.
 */
export function syntheticBatch(
  size: number,
  inputDim: number,
  classes: number,
  seed: number,
  dataSeed = 0,
): Batch {
  const protoRng = createRng(dataSeed, 'synthetic-prototypes');
  const prototypes = Array.from({ length: classes }, () =>
    Float32Array.from({ length: inputDim }, () => protoRng.uniform()),
  );
  const rng = createRng(seed, 'synthetic-samples');
  const labels = Array.from({ length: size }, () => rng.int(classes));
  const x = new Float32Array(size * inputDim);
  labels.forEach((label, i) => {
    const proto = prototypes[label];
    for (let j = 0; j < inputDim; j++) x[i * inputDim + j] = 0.7 * proto[j] + 0.3 * rng.uniform();
  });
  return { x: { rows: size, cols: inputDim, data: x }, y: oneHot(labels, classes), labels };
}
