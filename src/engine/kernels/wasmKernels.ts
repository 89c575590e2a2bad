/**
 * Two kernels for the wasm backend that keep the layer-stacked step fast on CPUs.
 *
 * tfjs-backend-wasm sends a batched [S, M, K]·[S, K, P] product to a scalar triple loop and only
 * single 2-D products to XNNPACK, which is ~10× faster; its Slice kernel copies the whole input
 * before copying the slice. `PcalmStackedMatMul` runs one XNNPACK product per layer on views of the
 * stacked buffers (one kernel for tfjs, whatever the depth); `PcalmLeadingSlice` copies a contiguous
 * range of layers once. Both rely on the internals of tfjs-backend-wasm 4.22 (pinned in package.json)
 * and are feature-checked: without those internals, ops.ts uses the stock kernels.
 */
import * as tf from '@tensorflow/tfjs-core';

export const STACKED_MATMUL = 'PcalmStackedMatMul';
export const LEADING_SLICE = 'PcalmLeadingSlice';

interface TensorRecord {
  id: number;
  memoryOffset: number;
}

/** The parts of tfjs-backend-wasm's BackendWasm that these kernels use. */
interface WasmBackendInternals {
  wasm: {
    HEAPU8: Uint8Array;
    cwrap: (name: string, ret: null, args: string[]) => (...args: unknown[]) => void;
    tfjs: {
      registerTensor: (id: number, size: number, offset: number) => void;
      disposeData: (id: number) => void;
    };
  };
  dataIdNextNumber: number;
  dataIdMap: { get(dataId: object): TensorRecord | undefined; has(dataId: object): boolean };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
}

function hasInternals(backend: unknown): backend is WasmBackendInternals {
  const b = backend as Partial<WasmBackendInternals> | null;
  return (
    !!b?.wasm &&
    typeof b.wasm.cwrap === 'function' &&
    typeof b.wasm.tfjs?.registerTensor === 'function' &&
    typeof b.wasm.tfjs?.disposeData === 'function' &&
    typeof b.dataIdNextNumber === 'number' &&
    typeof b.makeOutput === 'function'
  );
}

let wasmBatchMatMul: ((...args: unknown[]) => void) | null = null;
/** Argument types of the module's exported BatchMatMul (a id, a shape, rank, b id, b shape, rank, tA, tB, out id). */
const BATCH_MATMUL_ARGS = [
  'number',
  'array',
  'number',
  'number',
  'array',
  'number',
  'number',
  'number',
  'number',
];

/**
 * Per-layer views of a stacked right-hand operand. XNNPACK caches its packed copy of the weights by
 * tensor id, so constant weights stay packed across steps; views die with their tensor.
 */
const rightViews = new Map<object, { offset: number; shape: string; ids: number[] }>();

function registerView(backend: WasmBackendInternals, offset: number, size: number): number {
  const id = backend.dataIdNextNumber++;
  backend.wasm.tfjs.registerTensor(id, size, offset);
  return id;
}

function releaseStaleViews(backend: WasmBackendInternals): void {
  for (const [dataId, entry] of rightViews) {
    const record = backend.dataIdMap.has(dataId) ? backend.dataIdMap.get(dataId) : undefined;
    if (!record || record.memoryOffset !== entry.offset) {
      for (const id of entry.ids) backend.wasm.tfjs.disposeData(id);
      rightViews.delete(dataId);
    }
  }
}

function viewsOf(backend: WasmBackendInternals, t: tf.TensorInfo): number[] {
  const [layers, rows, cols] = t.shape;
  const size = rows * cols;
  const shape = t.shape.join('×');
  const offset = backend.dataIdMap.get(t.dataId)!.memoryOffset;
  const cached = rightViews.get(t.dataId);
  // A reshaped tensor shares its buffer (and dataId) with another shape, and XNNPACK's packed weights
  // are cached per view id with their shape: a view is reused only for the very same shape.
  if (cached && cached.offset === offset && cached.shape === shape) return cached.ids;
  if (cached) for (const id of cached.ids) backend.wasm.tfjs.disposeData(id);
  const ids = Array.from({ length: layers }, (_, s) => registerView(backend, offset + 4 * s * size, size));
  rightViews.set(t.dataId, { offset, shape, ids });
  return ids;
}

