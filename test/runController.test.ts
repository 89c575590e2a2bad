/**
 * The engine worker's controller driven in Node as the page drives it: configure, step, advance, play
 * to the end, rate-only reconfigures that keep the network (and do not resend it), superseded
 * configures, divergence, and a data set that fails to load.
 */
import { describe, expect, it } from 'vitest';
import { type EngineConfig, resolvedBudget } from '../src/core/engineConfig';
import type { ConfiguredInfo, FromWorker } from '../src/core/engineProtocol';
import { packedLength } from '../src/core/metricsLayout';
import { defaultConfig, engineConfig } from '../src/state/schema';
import { RunController } from '../src/worker/controller';
import { recordingController } from './helpers/recordingController';

const config: EngineConfig = engineConfig({
  ...defaultConfig(),
  data: 'synthetic',
  width: 4,
  depth: 4,
  batch: 8,
  backend: 'cpu',
});

function harness() {
  const recorded = recordingController(RunController);
  const { messages } = recorded;
  const configured = () =>
    messages.flatMap((m) => (m.type === 'configured' ? [m.info] : [])) as ConfiguredInfo[];
  /** Rows of metrics per method received for a run, in order of their first step. */
  const rows = (runId: number) => {
    const width = packedLength(config.depth, Math.min(4, config.width));
    const count = { pcalm: 0, pc: 0 };
    const firsts: number[] = [];
    for (const m of messages) {
      if (m.type !== 'metrics' || m.runId !== runId) continue;
      firsts.push(m.fromT);
      count.pcalm += m.packed.pcalm.length / width;
      count.pc += m.packed.pc.length / width;
    }
    return { count, firsts };
  };
  return { ...recorded, configured, rows };
}

describe('run controller', () => {
  it('configures, steps, advances and plays to T with one row per step and method', async () => {
    const { controller, waitFor, configured, progress, rows, messages } = harness();
    controller.handle({ type: 'configure', runId: 1, config });
    await waitFor('configured', () => configured().length === 1 && rows(1).count.pc === 1);
    const info = configured()[0];
    const T = resolvedBudget(config);
    expect(info).toMatchObject({ runId: 1, T, depth: 4, width: 4, batchSize: 8, backend: 'cpu' });
    expect(info.networkAndBatch?.network.W).toHaveLength(4);
    expect(info.deltaRms).toHaveLength(3);
    expect(messages.find((m) => m.type === 'backend')).toBeDefined();

    controller.handle({ type: 'step', count: 3 });
    await waitFor('three steps', () => progress()?.t === 3);
    expect(rows(1).count).toEqual({ pcalm: 4, pc: 4 });
    controller.handle({ type: 'advanceTo', t: 5 });
    await waitFor('t = 5', () => progress()?.t === 5);

    controller.handle({ type: 'play', stepsPerSecond: null });
    await waitFor('the end', () => progress()?.t === T && progress()?.playing === false);
    expect(rows(1).count).toEqual({ pcalm: T + 1, pc: T + 1 });
    expect(rows(1).firsts.slice(0, 3)).toEqual([0, 1, 4]);
    expect(messages.filter((m) => m.type === 'error')).toEqual([]);
  });

  it('keeps the network while only rates change, and sends it again only when it changes', async () => {
    const { controller, waitFor, configured } = harness();
    controller.handle({ type: 'configure', runId: 1, config });
    await waitFor('first', () => configured().length === 1);
    controller.handle({ type: 'configure', runId: 2, config: { ...config, etaLambda: 0.5 } });
    await waitFor('second', () => configured().length === 2);
    controller.handle({ type: 'configure', runId: 3, config: { ...config, seed: 1 } });
    await waitFor('third', () => configured().length === 3);
    const [first, second, third] = configured();
    expect(second.networkAndBatch).toBeNull();
    expect(second.lambdaMax).toBe(first.lambdaMax);
    expect(third.networkAndBatch).not.toBeNull();
    expect(third.networkAndBatch!.network.W[0].data).not.toEqual(first.networkAndBatch!.network.W[0].data);
  });

  it('runs only the last of configures queued back to back', async () => {
    const { controller, waitFor, configured, rows } = harness();
    controller.handle({ type: 'configure', runId: 1, config });
    controller.handle({ type: 'configure', runId: 2, config: { ...config, etaLambda: 0.25 } });
    controller.handle({ type: 'configure', runId: 3, config: { ...config, etaLambda: 1.5 } });
    await waitFor('last', () => configured().some((c) => c.runId === 3) && rows(3).count.pc === 1);
    expect(configured().map((c) => c.runId)).toEqual([3]);
    expect(rows(1).count.pc + rows(2).count.pc).toBe(0);
  });

  it('reports divergence per method and stops that method there', async () => {
    const { controller, waitFor, messages, progress } = harness();
    controller.handle({ type: 'configure', runId: 1, config: { ...config, etaH: 5, T: 200 } });
    controller.handle({ type: 'play', stepsPerSecond: null });
    await waitFor('both diverged', () => messages.filter((m) => m.type === 'diverged').length === 2);
    const diverged = messages.filter((m) => m.type === 'diverged') as Array<
      Extract<FromWorker, { type: 'diverged' }>
    >;
    expect(diverged.map((d) => d.method).sort()).toEqual(['pc', 'pcalm']);
    expect(diverged[0].divergence.message).toMatch(/diverged at step \d+/);
    await waitFor('stopped', () => progress()?.playing === false);
    expect(progress()!.t).toBeLessThan(200);
  });

  it('a data set that fails to load falls back to synthetic data with a note', async () => {
    const { controller, waitFor, configured } = harness();
    controller.handle({ type: 'configure', runId: 1, config: { ...config, data: 'fashion' } });
    await waitFor('configured', () => configured().length === 1);
    expect(configured()[0].notes[0]).toMatch(/no files in this test\. Using synthetic data instead\./);
    expect(configured()[0].inputDim).toBe(784);
  });
});
