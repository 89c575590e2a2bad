/**
 * The Node engine's native path (issue 13): a compiled module (native/pcalm_native.cc, built by
 * `npm install` where a C++ compiler is present) that does the fused step and the §6 metrics' heavy
 * sums in place on tfjs-wasm's heap, with register-tiled products and a thread per core. The engine
 * only knows this interface; the CLI (src/cli/native.ts) and the tests load the module and hand it
 * over. The browser never has one, so its path stays the wasm kernels.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { type HeapBackend, memoryOf, offsetOf } from './wasmHeap';

export interface NativeModule {
  /**
   * The fused step (kernels/fusedStep.ts) on the heap; `fields` in the order of `stepFields`, then
   * a_2 … a_{L-1}. With the field withMetrics ≠ 0, returns the §6 sums of the new state (as `metricsSums`).
   */
  /** With `withMetrics`, the §6 sums, in `sums` when it has their length, else in a new array. */
  step(heap: ArrayBuffer | Uint8Array, fields: Float64Array, sums?: Float64Array): Float64Array | undefined;
  /**
   * Per hidden layer Σr², Σλ², Σε², Σε·δ, Σλ·r; per weight matrix ⟨raw_l, G_l^BP⟩, ‖raw_l‖² with
   * raw_l = ε_lᵀ φ(h_{l-1}) unscaled; then Σe². `fields` in the order of `metricsFields`.
   */
  metricsSums(heap: ArrayBuffer | Uint8Array, fields: Float64Array): Float64Array;
  /** out[s] = a[s]·b[s] for S stacked [M, K]·[K, P] products; `fields` in the order of `productFields`. */
  product(heap: ArrayBuffer | Uint8Array, fields: Float64Array): void;
  setThreads(n: number): void;
  threads(): number;
  readonly stepFields: readonly string[];
  readonly metricsFields: readonly string[];
  readonly productFields: readonly string[];
  /** What does the products, in words ("register tiles"). */
  readonly products: string;
}

let active: NativeModule | null = null;

/** Hands the engine a native module (null: back to the wasm kernels). */
export function setNativeModule(module: NativeModule | null): void {
  active = module;
}

export function nativeModule(): NativeModule | null {
  return active;
}

const fieldIndexes = new WeakMap<readonly string[], Map<string, number>>();

/**
 * A call's fields in the module's order (`names`), then `extra` values: `set` what the engine has by
 * name, then `done()` checks that every field the module asks for was set.
 */
export function fieldWriter(names: readonly string[], extra: readonly number[] = []) {
  let index = fieldIndexes.get(names);
  if (!index) {
    index = new Map(names.map((name, i) => [name, i]));
    fieldIndexes.set(names, index);
  }
  const fields = new Float64Array(names.length + extra.length).fill(Number.NaN);
  fields.set(extra, names.length);
  const lookup = index;
  return {
    set(name: string, value: number): void {
      const i = lookup.get(name);
      if (i !== undefined) fields[i] = value;
    },
    done(): Float64Array {
      for (let i = 0; i < names.length; i++) {
        if (Number.isNaN(fields[i])) {
          throw new Error(`native module asks for "${names[i]}", which the engine does not provide`);
        }
      }
      return fields;
    },
  };
}

/** The heap as the module reads it: the buffer itself, or a byte view where it is shared. */
export function heapBytes(memory: WebAssembly.Memory): ArrayBuffer | Uint8Array {
  const buffer = memory.buffer;
  return buffer instanceof ArrayBuffer ? buffer : new Uint8Array(buffer);
}

export const NATIVE_PRODUCT = 'PcalmNativeProduct';

/**
 * Every product of engine/ops.ts while the native module is on: [M, K]·[K, P] or per layer
 * [S, M, K]·[S, K, P]. One routine for the forward pass, the stock path and the fused step keeps
 * residuals that are exactly 0 on the wasm kernels exactly 0 here (their cosines would be noise).
 */
export function nativeProduct(args: { inputs: tf.NamedTensorInfoMap; backend: unknown }): tf.TensorInfo {
  const be = args.backend as HeapBackend;
  const module = active!;
  const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  const stacked = a.shape.length === 3;
  const [S, M, K] = stacked ? a.shape : [1, ...a.shape];
  const P = b.shape[b.shape.length - 1];
  if (b.shape[b.shape.length - 2] !== K || (stacked && b.shape[0] !== S)) {
    throw new Error(`${NATIVE_PRODUCT}: shapes [${a.shape}] and [${b.shape}] do not multiply`);
  }
  const out = be.makeOutput(stacked ? [S, M, P] : [M, P], 'float32');
  const fields = fieldWriter(module.productFields);
  fields.set('S', S);
  fields.set('M', M);
  fields.set('K', K);
  fields.set('P', P);
  fields.set('a', offsetOf(be, a));
  fields.set('b', offsetOf(be, b));
  fields.set('out', offsetOf(be, out));
  module.product(heapBytes(memoryOf(be)!), fields.done());
  return out;
}
