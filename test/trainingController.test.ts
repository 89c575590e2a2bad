/**
 * The training worker's controller driven in Node as the app drives it: start, evaluation points,
 * pause (nothing moves), snapshot of the weights, resume, stop (final numbers, weights kept), restart.
 */
import { describe, expect, it } from 'vitest';
import type { FromTrainingWorker } from '../src/core/trainingProtocol';
import { defaultConfig } from '../src/state/schema';
import { TrainingController } from '../src/worker/trainingController';
import { recordingController } from './helpers/recordingController';

const config = {
  ...defaultConfig(),
  data: 'synthetic' as const,
  width: 4,
  depth: 3,
  batch: 16,
  evalEvery: 3,
  backend: 'cpu' as const,
};

const harness = () => recordingController(TrainingController);

describe('training controller', () => {
  it('starts, pauses without losing anything, resumes, stops and starts again', async () => {
    const { messages, controller, progress, waitFor } = harness();
    controller.handle({ type: 'start', runId: 1, config, methods: ['pc', 'pcalm'] });
    await waitFor('start', () => messages.some((m) => m.type === 'started'));
    const started = messages.find((m) => m.type === 'started') as Extract<
      FromTrainingWorker,
      { type: 'started' }
    >;
    expect(started.info).toMatchObject({ runId: 1, methods: ['pc', 'pcalm'], T: 6, batchesPerEpoch: 375 });
    await waitFor('some batches', () => (progress()?.step ?? 0) >= 6);

    controller.handle({ type: 'pause' });
    expect(progress()?.phase).toBe('paused');
    await new Promise((r) => setTimeout(r, 100)); // the slice in flight ends at its next batch
    const step = progress()!.step;
    const pointCount = messages.filter((m) => m.type === 'points').length;
    await new Promise((r) => setTimeout(r, 300));
    expect(progress()!.step).toBe(step);
    expect(messages.filter((m) => m.type === 'points')).toHaveLength(pointCount);

    const snapshot = await controller.snapshot('pcalm');
    expect(snapshot).toMatchObject({ runId: 1, method: 'pcalm', step });
    expect(snapshot.network.W.map((w) => [w.rows, w.cols])).toEqual([
      [4, 784],
      [4, 4],
      [10, 4],
    ]);
    expect(snapshot.batch.x.rows).toBe(16);

    controller.handle({ type: 'resume' });
    await waitFor('more batches', () => progress()!.step > step + 3);
    expect(progress()!.batchesPerSec).toBeGreaterThan(0);

    controller.handle({ type: 'stop' });
    await waitFor('finish', () => messages.some((m) => m.type === 'finished'));
    const finished = messages.find((m) => m.type === 'finished') as Extract<
      FromTrainingWorker,
      { type: 'finished' }
    >;
    expect(finished.results.map((r) => r.method)).toEqual(['pc', 'pcalm']);
    expect(finished.results[0].steps).toBeGreaterThan(step);
    await waitFor('stopped', () => progress()?.phase === 'stopped');
    const points = messages.flatMap((m) => (m.type === 'points' ? m.points : []));
    expect(
      points
        .filter((p) => p.method === 'pc')
        .map((p) => p.step)
        .slice(0, 3),
    ).toEqual([0, 3, 6]);

    // Weights stay available after stop; a new start replaces them.
    expect(await controller.snapshot('pc')).toMatchObject({ runId: 1, method: 'pc' });
    controller.handle({ type: 'start', runId: 2, config: { ...config, epochs: 1 }, methods: ['bp'] });
    await waitFor('restart', () => messages.some((m) => m.type === 'started' && m.info.runId === 2));
    controller.handle({ type: 'stop' });
    await waitFor('second finish', () => messages.some((m) => m.type === 'finished' && m.runId === 2));
    expect(messages.filter((m) => m.type === 'error')).toEqual([]);
  });

  it('refuses a snapshot before any run with a message, not a crash, and goes on working', async () => {
    const { messages, controller, waitFor } = harness();
    await expect(controller.snapshot('bp')).rejects.toThrow(/no training run/);
    controller.handle({ type: 'start', runId: 1, config: { ...config, epochs: 1 }, methods: ['bp'] });
    await waitFor('start after a refused snapshot', () => messages.some((m) => m.type === 'started'));
    controller.handle({ type: 'stop' });
    await waitFor('finish', () => messages.some((m) => m.type === 'finished'));
    expect(messages.filter((m) => m.type === 'error')).toEqual([]);
  });

  it('a failing data load falls back to synthetic data with a note', async () => {
    const { messages, controller, waitFor } = harness();
    controller.handle({ type: 'start', runId: 1, config: { ...config, data: 'mnist' }, methods: ['bp'] });
    await waitFor('start', () => messages.some((m) => m.type === 'started'));
    const started = messages.find((m) => m.type === 'started') as Extract<
      FromTrainingWorker,
      { type: 'started' }
    >;
    expect(started.info.notes[0]).toMatch(/no files in this test.*synthetic/);
    controller.handle({ type: 'stop' });
    await waitFor('finish', () => messages.some((m) => m.type === 'finished'));
  });
});
