/**
 * rng=official, piece by piece: the official standardisation in float32 (bit patterns NumPy printed,
 * test/fixtures/numpy-vectors.json), MNIST's official train order and epoch orders, the diagnostic
 * batch, the Fashion-MNIST note, and the JAX weights' key-to-layer assignment. The whole pipeline
 * against the official numbers is test/anchor.test.ts.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { networkShape } from '../src/core/engineConfig';
import { normal, prngKey, split } from '../src/core/jaxRandom';
import { defaultRng } from '../src/core/numpyRandom';
import { inputStatistics, inputTable } from '../src/data/batches';
import type { DataSet } from '../src/data/format';
import { loadDataSet } from '../src/data/loadNode';
import { officialDataSet, officialEpochOrder } from '../src/data/officialData';
import { createOfficialNetwork, splitScheme } from '../src/engine/officialNetwork';
import { officialTraining } from '../src/engine/officialTraining';
import { BatchSchedule, diagnosticBatch } from '../src/engine/trainData';
import { defaultConfig } from '../src/state/schema';

const V = JSON.parse(readFileSync(new URL('./fixtures/numpy-vectors.json', import.meta.url), 'utf8')) as {
  standardisation: Record<string, number[]>;
  shuffles: Array<{ seed: number; n: number; head: number[] }>;
};

let mnist: DataSet;
let fashion: DataSet;
beforeAll(async () => {
  [mnist, fashion] = await Promise.all([loadDataSet('mnist'), loadDataSet('fashion')]);
});

describe('official data', () => {
  it('standardises with the official constants exactly as NumPy does in float32', () => {
    for (const set of [mnist, fashion]) {
      const table = inputTable(officialDataSet(set, 0).data);
      const bits = new Uint32Array(table.buffer, table.byteOffset, 256);
      expect([...bits], set.name).toEqual(V.standardisation[set.name]);
    }
    // Our own statistics stay the default (and differ from the constants beyond 1e-5).
    expect(Math.abs(inputStatistics(mnist).mean - 0.1307)).toBeGreaterThan(1e-5);
  });

  it('orders MNIST’s train split as data.py does (default_rng(seed) shuffle) and leaves test alone', () => {
    for (const seed of [0, 3]) {
      const { data, officialOrder, note } = officialDataSet(mnist, seed);
      expect(officialOrder).toBe(true);
      expect(note).toBeNull();
      const head = V.shuffles.find((s) => s.seed === seed && s.n === 60000)!.head;
      for (let i = 0; i < 64; i++) {
        expect(data.labels[i]).toBe(mnist.labels[head[i]]);
        expect(data.pixels[i * 784 + 400]).toBe(mnist.pixels[head[i] * 784 + 400]);
      }
      expect(data.labels.subarray(60000)).toEqual(mnist.labels.subarray(60000));
      // The diagnostic batch is x_train[:64] of the shuffled split.
      expect(diagnosticBatch(data, 64).labels).toEqual(head.map((i) => mnist.labels[i]));
    }
  });

  it('visits epoch e in default_rng(seed + e).permutation, full batches only', () => {
    const { data } = officialDataSet(mnist, 0);
    const schedule = new BatchSchedule(data, 64, 2, 0, Number.POSITIVE_INFINITY, officialEpochOrder);
    expect(schedule.perEpoch).toBe(937);
    const first = defaultRng(0).permutation(60000);
    expect(schedule.batch(0).labels).toEqual([...first.subarray(0, 64)].map((i) => data.labels[i]));
    const second = defaultRng(1).permutation(60000);
    expect(schedule.batch(937 + 2).labels).toEqual([...second.subarray(128, 192)].map((i) => data.labels[i]));
  });

  it('says so for Fashion-MNIST, whose package lost the original order: constants only', () => {
    const { data, officialOrder, note } = officialDataSet(fashion, 0);
    expect(officialOrder).toBe(false);
    expect(note).toMatch(/regroups Fashion-MNIST by class.*batch order is ours/);
    expect(data.labels).toBe(fashion.labels);
    const config = { ...defaultConfig(), data: 'fashion' as const, rng: 'official' as const };
    const plan = officialTraining(config, fashion);
    expect(plan.epochOrder).toBeNull();
    expect(plan.network).not.toBeNull();
  });
});

describe('official weights', () => {
  it('draws W_l = normal(split(PRNGKey(seed), L)[l], (out, in)) row-major, N(0, 1)', () => {
    const config = { ...defaultConfig(), width: 8, depth: 4, seed: 7 };
    const shape = networkShape(config, 784, 10);
    const net = createOfficialNetwork(shape, 7, 'partitionable');
    const keys = split(prngKey(7), 4, 'partitionable');
    expect(net.W.map((w) => [w.rows, w.cols])).toEqual([
      [8, 784],
      [8, 8],
      [8, 8],
      [10, 8],
    ]);
    for (const [l, w] of net.W.entries()) {
      expect(w.data).toEqual(normal(keys[l], w.rows * w.cols, 'partitionable'));
    }
    const all = net.W.flatMap((w) => [...w.data]);
    const mean = all.reduce((s, v) => s + v, 0) / all.length;
    const sd = Math.sqrt(all.reduce((s, v) => s + (v - mean) ** 2, 0) / all.length);
    expect(Math.abs(mean)).toBeLessThan(0.1);
    expect(Math.abs(sd - 1)).toBeLessThan(0.1);
    expect(createOfficialNetwork(shape, 7, 'legacy').W[0].data).not.toEqual(net.W[0].data);
    expect(splitScheme('official')).toBe('partitionable');
    expect(splitScheme('official-legacy')).toBe('legacy');
    expect(splitScheme('ours')).toBeNull();
  });
});
