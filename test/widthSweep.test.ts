/**
 * The width sweep (Fig. 8) in the engine worker's controller, driven in Node as the page drives it:
 * each point is the explorer's own run at that width (the same cosines, bit for bit), points come in
 * the order asked, a cancel or a newer request stops a sweep at its next slice, a width over the
 * memory limit is skipped at once with the explorer's refusal text, and the explorer's run goes on
 * beside it.
 */
import { describe, expect, it } from 'vitest';
import { type EngineConfig, resolvedBudget } from '../src/core/engineConfig';
import type { FromWorker } from '../src/core/engineProtocol';
import type { MethodId } from '../src/core/methods';
import { metricsLayout } from '../src/core/metricsLayout';
import type { SweepPoint } from '../src/core/sweepProtocol';
import { defaultConfig, engineConfig } from '../src/state/schema';
import { RunController } from '../src/worker/controller';
import { waitFor } from './helpers/waitFor';

const config: EngineConfig = engineConfig({
  ...defaultConfig(),
  data: 'synthetic',
  depth: 4,
  batch: 8,
  backend: 'cpu',
});
const T = resolvedBudget(config);

function harness() {
  const messages: FromWorker[] = [];
  const controller = new RunController({
    post: (m) => messages.push(m),
    loadData: () => Promise.reject(new Error('no files in this test.')),
    backendOptions: { calibrate: false },
  });
  const of = <K extends FromWorker['type']>(type: K) =>
    messages.filter((m): m is Extract<FromWorker, { type: K }> => m.type === type);
  const points = (sweepId: number): SweepPoint[] =>
    of('sweepPoint')
      .filter((m) => m.sweepId === sweepId)
      .map((m) => m.point);
  const done = (sweepId: number) => of('sweepDone').find((m) => m.sweepId === sweepId);
  /** The explorer's gradient cosine per step and method, read from its packed metrics as the page reads them. */
  const explorerCosines = (runId: number, width: number): Record<MethodId, number[]> => {
    const layout = metricsLayout(config.depth, Math.min(4, width));
    const cosines: Record<MethodId, number[]> = { pcalm: [], pc: [] };
    for (const m of of('metrics').filter((c) => c.runId === runId)) {
      for (const method of ['pcalm', 'pc'] as const) {
        const packed = m.packed[method];
        for (let row = 0; row < packed.length / layout.width; row++) {
          cosines[method][m.fromT + row] = packed[row * layout.width + layout.gradCosine] + 0;
        }
      }
    }
    return cosines;
  };
  return { messages, controller, of, points, done, explorerCosines };
}

const finished = (point: SweepPoint) => {
  if (point.status !== 'done') throw new Error(`width ${point.width} was skipped: ${point.reason}`);
  return point;
};

