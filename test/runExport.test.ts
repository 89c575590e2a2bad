/**
 * Export and import of runs, without a browser: the JSON run file built from the metrics buffers
 * (shared/spec/run-format.md), the metrics CSV, and reading a run file back (round trip, then every
 * kind of bad file, each refused with a message naming the problem).
 */
import { describe, expect, it } from 'vitest';
import {
  appRunFile,
  MAX_EXPORT_VALUES,
  metricsCsv,
  runFileSizeProblem,
  runFileStem,
} from '../src/app/exportImport/runExport';
import { importedPreview, readRunFile } from '../src/app/exportImport/runImport';
import { syntheticBatch } from '../src/core/batch';
import type { RunInfo } from '../src/core/engineProtocol';
import type { MethodId } from '../src/core/methods';
import { metricsLayout } from '../src/core/metricsLayout';
import { createNetwork } from '../src/core/network';
import { RUN_FORMAT, runFileProblems } from '../src/core/runFile';
import { MetricsBuffer } from '../src/state/metricsBuffer';
import { type Config, defaultConfig, engineConfig } from '../src/state/schema';
import type { RunView } from '../src/state/store';

const DEPTH = 4;
const WIDTH = 5;
const INPUT = 9;
const BATCH = 3;
const T = 2 * DEPTH; // what "auto" gives
const TRACE_UNITS = 2;

/** A value for every packed slot that differs per method, step and slot, and is exact in float32. */
const valueAt = (method: MethodId, t: number, i: number) => (method === 'pc' ? -1 : 1) * (t + 1 + i / 64);

function fakeRun(config: Partial<Config> = {}, steps = T + 1): RunView {
  const full: Config = {
    ...defaultConfig(),
    data: 'synthetic',
    width: WIDTH,
    depth: DEPTH,
    batch: BATCH,
    ...config,
  };
  const shape = {
    arch: full.arch,
    act: full.act,
    param: full.param,
    inputDim: INPUT,
    width: WIDTH,
    depth: DEPTH,
    classes: 10,
  };
  const network = createNetwork(shape, 7);
  const batch = syntheticBatch(BATCH, INPUT, 10, 7);
  const info = {
    runId: 1,
    config: engineConfig(full),
    etaH: 0.3125,
    hessian: null,
    lambdaMax: 3.2,
    T,
    depth: DEPTH,
    width: WIDTH,
    inputDim: INPUT,
    batchSize: BATCH,
    deltaRms: [0.5, 0.25, 0.125],
    probe: { layer: 2, sample: 0, units: [0, 1] },
    preview: { pixels: null, side: 3, labels: batch.labels, classNames: [] },
    backend: 'cpu',
    network,
    batch,
    notes: [],
  } satisfies RunInfo;
  const layout = metricsLayout(DEPTH, TRACE_UNITS);
  const buffers = {} as Record<MethodId, MetricsBuffer>;
  for (const method of ['pcalm', 'pc'] as const) {
    buffers[method] = new MetricsBuffer(DEPTH, TRACE_UNITS, T + 1);
    const packed = new Float32Array(steps * layout.width);
    for (let t = 0; t < steps; t++)
      for (let i = 0; i < layout.width; i++) packed[t * layout.width + i] = valueAt(method, t, i);
    buffers[method].write(0, packed);
  }
  return { info, config: full, buffers, divergence: {}, version: 1 };
}