const shapeBytes = (shape: number[]) => new Uint8Array(new Int32Array(shape).buffer);

function stackedMatMul(args: { inputs: tf.NamedTensorInfoMap; backend: unknown }): tf.TensorInfo {
  const backend = args.backend as WasmBackendInternals;
  const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  const [S, M, K] = a.shape;
  const P = b.shape[2];
  if (b.shape[0] !== S || b.shape[1] !== K || a.dtype !== 'float32' || b.dtype !== 'float32') {
    throw new Error(`${STACKED_MATMUL}: shapes [${a.shape}] and [${b.shape}] do not stack`);
  }
  wasmBatchMatMul ??= backend.wasm.cwrap('BatchMatMul', null, BATCH_MATMUL_ARGS);
  releaseStaleViews(backend);
  const out = backend.makeOutput([S, M, P], 'float32');
  const aOffset = backend.dataIdMap.get(a.dataId)!.memoryOffset;
  const outOffset = backend.dataIdMap.get(out.dataId)!.memoryOffset;
  const bIds = viewsOf(backend, b);
  const aShape = shapeBytes([1, M, K]);
  const bShape = shapeBytes([1, K, P]);
  for (let s = 0; s < S; s++) {
    const aId = registerView(backend, aOffset + 4 * s * M * K, M * K);
    const outId = registerView(backend, outOffset + 4 * s * M * P, M * P);
    wasmBatchMatMul!(aId, aShape, 3, bIds[s], bShape, 3, false, false, outId);
    backend.wasm.tfjs.disposeData(aId);
    backend.wasm.tfjs.disposeData(outId);
  }
  return out;
}

function leadingSlice(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
}): tf.TensorInfo {
  const backend = args.backend as WasmBackendInternals;
  const { x } = args.inputs as { x: tf.TensorInfo };
  const { start, count } = args.attrs as { start: number; count: number };
  const rowBytes = (4 * x.shape.slice(1).reduce((p, d) => p * d, 1)) as number;
  const out = backend.makeOutput([count, ...x.shape.slice(1)], x.dtype);
  const from = backend.dataIdMap.get(x.dataId)!.memoryOffset + start * rowBytes;
  const to = backend.dataIdMap.get(out.dataId)!.memoryOffset;
  backend.wasm.HEAPU8.copyWithin(to, from, from + count * rowBytes);
  return out;
}

/**
 * A function that registers `kernels` (name → kernel function) for the wasm backend on its first call
 * and does nothing after; harmless where wasm is never used. The kernel functions read their own
 * attrs and internals, which tf.KernelFunc's signature does not describe, hence the cast.
 */
export function wasmKernelRegistration(kernels: Record<string, (...args: never) => unknown>): () => void {
  let registered = false;
  return () => {
    if (registered) return;
    registered = true;
    for (const [kernelName, kernelFunc] of Object.entries(kernels)) {
      tf.registerKernel({
        kernelName,
        backendName: 'wasm',
        kernelFunc: kernelFunc as unknown as tf.KernelFunc,
      });
    }
  };
}

/** Registers both kernels for the wasm backend once. */
export const registerWasmKernels = wasmKernelRegistration({
  [STACKED_MATMUL]: stackedMatMul,
  [LEADING_SLICE]: leadingSlice,
});

/** True when the active backend is wasm with the internals these kernels need. */
export function wasmKernelsUsable(): boolean {
  if (tf.getBackend() !== 'wasm') return false;
  const backend = tf.backend();
  return hasInternals(backend) && typeof backend.dataIdMap?.get === 'function';
}
