/**
 * What "Export run" and "Metrics (CSV)" write, built from the metrics buffers on the main thread. Pure
 * functions of a RunView (no DOM), so they are tested in Node.
 *
 * The run file is shared/spec/run-format.md exactly. Both methods are always computed on the same
 * network and batch; the file's `steps` (and `etaLambda`, `divergence`) are those of the method the
 * settings select (PC-ALM when "both"), and the other method's run is added under its own id, as the
 * CLI does with `pc`: `"pc": { etaLambda, steps, divergence }`, or `"pcalm": { … }` when PC is selected.
 * Extras (allowed by the format): `method`, `hessian`, `divergence`, and `incomplete` when the run had
 * not reached T when it was exported.
 */

import { csvFormatRows } from 'd3';
import { METHODS, type MethodId } from '../../core/methods';
import type { StepMetrics } from '../../core/metricsLayout';
import { unpackMetrics } from '../../core/metricsLayout';
import { buildRunFile, type RunFile, type RunFileStep, runFileSteps } from '../../core/runFile';
import type { MetricsBuffer } from '../../state/metricsBuffer';
import type { Config } from '../../state/schema';
import { computedSteps, type RunView, runFinished } from '../../state/store';

/** Matrix entries beyond which the JSON would pass MAX_RUN_FILE_BYTES (about 20 characters a number). */
export const MAX_EXPORT_VALUES = 12_000_000;

export interface OtherMethodRun {
  etaLambda: number;
  steps: RunFileStep[];
  divergence: RunView['divergence'][MethodId] | null;
}

/** The run file of spec run-format.md plus this app's documented extras. */
export type AppRunFile = RunFile & { pcalm?: OtherMethodRun; incomplete?: string };

/** Every computed step of one method, unpacked (traced units included). */
export function bufferSteps(buffer: MetricsBuffer): StepMetrics[] {
  const { layout } = buffer;
  const row = new Float64Array(layout.width);
  const steps: StepMetrics[] = [];
  for (let t = 0; t < buffer.count; t++) {
    for (let i = 0; i < layout.width; i++) row[i] = buffer.value(t, i);
    steps.push(unpackMetrics(row, 0, t, layout.depth, layout.traceUnits));
  }
  return steps;
}

/** The method whose run is the file's `steps`: the one shown, PC-ALM when both are. */
export function primaryMethod(shown: Config['method']): MethodId {
  return shown === 'pc' ? 'pc' : 'pcalm';
}

const dualRate = (run: RunView, method: MethodId) => (method === 'pc' ? 0 : run.info.config.etaLambda);

function methodRun(run: RunView, method: MethodId) {
  const { info } = run;
  return {
    etaH: info.etaH,
    etaLambda: dualRate(run, method),
    T: info.T,
    hessian: info.hessian,
    steps: bufferSteps(run.buffers[method]),
    deltaRms: info.deltaRms,
    divergence: run.divergence[method] ?? null,
  };
}

/** Why a run is too large to export as JSON, or null. */
export function runFileSizeProblem(run: RunView): string | null {
  const { network, batch } = run.info;
  const values =
    network.W.reduce((sum, w) => sum + w.rows * w.cols, 0) +
    batch.x.rows * batch.x.cols +
    batch.y.rows * batch.y.cols;
  if (values <= MAX_EXPORT_VALUES) return null;
  return (
    `its network and batch hold ${(values / 1e6).toFixed(1)} million numbers, more than the ` +
    `${MAX_EXPORT_VALUES / 1e6} million a run file of this app may hold`
  );
}

/** The run file of a run; `shown` is the method the page shows (both always run). */
export function appRunFile(run: RunView, shown: Config['method'] = run.config.method): AppRunFile {
  const { info } = run;
  const primary = primaryMethod(shown);
  const other: MethodId = primary === 'pc' ? 'pcalm' : 'pc';
  const main = methodRun(run, primary);
  const second = methodRun(run, other);
  const file: AppRunFile = buildRunFile({
    config: { ...run.config, method: shown },
    backend: info.backend,
    network: info.network,
    batch: info.batch,
    run: main,
    method: shown,
    pcRun: other === 'pc' ? second : undefined,
  });
  if (other === 'pcalm') {
    file.pcalm = {
      etaLambda: second.etaLambda,
      steps: runFileSteps(second.steps),
      divergence: second.divergence,
    };
  }
  if (!runFinished(run)) {
    const last = computedSteps(run) - 1;
    file.incomplete = `exported at step ${last} of T = ${info.T}: later steps were not computed yet`;
  }
  return file;
}

/** Per-layer columns of the CSV, in the run file's key order. */
const LAYER_COLUMNS = ['layerGradCosine', 'rRms', 'lambdaRms', 'epsRms', 'creditCosine'] as const;

/**
 * The metrics CSV: a header row, then one row per (method, step), PC-ALM's steps first. Columns:
 *   method          pcalm | pc
 *   t               inference step, 0 = forward pass
 *   gradCosine      cos(G(t), G_BP), all layers concatenated
 *   layerGradCosine_1 … _L          the same per weight matrix W_1 … W_L
 *   rRms_1 … _{L−1}, lambdaRms_…, epsRms_…   RMS over batch × units of r_l, λ_l, ε_l per hidden layer
 *   creditCosine_1 … _{L−1}         cos(ε_l(t), −δ_l) over batch × units
 *   energy, lagrangian, constraint  F, 𝓛 (batch means) and Σ_l ‖r_l‖²
 * Values print as JavaScript's shortest round-trip decimal; a non-finite value (a diverged step) is an
 * empty cell. BP's δ RMS (for values relative to BP) is in the run file's `bp.deltaRms`.
 */
export function metricsCsv(run: RunView): string {
  const depth = run.info.depth;
  const count = (name: string) => (name === 'layerGradCosine' ? depth : depth - 1);
  const header = ['method', 't', 'gradCosine'];
  for (const name of LAYER_COLUMNS) for (let l = 1; l <= count(name); l++) header.push(`${name}_${l}`);
  header.push('energy', 'lagrangian', 'constraint');
  const cell = (v: number) => (Number.isFinite(v) ? String(v) : '');
  const rows = [header];
  for (const method of METHODS) {
    for (const s of bufferSteps(run.buffers[method])) {
      const row: string[] = [method, String(s.t), cell(s.gradCosine)];
      for (const name of LAYER_COLUMNS) for (const v of s[name]) row.push(cell(v));
      row.push(cell(s.energy), cell(s.lagrangian), cell(s.constraint));
      rows.push(row);
    }
  }
  return `${csvFormatRows(rows)}\n`;
}

/** A file name that says what the run was: `pcalm-run-both-L8-N16-B64-synthetic-seed0.json`. */
export function runFileStem(run: RunView, kind: string): string {
  const c = run.config;
  return `pcalm-${kind}-${c.method}-L${run.info.depth}-N${run.info.width}-B${run.info.batchSize}-${c.data}-seed${c.seed}`;
}