describe('the exported run file', () => {
  it('has every key of run-format.md with the shapes it names', () => {
    const run = fakeRun({ method: 'both', etaLambda: 1.5 });
    const file = JSON.parse(JSON.stringify(appRunFile(run)));
    expect(file.format).toBe(RUN_FORMAT);
    expect(file.backend).toBe('cpu');
    expect(file.config.width).toBe(WIDTH);
    expect(file.config.etaH).toBe('auto'); // the URL's names and values
    expect(file.network.a).toHaveLength(DEPTH);
    expect(file.network.W.map((w: { shape: number[] }) => w.shape)).toEqual([
      [WIDTH, INPUT],
      [WIDTH, WIDTH],
      [WIDTH, WIDTH],
      [10, WIDTH],
    ]);
    expect(file.batch.x.shape).toEqual([BATCH, INPUT]);
    expect(file.batch.y.shape).toEqual([BATCH, 10]);
    expect([file.etaH, file.etaLambda, file.T]).toEqual([0.3125, 1.5, T]);
    expect(file.steps).toHaveLength(T + 1);
    for (const step of file.steps) {
      expect(Object.keys(step)).toEqual(
        expect.arrayContaining([
          't',
          'gradCosine',
          'layerGradCosine',
          'rRms',
          'lambdaRms',
          'epsRms',
          'creditCosine',
          'energy',
          'lagrangian',
        ]),
      );
      expect(step.layerGradCosine).toHaveLength(DEPTH);
      for (const key of ['rRms', 'lambdaRms', 'epsRms', 'creditCosine'])
        expect(step[key]).toHaveLength(DEPTH - 1);
    }
    expect(file.bp.deltaRms).toEqual([0.5, 0.25, 0.125]);
    expect(runFileProblems(file)).toEqual([]);
    expect(file.incomplete).toBeUndefined();
  });

  it('holds the selected method as steps and the other under its id', () => {
    const layout = metricsLayout(DEPTH, TRACE_UNITS);
    const both = appRunFile(fakeRun({ method: 'both' }));
    expect(both.steps[2].gradCosine).toBe(valueAt('pcalm', 2, layout.gradCosine));
    expect(both.steps[2].rRms[1]).toBe(valueAt('pcalm', 2, layout.rRms + 1));
    expect(both.pc?.steps[3].energy).toBe(valueAt('pc', 3, layout.energy));
    expect(both.pc?.etaLambda).toBe(0);
    const pc = appRunFile(fakeRun({ method: 'pc' }));
    expect(pc.etaLambda).toBe(0);
    expect(pc.steps[1].lagrangian).toBe(valueAt('pc', 1, layout.lagrangian));
    expect(pc.pcalm?.steps[1].lagrangian).toBe(valueAt('pcalm', 1, layout.lagrangian));
    expect(pc.pc).toBeUndefined();
  });

  it('says when the run had not reached T', () => {
    const file = appRunFile(fakeRun({}, 3));
    expect(file.steps).toHaveLength(3);
    expect(file.incomplete).toMatch(/step 2 of T = 8/);
  });

  it('writes a diverged (non-finite) value as null', () => {
    const run = fakeRun();
    run.buffers.pcalm.write(4, new Float32Array(run.buffers.pcalm.layout.width).fill(Number.NaN));
    const file = JSON.parse(JSON.stringify(appRunFile(run)));
    expect(file.steps[4].gradCosine).toBeNull();
  });

  it('refuses networks too large for a file, and names files after the run', () => {
    const run = fakeRun();
    expect(runFileSizeProblem(run)).toBeNull();
    const huge = {
      ...run,
      info: {
        ...run.info,
        batch: { ...run.info.batch, x: { rows: MAX_EXPORT_VALUES, cols: 1, data: new Float32Array(0) } },
      },
    };
    expect(runFileSizeProblem(huge)).toMatch(/million numbers/);
    expect(runFileStem(run, 'run')).toBe('pcalm-run-pcalm-L4-N5-B3-synthetic-seed0');
  });
});

