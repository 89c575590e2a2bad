/**
 * src/core/jaxRandom.ts against published outputs of JAX (each test names its source and which of
 * the two key-splitting schemes it pins: "legacy" = jax_threefry_partitionable false, the default
 * before JAX 0.5; "partitionable" = true, the default since).
 */
import { describe, expect, it } from 'vitest';
import { erfinvF32, normal, prngKey, randomBits, split, threefry2x32, uniform } from '../src/core/jaxRandom';

const hex = (words: number[]) => words.map((w) => `0x${w.toString(16).padStart(8, '0')}`);

describe('Threefry-2x32 (both schemes share it)', () => {
  it('matches the Random123 known-answer vectors that JAX’s own tests use', () => {
    expect(hex(threefry2x32([0, 0], 0, 0))).toEqual(['0x6b200159', '0x99ba4efe']);
    const max = 0xffffffff;
    expect(hex(threefry2x32([max, max], max, max))).toEqual(['0x1cb996fc', '0xbb002be7']);
    expect(hex(threefry2x32([0x13198a2e, 0x03707344], 0x243f6a88, 0x85a308d3))).toEqual([
      '0xc4923a9c',
      '0x483df7a0',
    ]);
  });

  it('PRNGKey(seed) is the seed’s high and low words (JAX test_prng_seeds_and_keys)', () => {
    expect(prngKey(0)).toEqual([0, 0]);
    expect(prngKey(3)).toEqual([0, 3]);
    expect(prngKey(2 ** 31 - 1 + 100)).toEqual([0, 2147483747]);
    expect(prngKey(2 ** 32 + 5)).toEqual([1, 5]);
    expect(() => prngKey(-1)).toThrow(RangeError);
  });
});

describe('legacy scheme (jax_threefry_partitionable = false)', () => {
  it('split(PRNGKey(0)) — JAX’s older documentation and MLX’s compatibility test', () => {
    expect(split(prngKey(0), 2, 'legacy')).toEqual([
      [4146024105, 967050713],
      [2718843009, 1272950319],
    ]);
    expect(split(prngKey(0), 3, 'legacy')).toEqual([
      [2467461003, 428148500],
      [3186719485, 3840466878],
      [2562233961, 1946702221],
    ]);
  });

  it('split(PRNGKey(0), 4) — JAX testPRNGValues (skipped when partitionable)', () => {
    expect(split(prngKey(0), 4, 'legacy')).toEqual([
      [2285895361, 1501764800],
      [1518642379, 4090693311],
      [433833334, 4221794875],
      [839183663, 3740430601],
    ]);
  });

  it('random_bits — a public notebook (key(0), 4 values), JAX testRngRandomBits (PRNGKey(1701)), MLX (odd count)', () => {
    expect([...randomBits(prngKey(0), 4, 'legacy')]).toEqual([4146024105, 967050713, 2718843009, 1272950319]);
    expect([...randomBits(prngKey(1701), 3, 'legacy')]).toEqual([56197195, 4200222568, 961309823]);
    expect([...randomBits(prngKey(0), 3, 'legacy')]).toEqual([4146024105, 1351547692, 2718843009]);
    // JAX _RANDOM_VALUES_CASES "bits" uint32 (5,), seed adler32("bitsthreefry2x32") = 942802475.
    expect([...randomBits(prngKey(942802475), 5, 'legacy')]).toEqual([
      1978747883, 4134381225, 3628107870, 689687174, 2788938207,
    ]);
  });

  it('normal and uniform in float32 — the notebook’s key(0) values and JAX _RANDOM_VALUES_CASES', () => {
    const n = normal(prngKey(0), 4, 'legacy');
    const published = [1.8160863, -0.75488514, 0.33988908, -0.53483534];
    // Printed as float32's shortest repr: our float32 values are exactly those.
    expect([...n]).toEqual(published.map(Math.fround));
    // seed adler32("normalthreefry2x32") = 1193674498, printed to 6 decimals.
    const cases = normal(prngKey(1193674498), 5, 'legacy');
    for (const [i, v] of [-1.173234, -1.511662, 0.070593, -0.099764, 1.052845].entries()) {
      expect(cases[i]).toBeCloseTo(v, 5);
    }
    const u = uniform(prngKey(1338574713), 5, 'legacy');
    for (const [i, v] of [0.298671, 0.073213, 0.873356, 0.260549, 0.412797].entries()) {
      expect(u[i]).toBeCloseTo(v, 5);
    }
  });
});

describe('partitionable scheme (jax_threefry_partitionable = true, the default since JAX 0.5)', () => {
  it('split(key(0), n) — golden keys of public projects’ tests (xtrax, a GRU example, MLIR-TRT)', () => {
    expect(split(prngKey(0), 8, 'partitionable')).toEqual([
      [1797259609, 2579123966],
      [928981903, 3453687069],
      [4146024105, 2718843009],
      [2467461003, 3840466878],
      [2285895361, 433833334],
      [1524306142, 1887795613],
      [3792494674, 2909014575],
      [2716826189, 292468403],
    ]);
    // MLIR-TRT's jitted split(PRNGKey(seed)) for seed 1.
    expect(split(prngKey(1), 2, 'partitionable')).toEqual([
      [507451445, 1853169794],
      [1948878966, 4237131848],
    ]);
    expect(split(prngKey(12345), 1, 'partitionable')).toEqual([[1214163296, 439912094]]);
  });

  it('random_bits is the XOR of the two hash words of counter (0, i)', () => {
    const [y0, y1] = threefry2x32([0, 0], 0, 0);
    expect(randomBits(prngKey(0), 1, 'partitionable')[0]).toBe((y0 ^ y1) >>> 0);
    // And differs from the legacy layout beyond the first key (the schemes are really distinct).
    expect(randomBits(prngKey(0), 4, 'partitionable')).not.toEqual(randomBits(prngKey(0), 4, 'legacy'));
  });
});

describe('erfinv in float32', () => {
  it('inverts erf to float32 accuracy and maps ±1 to ±∞', () => {
    const erf = (x: number) => {
      // Abramowitz–Stegun 7.1.26 is too coarse; integrate the series instead (|x| ≤ 2 here).
      let term = x;
      let sum = x;
      for (let n = 1; n < 80; n++) {
        term *= (-x * x) / n;
        sum += term / (2 * n + 1);
      }
      return (2 / Math.sqrt(Math.PI)) * sum;
    };
    for (const y of [-0.999, -0.9, -0.5, -1e-3, 0, 0.25, 0.7, 0.99]) {
      const x = erfinvF32(y);
      expect(erf(x)).toBeCloseTo(y, 5);
    }
    expect(erfinvF32(1)).toBe(Number.POSITIVE_INFINITY);
    expect(erfinvF32(-1)).toBe(Number.NEGATIVE_INFINITY);
  });
});
