/**
 * Chooses and starts a tfjs backend, and says which one and why. "auto" keeps only backends that run
 * on real hardware (a software GPU adapter such as SwiftShader is slower than wasm), then times a short
 * inference on each and keeps the fastest. Every fallback is reported, never silent.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  BACKEND_NAMES,
  type BackendAttempt,
  type BackendChoice,
  type BackendName,
  type BackendReport,
} from '../core/backends';
import { syntheticBatch } from '../core/batch';
import { createNetwork } from '../core/network';
import { InferenceStepper } from './inference';
import { batchTensors, disposeAll, networkTensors } from './model';

export { BACKEND_NAMES, type BackendAttempt, type BackendChoice, type BackendName, type BackendReport };

import type { WasmThreads } from './wasmThreads';

export interface BackendOptions {
  /** Where tfjs-backend-wasm finds its .wasm files (a directory prefix or a file map). */
  wasmPaths?: string | Record<string, string>;
  /** Skip the timing run of "auto" (tests). */
  calibrate?: boolean;
  /**
   * tfjs-wasm's threaded build. Default: in a browser, on when the page is cross-origin isolated
   * (SharedArrayBuffer needs it); in Node, off unless given (the CLI gives src/cli/wasmThreads.ts).
   */
  threads?: WasmThreads;
}

type Probe = { usable: boolean; software: boolean; detail: string };

const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render/i;

async function probeWebGpu(): Promise<Probe> {
  const gpu = (globalThis.navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } })?.gpu;
  if (!gpu)
    return { usable: false, software: false, detail: 'this environment has no WebGPU (navigator.gpu)' };
  try {
    const adapter = (await gpu.requestAdapter()) as {
      info?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean };
      isFallbackAdapter?: boolean;
    } | null;
    if (!adapter) return { usable: false, software: false, detail: 'no WebGPU adapter was offered' };
    const info = adapter.info ?? {};
    const name =
      [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') || 'unknown adapter';
    const software = !!(adapter.isFallbackAdapter || info.isFallbackAdapter || SOFTWARE_RENDERER.test(name));
    return { usable: true, software, detail: software ? `software adapter (${name})` : name };
  } catch (error) {
    return { usable: false, software: false, detail: `requesting an adapter failed: ${String(error)}` };
  }
}

function probeWebGl(): Probe {
  try {
    const canvas =
      typeof OffscreenCanvas !== 'undefined'
        ? new OffscreenCanvas(1, 1)
        : typeof document !== 'undefined'
          ? document.createElement('canvas')
          : null;
    const gl = canvas?.getContext('webgl2') as WebGL2RenderingContext | null | undefined;
    if (!gl) return { usable: false, software: false, detail: 'this environment has no WebGL2 context' };
    const debug = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(
      debug ? gl.getParameter(debug.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER),
    );
    const software = SOFTWARE_RENDERER.test(renderer);
    return { usable: true, software, detail: software ? `software renderer (${renderer})` : renderer };
  } catch (error) {
    return { usable: false, software: false, detail: `creating a WebGL2 context failed: ${String(error)}` };
  }
}

const registered = new Set<BackendName>();
let wasmModule: typeof import('@tensorflow/tfjs-backend-wasm') | null = null;
/** The thread setting the wasm backend was started with (tfjs reads it once, at the first start). */
let wasmThreads: WasmThreads | null = null;

