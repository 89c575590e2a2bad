/**
 * src/core/numpyRandom.ts against vectors printed by NumPy itself (scripts/numpy-vectors.py, output
 * committed as test/fixtures/numpy-vectors.json; no Python needed here): SeedSequence, PCG64's raw
 * output, default_rng(seed).permutation(n) and Generator.shuffle of the 60,000-sample train split as
 * the official data.py shuffles it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultRng, Pcg64, SeedSequence } from '../src/core/numpyRandom';
import { fnv1a } from '../src/data/format';

interface Vectors {
  numpy: string;
  seedSequence: Array<{ seed: string; pool: number[]; state32: number[]; state64: string[] }>;
  pcg64: Array<{ seed: string; raw64: string[] }>;
  permutations: Array<{ seed: string; n: number; head: number[]; fnv1a: number }>;
  shuffles: Array<{ seed: number; n: number; head: number[]; tail: number[]; fnv1a: number }>;
}

const V = JSON.parse(
  readFileSync(new URL('./fixtures/numpy-vectors.json', import.meta.url), 'utf8'),
) as Vectors;

const hashOf = (values: Uint32Array) =>
  fnv1a(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));

describe(`NumPy ${V.numpy}: SeedSequence and PCG64`, () => {
  it.each(V.seedSequence)('SeedSequence($seed): pool, generate_state 32 and 64', (c) => {
    const ss = new SeedSequence(BigInt(c.seed));
    expect([...ss.pool]).toEqual(c.pool);
    expect([...ss.generateState32(8)]).toEqual(c.state32);
    expect(ss.generateState64(4).map(String)).toEqual(c.state64);
  });

  it.each(V.pcg64)('PCG64($seed) raw 64-bit output', (c) => {
    const g = new Pcg64(BigInt(c.seed));
    expect(c.raw64.map(() => String(g.next64()))).toEqual(c.raw64);
  });

  it('rejects bad seeds and bounds', () => {
    expect(() => new SeedSequence(-1)).toThrow(RangeError);
    expect(() => defaultRng(0).interval(2 ** 32)).toThrow(RangeError);
    expect(() => defaultRng(0).permutation(-1)).toThrow(RangeError);
  });
});

describe('default_rng(seed).permutation and shuffle', () => {
  it.each(V.permutations)('permutation($n) with seed $seed', (c) => {
    const perm = defaultRng(BigInt(c.seed)).permutation(c.n);
    expect([...perm.subarray(0, 12)]).toEqual(c.head);
    expect(hashOf(perm)).toBe(c.fnv1a);
  });

  it.each(V.shuffles)('shuffle of arange($n) with seed $seed (data.py’s train / test order)', (c) => {
    const idx = defaultRng(c.seed).permutation(c.n);
    expect([...idx.subarray(0, 64)]).toEqual(c.head);
    expect([...idx.subarray(-8)]).toEqual(c.tail);
    expect(hashOf(idx)).toBe(c.fnv1a);
  });
});
