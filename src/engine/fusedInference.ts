/**
 * The wasm fast path of `inferenceStep`: the activity step, the residuals, the output error and the
 * dual step of spec §4 as one kernel (kernels/fusedStep.ts) instead of ~40 stock kernels. Other
 * backends, and a wasm build without the internals the kernel needs, keep the stock path.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Activation } from '../core/network';
import type { InferenceState } from './inference';
import { FUSED_METRICS, type FusedMetricsAttrs, fusedMetrics } from './kernels/fusedMetrics';
import { FUSED_STEP, type FusedStepAttrs, fusedStep } from './kernels/fusedStep';
import type { MetricsPackAttrs } from './kernels/metricsPack';
import { nativeModule } from './kernels/nativeKernels';
import { stepPasses } from './kernels/stepPasses';
import { heapUsable, memoryOf } from './kernels/wasmHeap';
import { wasmKernelRegistration } from './kernels/wasmKernels';
import type { MetricsContext } from './metrics';
import type { BatchTensors, NetworkTensors } from './model';

let disabled = false;

export const registerFusedKernels = wasmKernelRegistration({
  [FUSED_STEP]: fusedStep,
  [FUSED_METRICS]: fusedMetrics,
});

/** Switches the fused path off (and back on), e.g. to compare it with the stock path. */
export function setFusedStep(enabled: boolean): void {
  disabled = !enabled;
}

/** True when the active backend is wasm with the internals and SIMD the fused kernel needs, for `act`. */
export function fusedStepUsable(act: Activation): boolean {
  if (disabled || act === 'tanh' || tf.getBackend() !== 'wasm') return false;
  const backend = tf.backend();
  if (!heapUsable(backend)) return false;
  const memory = memoryOf(backend);
  return memory !== null && stepPasses(memory) !== null;
}

export interface FusedState {
  H: tf.Tensor;
  R: tf.Tensor;
  e: tf.Tensor;
  Lambda: tf.Tensor | null;
  /** The §6 metrics of the new state, when the step made them (native kernels, metrics observer). */
  metrics?: tf.Tensor;
}

/**
 * Observers that are exactly "the §6 metrics of this context" (metrics.ts's `metricsObserver`): with
 * the native kernels the step itself then computes the metrics' sums while each layer is in cache.
 */
const metricsObservers = new WeakMap<object, MetricsContext>();

export function markMetricsObserver<F extends object>(observer: F, ctx: MetricsContext): F {
  metricsObservers.set(observer, ctx);
  return observer;
}

export function metricsObserverContext(observer: object | undefined): MetricsContext | undefined {
  return observer ? metricsObservers.get(observer) : undefined;
}

/**
 * One step through the fused kernel; the caller has checked `fusedStepUsable()`. With `metrics` (and
 * the native kernels) the step also leaves the §6 sums of the state it makes for `fusedMetricsTensor`.
 */
export function fusedInferenceStep(
  m: NetworkTensors,
  b: BatchTensors,
  projectedInput: tf.Tensor,
  s: { H: tf.Tensor; Lambda: tf.Tensor; R: tf.Tensor; e: tf.Tensor },
  rates: { etaH: number; etaLambda: number },
  dual: boolean,
  metrics?: MetricsContext,
): FusedState {
  registerFusedKernels();
  const attrs: FusedStepAttrs = {
    act: m.act,
    residual: m.residual,
    etaH: rates.etaH,
    etaLambda: rates.etaLambda,
    dual,
    aL: m.aL,
    aInterior: m.net.a.slice(1, m.net.depth - 1),
    metrics: metrics && nativeModule() ? packAttrs(metrics, s.H.shape) : undefined,
  };
  // Without interior layers the weight stacks are absent; any tensor stands in (it is never read).
  const Wint = m.Winterior ?? m.WL;
  const WintT = m.WinteriorT ?? m.WLT;
  const out = tf.engine().runKernel(
    FUSED_STEP,
    {
      H: s.H,
      Lambda: s.Lambda,
      R: s.R,
      e: s.e,
      P1: projectedInput,
      Y: b.Y,
      Wint,
      WintT,
      WL: m.WL,
      WLT: m.WLT,
      ...(attrs.metrics && metrics ? metricsInputs(metrics) : {}),
    },
    attrs as unknown as tf.NamedAttrMap,
  ) as unknown as tf.Tensor[];
  return {
    H: out[0],
    R: out[1],
    e: out[2],
    Lambda: dual ? out[3] : null,
    metrics: attrs.metrics ? out[out.length - 1] : undefined,
  };
}

/** Per metrics context: x xᵀ [B, B] and x G_1^BPᵀ [B, N], fixed for the batch (see fusedMetrics.ts). */
const batchGrams = new WeakMap<MetricsContext, { gram: tf.Tensor; xg: tf.Tensor }>();

function gramsOf(ctx: MetricsContext): { gram: tf.Tensor; xg: tf.Tensor } {
  let g = batchGrams.get(ctx);
  if (!g) {
    const X = ctx.batch.X;
    g = tf.tidy(() => ({
      gram: tf.keep(tf.matMul(X, X, false, true)),
      xg: tf.keep(tf.matMul(X, ctx.bp.grads.input, false, true)),
    }));
    batchGrams.set(ctx, g);
  }
  return g;
}

/** Frees what `fusedMetricsTensor` keeps for a context (called by disposeMetricsContext). */
export function releaseFusedMetrics(ctx: MetricsContext): void {
  const g = batchGrams.get(ctx);
  if (g) tf.dispose([g.gram, g.xg]);
  batchGrams.delete(ctx);
}

/** What the packing needs besides the sums: the a_l and the traced units' flat indices. */
function packAttrs(ctx: MetricsContext, shape: number[]): MetricsPackAttrs {
  const { model: m, probe } = ctx;
  const [, B, N] = shape;
  const base = probe ? ((probe.layer - 1) * B + probe.sample) * N : 0;
  return { a: m.net.a, probe: probe ? probe.units.map((u) => base + u) : [] };
}

/** The batch's BP quantities the §6 sums and their packing read, as kernel inputs. */
function metricsInputs(ctx: MetricsContext): Record<string, tf.Tensor> {
  const { bp } = ctx;
  const { gram, xg } = gramsOf(ctx);
  return {
    deltaNorms: ctx.deltaNorms,
    bpSquares: ctx.bpGradSquares,
    delta: bp.delta,
    // Without interior layers there is no interior gradient; any tensor stands in (never read).
    gInt: bp.grads.interior ?? bp.grads.input,
    gOut: bp.grads.readout,
    gram,
    xg,
  };
}

/** stepMetricsTensor through the fused kernel; the caller has checked `fusedStepUsable(act)`. */
export function fusedMetricsTensor(ctx: MetricsContext, s: InferenceState): tf.Tensor {
  registerFusedKernels();
  const attrs: FusedMetricsAttrs = { act: ctx.model.act, ...packAttrs(ctx, s.H.shape) };
  return tf
    .engine()
    .runKernel(
      FUSED_METRICS,
      { H: s.H, Lambda: s.Lambda, R: s.R, e: s.e, ...metricsInputs(ctx) },
      attrs as unknown as tf.NamedAttrMap,
    ) as tf.Tensor;
}
