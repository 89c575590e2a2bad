/**
 * `npm run bench`'s table: the metrics cost is the paired median the timing made (not a ratio of the
 * two separate medians, which this machine's drift would bias), with the pairs' quartiles where there
 * are enough pairs, and ratios are to the peers of the same size.
 */
import { describe, expect, it } from 'vitest';
import { type BenchRow, benchTable } from '../src/cli/bench';

const row = (over: Partial<BenchRow>): BenchRow => ({
  backend: 'wasm + native (register tiles)',
  threads: 2,
  width: 32,
  depth: 32,
  batch: 64,
  T: 64,
  stepsPerSec: 1000,
  ...over,
});

describe('bench table', () => {
  it('shows the paired metrics cost, the pairs and the ratios to the peers of the same size', () => {
    const lines = benchTable([
      row({
        stepsPerSecWithMetrics: 500,
        metricsCost: 0.254,
        metricsCostQuartiles: [0.196, 0.312],
        pairs: 61,
      }),
      row({
        width: 128,
        depth: 128,
        stepsPerSec: 50,
        stepsPerSecWithMetrics: 40,
        metricsCost: 0.3,
        pairs: 5,
      }),
      row({ backend: 'numpy (peer)', threads: undefined, stepsPerSec: 400 }),
      row({ backend: 'numpy (peer)', threads: undefined, width: 128, depth: 128, stepsPerSec: 100 }),
    ]);
    const cells = (line: string) => line.split('|').map((c) => c.trim());
    const header = cells(lines[0]);
    const at = (line: string, name: string) => cells(line)[header.indexOf(name)];
    expect(at(lines[2], 'metrics cost (of a step)')).toBe('25 % (quartiles 20–31)');
    expect(at(lines[2], 'pairs of runs')).toBe('61');
    expect(at(lines[2], 'vs NumPy')).toBe('2.50×');
    expect(at(lines[3], 'metrics cost (of a step)')).toBe('30 %');
    expect(at(lines[3], 'vs NumPy')).toBe('0.50×');
    expect(at(lines[4], 'vs NumPy')).toBe('');
  });
});