describe('width sweep', () => {
  it('gives at each width the cosines of the explorer’s run at that width, bit for bit', async () => {
    const h = harness();
    h.controller.handle({ type: 'sweep', sweepId: 1, config, widths: [2, 4, 8] });
    await waitFor('sweep done', () => h.done(1) !== undefined);
    expect(h.done(1)).toMatchObject({ cancelled: false, error: null });
    const points = h.points(1).map(finished);
    expect(points.map((p) => p.width)).toEqual([2, 4, 8]);
    for (const [runId, point] of points.entries()) {
      h.controller.handle({ type: 'configure', runId: runId + 1, config: { ...config, width: point.width } });
      h.controller.handle({ type: 'play', stepsPerSecond: null });
      await waitFor(`explorer at width ${point.width}`, () =>
        h.of('progress').some((p) => p.runId === runId + 1 && p.t === T && !p.playing),
      );
      const info = h.of('configured').find((c) => c.info.runId === runId + 1)!.info;
      expect(point.etaH).toBe(info.etaH);
      expect(point.T).toBe(T);
      const explorer = h.explorerCosines(runId + 1, point.width);
      for (const method of ['pcalm', 'pc'] as const) {
        expect(point.cosine[method]).toHaveLength(T + 1);
        expect(point.cosine[method]).toEqual(explorer[method]);
        expect(point.final[method]).toBe(explorer[method][T]);
      }
    }
    // PC-ALM ends closer to BP than PC on the same network (the figure's point, at every width here).
    for (const p of points) expect(p.final.pcalm!).toBeGreaterThan(p.final.pc!);
  });

  it('reports progress width by width in the order asked, and names the backend', async () => {
    const h = harness();
    h.controller.handle({ type: 'sweep', sweepId: 7, config, widths: [8, 2, 4] });
    await waitFor('sweep done', () => h.done(7) !== undefined);
    expect(h.of('sweepStarted')[0]).toMatchObject({ sweepId: 7, backend: 'cpu', notes: [] });
    expect(h.points(7).map((p) => p.width)).toEqual([8, 2, 4]);
    const progress = h.of('sweepProgress');
    const widthsInOrder = progress.map((p) => p.width).filter((w, i, all) => i === 0 || all[i - 1] !== w);
    expect(widthsInOrder).toEqual([8, 2, 4]);
    expect(progress.map((p) => p.finished)).toEqual([...progress.map((p) => p.finished)].sort());
    expect(progress.at(-1)).toMatchObject({ width: 4, finished: 2, total: 3, method: 'pc', t: T, T });
    // Each width first sets up (method null: network, λ_max), then steps PC-ALM, then PC.
    const firstOf8 = progress.filter((p) => p.width === 8).map((p) => p.method);
    expect(firstOf8[0]).toBeNull();
    expect(firstOf8.indexOf('pc')).toBeGreaterThan(firstOf8.lastIndexOf('pcalm'));
  });

  it('stops at the next slice when cancelled, keeping the points already sent', async () => {
    const h = harness();
    const long = { ...config, T: 400 };
    h.controller.handle({ type: 'sweep', sweepId: 2, config: long, widths: [2, 4, 8, 16] });
    await waitFor('first point', () => h.points(2).length === 1);
    h.controller.handle({ type: 'cancelSweep', sweepId: 2 });
    await waitFor('sweep done', () => h.done(2) !== undefined);
    expect(h.done(2)).toMatchObject({ cancelled: true, error: null });
    expect(h.points(2).length).toBeLessThan(4);
    const count = h.messages.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(h.messages.length).toBe(count);
  });

  it('a newer request cancels the running one and runs to its end', async () => {
    const h = harness();
    h.controller.handle({ type: 'sweep', sweepId: 3, config: { ...config, T: 400 }, widths: [2, 4, 8] });
    await waitFor('a slice of the first', () => h.of('sweepProgress').some((p) => p.method !== null));
    h.controller.handle({ type: 'sweep', sweepId: 4, config, widths: [2, 4] });
    await waitFor('second done', () => h.done(4) !== undefined);
    expect(h.done(3)).toMatchObject({ cancelled: true });
    expect(h.done(4)).toMatchObject({ cancelled: false, error: null });
    expect(h.points(4).map((p) => p.width)).toEqual([2, 4]);
    // The second sweep began only after the first had ended (its tensors disposed).
    const order = h.messages.filter((m) => m.type === 'sweepDone' || m.type === 'sweepStarted');
    expect(order.map((m) => `${m.type}:${m.sweepId}`)).toEqual([
      'sweepStarted:3',
      'sweepDone:3',
      'sweepStarted:4',
      'sweepDone:4',
    ]);
  });

  it('skips a width over the memory limit with the explorer’s refusal text, says so first, and goes on', async () => {
    const h = harness();
    h.controller.handle({ type: 'sweep', sweepId: 5, config, widths: [2, 8192, 4] });
    await waitFor('sweep done', () => h.done(5) !== undefined);
    const [huge, small, next] = h.points(5);
    expect(small).toMatchObject({ width: 2, status: 'done' });
    expect(huge).toEqual({
      width: 8192,
      status: 'skipped',
      reason: expect.stringMatching(
        /^width 8192 × depth 4 × batch 8 with T = 8 needs about [\d.]+ GB, more than the 1\.5 GB this app allows$/,
      ),
    });
    expect(next).toMatchObject({ width: 4, status: 'done' });
    expect(h.done(5)).toMatchObject({ cancelled: false, error: null });
    // The skipped width counts as finished in the progress of the others.
    expect(h.of('sweepProgress')[0]).toMatchObject({ width: 2, finished: 1, total: 3 });
  });

  it('runs beside the explorer: a configure in the middle of a sweep runs, and neither changes the other', async () => {
    const h = harness();
    h.controller.handle({ type: 'sweep', sweepId: 6, config: { ...config, T: 60 }, widths: [4, 8] });
    await waitFor('a slice', () => h.of('sweepProgress').some((p) => p.method !== null));
    h.controller.handle({ type: 'configure', runId: 1, config: { ...config, width: 8, T: 60 } });
    h.controller.handle({ type: 'play', stepsPerSecond: null });
    await waitFor('both done', () => h.done(6) !== undefined && h.of('progress').some((p) => p.t === 60));
    const point = finished(h.points(6)[1]);
    expect(point.cosine).toEqual(h.explorerCosines(1, 8));
    expect(h.of('error')).toEqual([]);
  });
});