function defaultThreads(): WasmThreads {
  if (!isBrowser()) return { enabled: false, why: 'single-threaded build (no thread setup given)' };
  return (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated
    ? { enabled: true, why: 'page is cross-origin isolated' }
    : { enabled: false, why: 'page is not cross-origin isolated (no COOP/COEP headers)' };
}

/** Imports a backend's package on first use, so Node never loads the browser backends. */
async function register(name: BackendName, options: BackendOptions): Promise<void> {
  if (registered.has(name)) return;
  if (name === 'cpu') await import('@tensorflow/tfjs-backend-cpu');
  if (name === 'webgl') await import('@tensorflow/tfjs-backend-webgl');
  if (name === 'webgpu') await import('@tensorflow/tfjs-backend-webgpu');
  if (name === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    wasmModule = wasm;
    wasmThreads = options.threads ?? defaultThreads();
    // tfjs's own detection says no in Node; where we enable it, src/engine/wasmThreads.ts makes it work.
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', wasmThreads.enabled);
    if (wasmThreads.enabled && wasmThreads.count) wasm.setThreadsCount(wasmThreads.count);
    if (options.wasmPaths) wasm.setWasmPaths(options.wasmPaths as Parameters<typeof wasm.setWasmPaths>[0]);
  }
  registered.add(name);
}

async function probe(name: BackendName): Promise<Probe> {
  if (name === 'webgpu') return probeWebGpu();
  if (name === 'webgl') return probeWebGl();
  return {
    usable: true,
    software: false,
    detail: name === 'wasm' ? 'WebAssembly (SIMD)' : 'plain JavaScript',
  };
}

/** Starts a backend; false (with the reason) instead of throwing, e.g. on a null WebGPU adapter. */
async function activate(
  name: BackendName,
  options: BackendOptions,
): Promise<{ ok: boolean; detail: string }> {
  let uninstall: (() => void) | undefined;
  try {
    await register(name, options);
    if (name === 'wasm' && wasmThreads?.enabled) uninstall = wasmThreads.install?.();
    const ok = await tf.setBackend(name);
    await tf.ready();
    return ok && tf.getBackend() === name
      ? { ok: true, detail: '' }
      : { ok: false, detail: `tfjs could not start ${name}` };
  } catch (error) {
    return {
      ok: false,
      detail: `starting ${name} failed${name === 'wasm' ? ' (did its .wasm binary download?)' : ''}: ${error instanceof Error ? error.message : String(error)}`,
    };
  } finally {
    uninstall?.();
  }
}

/** Threads of the running wasm backend, for the report. */
function threadReport(): NonNullable<BackendReport['threads']> {
  const count = wasmModule?.getThreadsCount() ?? 1;
  const why = wasmThreads?.enabled
    ? count > 1
      ? wasmThreads.why
      : "threaded build, but tfjs-wasm's pool is capped at half the logical cores"
    : (wasmThreads?.why ?? 'single-threaded build');
  return { count, threaded: wasmThreads?.enabled ?? false, why };
}

/** The report with the thread count added when the active backend is wasm. */
function withThreads(report: BackendReport): BackendReport {
  if (report.active !== 'wasm') return report;
  const threads = threadReport();
  const label = `${threads.count} thread${threads.count === 1 ? '' : 's'}: ${threads.why}`;
  return { ...report, threads, reason: `${report.reason}; ${label}` };
}

/** Activity steps per second of a small PC-ALM run (N = L = 16, batch 32) on the active backend. */
export async function calibrationSpeed(steps = 12): Promise<number> {
  const net = createNetwork(
    { arch: 'residual', act: 'relu', param: 'mupc', inputDim: 64, width: 16, depth: 16, classes: 10 },
    0,
  );
  const model = networkTensors(net);
  const batch = batchTensors(syntheticBatch(32, 64, 10, 0));
  const stepper = new InferenceStepper(model, batch, { etaH: 0.25, etaLambda: 1, T: 10 * steps });
  try {
    for (let i = 0; i < 3; i++) stepper.advance();
    await stepper.current.H.data();
    const start = performance.now();
    for (let i = 0; i < steps; i++) stepper.advance();
    await stepper.current.H.data();
    return (1000 * steps) / Math.max(performance.now() - start, 1e-3);
  } finally {
    stepper.dispose();
    disposeAll(model, batch);
  }
}

const isBrowser = () =>
  typeof (globalThis as { navigator?: unknown }).navigator !== 'undefined' &&
  !(
    'process' in globalThis &&
    (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node
  );

export async function initBackend(
  choice: BackendChoice,
  options: BackendOptions = {},
): Promise<BackendReport> {
  return withThreads(await startBackend(choice, options));
}

async function startBackend(choice: BackendChoice, options: BackendOptions): Promise<BackendReport> {
  const attempts: BackendAttempt[] = [];
  const candidates: BackendName[] = isBrowser() ? [...BACKEND_NAMES] : ['wasm', 'cpu'];
  if (choice !== 'auto') {
    const p = await probe(choice);
    const started = p.usable ? await activate(choice, options) : { ok: false, detail: p.detail };
    attempts.push({
      name: choice,
      ok: started.ok,
      detail: started.ok ? p.detail : started.detail || p.detail,
    });
    if (started.ok) {
      return { requested: choice, active: choice, reason: `${choice}: ${p.detail}`, attempts };
    }
  }
  // auto, or the requested backend failed: probe every candidate first (cheap), then start and time
  // the hardware-backed survivors. With one survivor there is nothing to compare, so it is not timed:
  // the first load does not wait for a calibration run that cannot change the choice.
  const survivors: Array<{ name: BackendName; probe: Probe }> = [];
  for (const name of candidates) {
    if (name === choice) continue;
    // cpu is tfjs's plain-JavaScript reference backend: it never beats wasm (65 vs ~2,000 steps/s at
    // the default network in Chromium), and timing it cost the first load a few hundred ms. It stays
    // the last resort when nothing else starts.
    if (name === 'cpu' && survivors.length > 0) {
      attempts.push({ name, ok: false, detail: 'not timed: the last resort when nothing else starts' });
      continue;
    }
    const p = await probe(name);
    if (!p.usable || p.software) {
      attempts.push({
        name,
        ok: false,
        detail: p.usable ? `${p.detail}: skipped, wasm is faster` : p.detail,
      });
      continue;
    }
    survivors.push({ name, probe: p });
  }
  const compare = options.calibrate !== false && survivors.length > 1;
  const timed: Array<{ name: BackendName; speed: number }> = [];
  for (const { name, probe: p } of survivors) {
    const started = await activate(name, options);
    if (!started.ok) {
      attempts.push({ name, ok: false, detail: started.detail });
      continue;
    }
    const speed = compare ? await calibrationSpeed() : 0;
    attempts.push({ name, ok: true, detail: p.detail, ...(compare ? { stepsPerSec: speed } : {}) });
    timed.push({ name, speed });
    if (!compare) break;
  }
  // Every survivor failed to start (e.g. its .wasm did not download): the last resort after all.
  const lastResort = attempts.findIndex((a) => a.name === 'cpu' && !a.ok);
  if (timed.length === 0 && lastResort >= 0) {
    const started = await activate('cpu', options);
    attempts[lastResort] = {
      name: 'cpu',
      ok: started.ok,
      detail: started.ok ? 'the last resort: nothing else started' : started.detail,
    };
    if (started.ok) timed.push({ name: 'cpu', speed: 0 });
  }
  if (timed.length === 0)
    throw new Error(
      `no tfjs backend could start: ${attempts.map((a) => `${a.name}: ${a.detail}`).join('; ')}`,
    );
  const best = timed.reduce((a, b) => (b.speed > a.speed ? b : a));
  if (tf.getBackend() !== best.name) await activate(best.name, options);
  const failedRequest = choice !== 'auto' ? `${choice} failed (${attempts[0].detail}); ` : '';
  const skipped = attempts.filter((a) => !a.ok && a.name !== choice).map((a) => `${a.name}: ${a.detail}`);
  const why =
    timed.length > 1
      ? `fastest of ${timed.map((t) => `${t.name} ${t.speed.toFixed(0)} steps/s`).join(', ')}`
      : best.name === 'cpu' && survivors.length > 0
        ? 'the last resort: no other backend started'
        : survivors.length > 1
          ? 'the first of the hardware-backed backends that started'
          : 'the only hardware-backed backend';
  return {
    requested: choice,
    active: best.name,
    reason: `${failedRequest}${best.name} (${why})${skipped.length ? `; ${skipped.join('; ')}` : ''}`,
    attempts,
  };
}
