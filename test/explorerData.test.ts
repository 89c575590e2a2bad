/**
 * Issue 10 §2: the explorer's small data file (scripts/explorer-data.mjs) gives the same batch as the
 * full file, for the app (which loads the small file) and `cli run` (which loads the full one).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  explorerPathFor,
  EXPLORER_POOL as SCRIPT_POOL,
  writeExplorerFile,
} from '../scripts/explorer-data.mjs';
import { inputStatistics, inputTable } from '../src/data/batches';
import { EXPLORER_FILES, gunzip, parseExplorerFile } from '../src/data/explorerFile';
import { EXPLORER_POOL, explorerPool } from '../src/data/explorerPool';
import { DataFileError, type DataSet, type DataSetName } from '../src/data/format';
import { DEFAULT_DATA_DIR, loadDataSet } from '../src/data/loadNode';
import { inferenceBatch } from '../src/engine/experiment';
import { defaultConfig } from '../src/state/schema';

const NAMES: DataSetName[] = ['fashion', 'mnist'];
const full = {} as Record<DataSetName, DataSet>;
const small = {} as Record<DataSetName, DataSet>;
let tmp: string;

async function readExplorer(file: string): Promise<DataSet> {
  return parseExplorerFile(await gunzip(new Uint8Array(readFileSync(file)), file), file);
}

beforeAll(async () => {
  if (NAMES.some((n) => !existsSync(path.join(DEFAULT_DATA_DIR, EXPLORER_FILES[n])))) {
    execFileSync(process.execPath, [path.resolve(DEFAULT_DATA_DIR, '../../scripts/build-data.mjs')]);
  }
  for (const name of NAMES) {
    full[name] = await loadDataSet(name);
    small[name] = await readExplorer(path.join(DEFAULT_DATA_DIR, EXPLORER_FILES[name]));
  }
  tmp = mkdtempSync(path.join(tmpdir(), 'pcalm-explorer-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the explorer file', () => {
  it('holds the pool (the first 1,024 train samples) in well under a megabyte', () => {
    expect(SCRIPT_POOL).toBe(EXPLORER_POOL);
    for (const name of NAMES) {
      const set = small[name];
      expect(set.train.count).toBe(EXPLORER_POOL);
      expect(set.test.count).toBe(0);
      const D = set.rows * set.cols;
      expect(
        Buffer.from(set.pixels).equals(Buffer.from(full[name].pixels.subarray(0, EXPLORER_POOL * D))),
      ).toBe(true);
      expect([...set.labels]).toEqual([...full[name].labels.subarray(0, EXPLORER_POOL)]);
      expect(statSync(path.join(DEFAULT_DATA_DIR, EXPLORER_FILES[name])).size).toBeLessThan(500_000);
    }
  });

  it('standardises with the full train split’s μ and σ, bit for bit', () => {
    for (const name of NAMES) {
      expect(inputStatistics(small[name])).toEqual(inputStatistics(full[name]));
      expect(inputTable(small[name])).toEqual(inputTable(full[name]));
      // The pool's own bytes would give other statistics: the histogram is what makes them equal.
      const own = { ...small[name], trainHistogram: undefined };
      expect(inputStatistics(own).mean).not.toBe(inputStatistics(full[name]).mean);
    }
  });

  it('gives the same batch as the full file for every seed, size and data set tried', () => {
    for (const name of NAMES) {
      for (const seed of [0, 1, 7, 12345, 2 ** 31 - 1]) {
        for (const batch of [1, 64, 333, 1024]) {
          const config = { ...defaultConfig(), data: name, seed, batch };
          const a = inferenceBatch(config, full[name]);
          const b = inferenceBatch(config, small[name]);
          expect(b.labels).toEqual(a.labels);
          expect(Buffer.from(b.x.data.buffer).equals(Buffer.from(a.x.data.buffer))).toBe(true);
        }
      }
    }
    // Different seeds still draw different batches from the pool.
    const one = inferenceBatch({ ...defaultConfig(), seed: 1 }, small.fashion);
    const two = inferenceBatch({ ...defaultConfig(), seed: 2 }, small.fashion);
    expect(one.labels).not.toEqual(two.labels);
    expect(explorerPool(small.fashion)).toBe(small.fashion);
  });

  it('is rebuilt only when missing, stale or forced, and identically', () => {
    const copy = path.join(tmp, 'mnist.bin');
    copyFileSync(path.join(DEFAULT_DATA_DIR, 'mnist.bin'), copy);
    expect(writeExplorerFile(copy).written).toBe(true);
    const first = readFileSync(explorerPathFor(copy));
    expect(writeExplorerFile(copy).written).toBe(false);
    expect(writeExplorerFile(copy, { force: true }).written).toBe(true);
    expect(readFileSync(explorerPathFor(copy)).equals(first)).toBe(true);
    expect(first.equals(readFileSync(path.join(DEFAULT_DATA_DIR, EXPLORER_FILES.mnist)))).toBe(true);
  });

  it('refuses a damaged file, naming it', async () => {
    const file = path.join(DEFAULT_DATA_DIR, EXPLORER_FILES.mnist);
    const raw = gunzipSync(readFileSync(file));
    const flipped = new Uint8Array(raw);
    flipped[5000] ^= 0xff;
    expect(() => parseExplorerFile(flipped, 'x.bin')).toThrow(/x\.bin: corrupted/);
    expect(() => parseExplorerFile(raw.subarray(0, raw.length - 1), 'x.bin')).toThrow(DataFileError);
    expect(() => parseExplorerFile(new TextEncoder().encode('<!doctype html><html>'), 'x.bin')).toThrow(
      /HTML page/,
    );
    await expect(gunzip(new Uint8Array([0x1f, 0x8b, 1, 2, 3]), 'y.bin')).rejects.toThrow(
      /y\.bin: cannot be unpacked/,
    );
    // Plain (already unpacked) bytes pass through gunzip, as when a host sent them gzip-encoded.
    expect(parseExplorerFile(await gunzip(new Uint8Array(raw), file), file).train.count).toBe(EXPLORER_POOL);
  });
});