describe('the metrics CSV', () => {
  it('has one row per method and step with every §6 metric, equal to the buffers', () => {
    const run = fakeRun({ method: 'both' });
    const [header, ...rows] = metricsCsv(run)
      .trimEnd()
      .split('\n')
      .map((line) => line.split(','));
    const layerColumns = (name: string, n: number) => Array.from({ length: n }, (_, i) => `${name}_${i + 1}`);
    expect(header).toEqual([
      'method',
      't',
      'gradCosine',
      ...layerColumns('layerGradCosine', DEPTH),
      ...['rRms', 'lambdaRms', 'epsRms', 'creditCosine'].flatMap((name) => layerColumns(name, DEPTH - 1)),
      'energy',
      'lagrangian',
      'constraint',
    ]);
    expect(rows).toHaveLength(2 * (T + 1));
    expect(rows.every((row) => row.length === header.length)).toBe(true);
    const layout = metricsLayout(DEPTH, TRACE_UNITS);
    const cell = (method: string, t: number, column: string) =>
      Number(rows.find((r) => r[0] === method && r[1] === String(t))![header.indexOf(column)]);
    expect(cell('pc', 5, 'gradCosine')).toBe(valueAt('pc', 5, layout.gradCosine));
    expect(cell('pcalm', 2, 'epsRms_3')).toBe(valueAt('pcalm', 2, layout.epsRms + 2));
    expect(cell('pcalm', 6, 'layerGradCosine_4')).toBe(valueAt('pcalm', 6, layout.layerGradCosine + 3));
    expect(cell('pc', 0, 'constraint')).toBe(valueAt('pc', 0, layout.constraint));
  });

  it('leaves a non-finite value empty', () => {
    const run = fakeRun();
    run.buffers.pc.write(1, new Float32Array(run.buffers.pc.layout.width).fill(Number.POSITIVE_INFINITY));
    const row = metricsCsv(run)
      .split('\n')
      .find((line) => line.startsWith('pc,1,'))!;
    expect(
      row
        .split(',')
        .slice(2)
        .every((v) => v === ''),
    ).toBe(true);
  });
});

