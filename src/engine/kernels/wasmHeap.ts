/**
 * Direct access to tfjs-backend-wasm's heap for the fused kernels: float views of tensors, persistent
 * scratch buffers, and XNNPACK products called through the module's raw `_BatchMatMul` export with
 * pointers to shapes kept in the heap (no per-call argument marshalling). Relies on the internals of
 * tfjs-backend-wasm 4.22 (pinned) and is feature-checked by `heapUsable`.
 */
import type * as tf from '@tensorflow/tfjs-core';

export interface HeapBackend {
  wasm: {
    HEAPU8: Uint8Array;
    /** The module's memory: exported by the single-threaded build, imported (shared) by the threaded one. */
    asm?: { memory?: WebAssembly.Memory };
    wasmMemory?: WebAssembly.Memory;
    _malloc(bytes: number): number;
    _free(pointer: number): void;
    _BatchMatMul(...args: number[]): void;
    tfjs: {
      registerTensor: (id: number, size: number, offset: number) => void;
      disposeData: (id: number) => void;
    };
  };
  dataIdNextNumber: number;
  dataIdMap: { get(dataId: object): { memoryOffset: number } | undefined; has(dataId: object): boolean };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
}

export function heapUsable(backend: unknown): backend is HeapBackend {
  const b = backend as Partial<HeapBackend> | null;
  return (
    !!b?.wasm &&
    typeof b.wasm._malloc === 'function' &&
    typeof b.wasm._free === 'function' &&
    typeof b.wasm._BatchMatMul === 'function' &&
    typeof b.wasm.tfjs?.registerTensor === 'function' &&
    typeof b.dataIdNextNumber === 'number' &&
    typeof b.makeOutput === 'function' &&
    typeof b.dataIdMap?.get === 'function' &&
    typeof b.dataIdMap?.has === 'function'
  );
}

export function memoryOf(backend: HeapBackend): WebAssembly.Memory | null {
  const m = backend.wasm.wasmMemory ?? backend.wasm.asm?.memory;
  return m instanceof WebAssembly.Memory ? m : null;
}

export function offsetOf(backend: HeapBackend, t: tf.TensorInfo): number {
  return backend.dataIdMap.get(t.dataId)!.memoryOffset;
}

/** A float32 view of the whole heap; take it after the last allocation of a kernel call (growth moves it). */
export function heapF32(backend: HeapBackend): Float32Array {
  // The memory's own buffer: a view kept by the module can be shorter once a shared memory has grown.
  const buffer = memoryOf(backend)?.buffer ?? backend.wasm.HEAPU8.buffer;
  return new Float32Array(buffer, 0, buffer.byteLength >> 2);
}

export function registerView(backend: HeapBackend, offset: number, floats: number): number {
  const id = backend.dataIdNextNumber++;
  backend.wasm.tfjs.registerTensor(id, floats, offset);
  return id;
}

interface HeapState {
  /** Int32 shapes [1, rows, cols] kept in the heap, one per distinct shape, for `_BatchMatMul`. */
  shapes: Map<string, number>;
  scratches: Map<string, Scratch & { layers: number; perLayer: number }>;
  constants: Map<object, { offset: number; shape: string; ids: number[] }>;
}

/** Pointers and ids are only valid for the module instance that made them: one state per backend. */
const states = new WeakMap<object, HeapState>();

function stateOf(backend: HeapBackend): HeapState {
  let s = states.get(backend);
  if (!s) {
    s = { shapes: new Map(), scratches: new Map(), constants: new Map() };
    states.set(backend, s);
  }
  return s;
}

/** A constant int32 array in the heap (shapes, permutations), allocated once per content. */
export function intArray(backend: HeapBackend, values: number[]): number {
  const key = values.join(',');
  const pointers = stateOf(backend).shapes;
  let p = pointers.get(key);
  if (p === undefined) {
    p = backend.wasm._malloc(4 * values.length);
    new Int32Array(memoryOf(backend)?.buffer ?? backend.wasm.HEAPU8.buffer, p, values.length).set(values);
    pointers.set(key, p);
  }
  return p;
}

export function shapePointer(backend: HeapBackend, rows: number, cols: number): number {
  return intArray(backend, [1, rows, cols]);
}

/**
 * out[M, P] = a[M, K] · b[K, P] on XNNPACK. tfjs caches XNNPACK's packed copy of b under b's id, so
 * b must be an id whose contents never change (weights).
 */
export function xnnProduct(
  backend: HeapBackend,
  aId: number,
  M: number,
  K: number,
  bId: number,
  P: number,
  outId: number,
): void {
  backend.wasm._BatchMatMul(
    aId,
    shapePointer(backend, M, K),
    3,
    bId,
    shapePointer(backend, K, P),
    3,
    0,
    0,
    outId,
  );
}

/** A heap buffer that lives as long as the page, with one registered view per layer. */
export interface Scratch {
  offset: number;
  floats: number;
  /** View ids of layers 0 … layers−1, each `perLayer` floats. */
  layerIds: number[];
}

/**
 * Scratch space for one purpose, reused across steps, so its layer views (used only as left operands
 * and outputs of products, never as cached weights) are registered once. A new shape replaces it.
 */
export function scratch(backend: HeapBackend, name: string, layers: number, perLayer: number): Scratch {
  const scratches = stateOf(backend).scratches;
  const s = scratches.get(name);
  if (s && s.layers === layers && s.perLayer === perLayer) return s;
  if (s) {
    for (const id of s.layerIds) backend.wasm.tfjs.disposeData(id);
    backend.wasm._free(s.offset);
  }
  const offset = backend.wasm._malloc(4 * Math.max(1, layers * perLayer));
  const layerIds = Array.from({ length: layers }, (_, l) =>
    registerView(backend, offset + 4 * l * perLayer, perLayer),
  );
  const created = { offset, floats: layers * perLayer, layerIds, layers, perLayer };
  scratches.set(name, created);
  return created;
}

/**
 * Per-layer views of a constant operand (weights, the batch), registered once per tensor buffer and
 * shape, so XNNPACK packs each layer's weights once. Views are dropped when the buffer is reused.
 */
export function constantLayerIds(
  backend: HeapBackend,
  t: tf.TensorInfo,
  layers: number,
  perLayer: number,
): number[] {
  const constantViews = stateOf(backend).constants;
  const offset = offsetOf(backend, t);
  const shape = `${layers}×${perLayer}:${t.shape.join('×')}`;
  const cached = constantViews.get(t.dataId);
  if (cached && cached.offset === offset && cached.shape === shape) return cached.ids;
  if (cached) for (const id of cached.ids) backend.wasm.tfjs.disposeData(id);
  const ids = Array.from({ length: layers }, (_, l) =>
    registerView(backend, offset + 4 * l * perLayer, perLayer),
  );
  constantViews.set(t.dataId, { offset, shape, ids });
  return ids;
}

/** Drops the views of constant tensors that tfjs has freed (their ids would pin stale packed weights). */
export function releaseFreedConstants(backend: HeapBackend): void {
  const constantViews = stateOf(backend).constants;
  for (const [dataId, entry] of constantViews) {
    const record = backend.dataIdMap.has(dataId) ? backend.dataIdMap.get(dataId) : undefined;
    if (!record || record.memoryOffset !== entry.offset) {
      for (const id of entry.ids) backend.wasm.tfjs.disposeData(id);
      constantViews.delete(dataId);
    }
  }
}
