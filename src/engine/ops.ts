/**
 * The two tensor operations whose best kernel depends on the backend: a product of layer stacks and
 * a contiguous range of layers. Everything else in the engine is stock tfjs. With Node's native
 * kernels on (kernels/nativeKernels.ts), every product is theirs.
 */
import * as tf from '@tensorflow/tfjs-core';
import { NATIVE_PRODUCT, nativeModule, nativeProduct } from './kernels/nativeKernels';
import {
  LEADING_SLICE,
  registerWasmKernels,
  STACKED_MATMUL,
  wasmKernelRegistration,
  wasmKernelsUsable,
} from './kernels/wasmKernels';

registerWasmKernels();
const registerNativeProduct = wasmKernelRegistration({ [NATIVE_PRODUCT]: nativeProduct });

/** A·B without transposes: [M, K]·[K, P], or per layer [S, M, K]·[S, K, P]. */
export function product(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  if (nativeModule() && a.dtype === 'float32' && b.dtype === 'float32' && tf.getBackend() === 'wasm') {
    registerNativeProduct();
    return tf.engine().runKernel(NATIVE_PRODUCT, { a, b }, {}) as tf.Tensor;
  }
  if (a.rank === 3 && b.rank === 3 && wasmKernelsUsable()) {
    return tf.engine().runKernel(STACKED_MATMUL, { a, b }, {}) as tf.Tensor;
  }
  return tf.matMul(a, b);
}

/** Layers start … start+count−1 of a stack [S, …]: contiguous along the leading axis. */
export function layerRange(x: tf.Tensor, start: number, count: number): tf.Tensor {
  if (wasmKernelsUsable()) {
    return tf
      .engine()
      .runKernel(LEADING_SLICE, { x }, { start, count } as unknown as tf.NamedAttrMap) as tf.Tensor;
  }
  return tf.slice(x, [start, ...x.shape.slice(1).map(() => 0)], [count, ...x.shape.slice(1)]);
}

/** tf.tidy for a function returning a plain object of tensors (tf.tidy's types only accept its own containers). */
export function tidyObject<T extends object>(fn: () => T): T {
  return tf.tidy(fn as unknown as () => tf.TensorContainer) as unknown as T;
}