describe('reading a run file', () => {
  const exported = (config: Partial<Config> = {}) => JSON.stringify(appRunFile(fakeRun(config)));

  it('gives back the exact network, batch and the settings the file fixes', () => {
    const run = fakeRun({ act: 'tanh', etaLambda: 0.75, seed: 4, method: 'both' });
    const reading = readRunFile(JSON.stringify(appRunFile(run)), {
      ...defaultConfig(),
      backend: 'wasm',
      view: 'training',
    });
    if (!reading.ok) throw new Error(reading.problem);
    expect(reading.network.W.map((w) => Array.from(w.data))).toEqual(
      run.info.network.W.map((w) => Array.from(w.data)),
    );
    expect(reading.network.a).toEqual(run.info.network.a);
    expect(Array.from(reading.batch.x.data)).toEqual(Array.from(run.info.batch.x.data));
    expect(reading.batch.labels).toEqual(run.info.batch.labels);
    const { config } = reading;
    expect([config.width, config.depth, config.batch, config.act, config.etaLambda, config.method]).toEqual([
      WIDTH,
      DEPTH,
      BATCH,
      'tanh',
      0.75,
      'both',
    ]);
    // η_h as the file used it; T stays "auto" while it agrees with the file's; backend and view stay.
    expect(config.etaH).toBe(0.3125);
    expect(config.T).toBe('auto');
    expect([config.backend, config.view]).toEqual(['wasm', 'explorer']);
    expect(reading.backend).toBe('cpu');
    expect(reading.notes).toEqual([]);
  });

  it('takes the file budget when it differs from auto', () => {
    const file = JSON.parse(exported());
    file.T = 3;
    const reading = readRunFile(JSON.stringify(file), defaultConfig());
    expect(reading.ok && reading.config.T).toBe(3);
  });

  const problemOf = (text: string) => {
    const reading = readRunFile(text, defaultConfig());
    if (reading.ok) throw new Error('accepted a bad file');
    return reading.problem;
  };

  it('refuses what is not JSON, or not a run file, naming the problem', () => {
    expect(problemOf('not json at all')).toMatch(/not JSON/);
    expect(problemOf('{"etaH": NaN}')).toMatch(/not JSON/);
    expect(problemOf('[1, 2, 3]')).toMatch(/format/);
    expect(problemOf('{"format": "something-else/1"}')).toMatch(/"format" is "something-else\/1"/);
    expect(problemOf('"just a string"')).toMatch(/not a JSON object/);
    expect(problemOf('null')).toMatch(/not a JSON object/);
  });

  it('refuses wrong shapes and non-finite numbers', () => {
    const shapes = JSON.parse(exported());
    shapes.network.W[1].shape = [WIDTH, WIDTH + 1];
    expect(problemOf(JSON.stringify(shapes))).toMatch(/network\.W/);
    const nulls = JSON.parse(exported());
    nulls.batch.x.data[2] = null;
    expect(problemOf(JSON.stringify(nulls))).toMatch(/batch\.x/);
    const rows = JSON.parse(exported());
    rows.batch.y = { shape: [BATCH + 1, 10], data: new Array((BATCH + 1) * 10).fill(0) };
    expect(problemOf(JSON.stringify(rows))).toMatch(/different rows/);
    const a = JSON.parse(exported());
    a.network.a[0] = 'big';
    expect(problemOf(JSON.stringify(a))).toMatch(/network\.a/);
  });

  it('refuses sizes the app does not allow', () => {
    const file = JSON.parse(exported());
    const rows = 1025;
    file.batch.x = { shape: [rows, INPUT], data: new Array(rows * INPUT).fill(0.5) };
    file.batch.y = { shape: [rows, 10], data: new Array(rows * 10).fill(0) };
    expect(problemOf(JSON.stringify(file))).toMatch(/batch is 1025, this app allows at most 1024/);
  });

  it('uses what it can of a bad or missing config and says so', () => {
    const file = JSON.parse(exported());
    file.config = { act: 'sigmoid', width: 'wide', etaLambda: 1e9, arch: 'chain' };
    const reading = readRunFile(JSON.stringify(file), defaultConfig());
    if (!reading.ok) throw new Error(reading.problem);
    expect(reading.config.arch).toBe('chain');
    expect(reading.config.act).toBe('relu');
    expect(reading.config.width).toBe(WIDTH); // from the network, whatever the config says
    expect(reading.config.data).toBe('synthetic');
    expect(reading.notes.join(' ')).toMatch(/config\.act/);
    expect(reading.notes.join(' ')).toMatch(/config\.etaLambda/);
    delete file.config;
    file.etaH = -1;
    const bare = readRunFile(JSON.stringify(file), defaultConfig());
    expect(bare.ok && bare.notes.join(' ')).toMatch(/no "config".*"etaH" -1 is not usable/);
  });
});

describe('images of an imported batch', () => {
  it('are the inputs stretched back onto 0 … 255 when they come from an image data set', () => {
    // Two 2×2 "images" with pixels 0, 51, 204, 255, standardised with some mean and deviation.
    const pixels = [0, 51, 204, 255, 255, 0, 51, 204];
    const x = Float32Array.from(pixels, (p) => (p / 255 - 0.3) / 0.35);
    const batch = {
      x: { rows: 2, cols: 4, data: x },
      y: { rows: 2, cols: 10, data: new Float32Array(20) },
      labels: [0, 1],
    };
    const preview = { pixels: null, side: 2, labels: batch.labels, classNames: [] };
    const fashion = importedPreview(preview, { ...defaultConfig(), data: 'fashion' }, batch);
    expect(Array.from(fashion.pixels!)).toEqual(pixels);
    expect(importedPreview(preview, { ...defaultConfig(), data: 'synthetic' }, batch).pixels).toBeNull();
    const odd = syntheticBatch(2, 5, 10, 1);
    expect(importedPreview(preview, { ...defaultConfig(), data: 'mnist' }, odd).pixels).toBeNull();
    const flat = { ...batch, x: { rows: 2, cols: 4, data: new Float32Array(8).fill(0.5) } };
    expect(importedPreview(preview, { ...defaultConfig(), data: 'mnist' }, flat).pixels).toBeNull();
  });
});
