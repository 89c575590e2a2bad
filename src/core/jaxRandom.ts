/**
 * JAX's default random numbers, reproduced bit for bit: the Threefry-2x32 hash, `PRNGKey(seed)`,
 * `split`, `random_bits` (32-bit) and `normal` in float32, so that `rng=official` draws the very
 * initial weights the official code draws (`jax.random.split(PRNGKey(seed), depth)`, then
 * `jax.random.normal(key_l, (out, in))` per layer).
 *
 * JAX has two ways to turn a key and a shape into counter values, chosen by the flag
 * `jax_threefry_partitionable` (true by default since JAX 0.5.0; `false` before):
 * - legacy ("original"): the counts 0 … n−1 (padded to even) are cut into two halves, the first half
 *   hashed as the first word and the second half as the second word, and the two outputs concatenated;
 *   split(key, n) takes the 2n such words as n keys.
 * - partitionable ("fold-like"): element i is hashed on its own with the 64-bit counter i as the word
 *   pair (i >> 32, i & 0xffffffff); random bits are the XOR of the two output words, and split(key, n)
 *   keys are the two output words themselves.
 * Written from JAX's documented semantics and checked against published outputs (test/jaxRandom.test.ts).
 * Pure: imports nothing.
 */

export type JaxKey = readonly [number, number];
export type SplitScheme = 'legacy' | 'partitionable';

const rotl = (x: number, r: number) => ((x << r) | (x >>> (32 - r))) >>> 0;

const ROTATIONS = [
  [13, 15, 26, 6],
  [17, 29, 16, 24],
] as const;

/**
 * Threefry-2x32 with 20 rounds (Salmon et al. 2011, the variant JAX uses) of one word pair under a key.
 * Integer-only, so identical everywhere.
 */
export function threefry2x32(key: JaxKey, x0: number, x1: number): [number, number] {
  const ks = [key[0] >>> 0, key[1] >>> 0, (key[0] ^ key[1] ^ 0x1bd11bda) >>> 0];
  let a = (x0 + ks[0]) >>> 0;
  let b = (x1 + ks[1]) >>> 0;
  for (let group = 0; group < 5; group++) {
    for (const r of ROTATIONS[group % 2]) {
      a = (a + b) >>> 0;
      b = rotl(b, r) ^ a;
    }
    // Key injection after every four rounds: the schedule rotates through the three key words.
    a = (a + ks[(group + 1) % 3]) >>> 0;
    b = (b + ks[(group + 2) % 3] + group + 1) >>> 0;
  }
  return [a >>> 0, b >>> 0];
}

/** `jax.random.PRNGKey(seed)` for a non-negative integer seed below 2^53: the seed's high and low 32 bits. */
export function prngKey(seed: number): JaxKey {
  if (!(Number.isSafeInteger(seed) && seed >= 0)) {
    throw new RangeError(`a JAX seed here must be a non-negative integer, not ${seed}`);
  }
  return [Math.floor(seed / 2 ** 32) >>> 0, seed >>> 0];
}

/**
 * JAX's `threefry_2x32(key, counts)` on a flat array (the legacy layout): padded to even length, the
 * first half and the second half hashed pairwise, outputs concatenated, the padding dropped.
 */
export function threefryCounts(key: JaxKey, counts: Uint32Array): Uint32Array {
  const n = counts.length;
  const half = Math.ceil(n / 2);
  const out = new Uint32Array(2 * half);
  for (let i = 0; i < half; i++) {
    const second = half + i < n ? counts[half + i] : 0;
    const [y0, y1] = threefry2x32(key, counts[i], second);
    out[i] = y0;
    out[half + i] = y1;
  }
  return n % 2 ? out.subarray(0, n) : out;
}

/** The counter pair of flat element i under the partitionable scheme. */
const counter = (i: number): [number, number] => [Math.floor(i / 2 ** 32) >>> 0, i >>> 0];

/** `jax.random.split(key, n)`: n new keys. */
export function split(key: JaxKey, n: number, scheme: SplitScheme): JaxKey[] {
  checkCount(n);
  if (scheme === 'legacy') {
    const words = threefryCounts(key, iota(2 * n));
    return Array.from({ length: n }, (_, i): JaxKey => [words[2 * i], words[2 * i + 1]]);
  }
  return Array.from({ length: n }, (_, i) => threefry2x32(key, ...counter(i)) as JaxKey);
}

/** `random_bits(key, 32, shape)` for `size` = the product of the shape (row-major). */
export function randomBits(key: JaxKey, size: number, scheme: SplitScheme): Uint32Array {
  checkCount(size);
  if (scheme === 'legacy') return threefryCounts(key, iota(size));
  const out = new Uint32Array(size);
  for (let i = 0; i < size; i++) {
    const [y0, y1] = threefry2x32(key, ...counter(i));
    out[i] = (y0 ^ y1) >>> 0;
  }
  return out;
}

const f32 = Math.fround;
const F32_VIEW = new DataView(new ArrayBuffer(4));

/** The float32 whose bits are `bits`. */
function bitsToFloat(bits: number): number {
  F32_VIEW.setUint32(0, bits >>> 0);
  return F32_VIEW.getFloat32(0);
}

/** nextafter(−1, 0) in float32: −(1 − 2^−24), the low end of the uniform draw behind `normal`. */
const UNIFORM_LO = f32(-(1 - 2 ** -24));
/** maxval − minval in float32: 1 − (−1 + 2^−24) = 2 − 2^−24 rounds (to even) to 2. */
const UNIFORM_SPAN = f32(1 - UNIFORM_LO);

/**
 * `uniform(key, minval = nextafter(−1, 0), maxval = 1)` in float32 from 32 random bits: the top 23
 * bits as the mantissa of a float in [1, 2), minus 1, scaled and shifted, clamped at minval.
 */
export function bitsToSymmetricUniform(bits: number): number {
  const unit = f32(bitsToFloat((bits >>> 9) | 0x3f800000) - 1);
  return Math.max(UNIFORM_LO, f32(f32(unit * UNIFORM_SPAN) + UNIFORM_LO));
}

/** `uniform(key, shape)` on [0, 1) from 32 random bits (JAX's default minval 0, maxval 1). */
export function bitsToUnitUniform(bits: number): number {
  return Math.max(0, f32(bitsToFloat((bits >>> 9) | 0x3f800000) - 1));
}

// Giles' single-precision erfinv polynomial, as XLA evaluates ErfInv for float32 (Horner, float32).
const ERFINV_CENTRAL = [
  2.81022636e-8, 3.43273939e-7, -3.5233877e-6, -4.39150654e-6, 0.00021858087, -0.00125372503, -0.00417768164,
  0.246640727, 1.50140941,
].map(f32);
const ERFINV_TAIL = [
  -0.000200214257, 0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773, -0.0076224613, 0.00943887047,
  1.00167406, 2.83297682,
].map(f32);

/** erfinv(x) in float32 as XLA computes it (log1p and sqrt correctly rounded to float32). */
export function erfinvF32(x: number): number {
  const xf = f32(x);
  if (Math.abs(xf) === 1) return xf * Number.POSITIVE_INFINITY;
  let w = f32(-f32(Math.log1p(f32(-f32(xf * xf)))));
  const central = w < 5;
  const c = central ? ERFINV_CENTRAL : ERFINV_TAIL;
  w = central ? f32(w - 2.5) : f32(f32(Math.sqrt(w)) - 3);
  let p = c[0];
  for (let i = 1; i < c.length; i++) p = f32(c[i] + f32(p * w));
  return f32(p * xf);
}

const SQRT2_F32 = f32(Math.SQRT2);

/** One standard normal float32 from 32 random bits: √2 · erfinv(uniform on (−1, 1)). */
export function bitsToNormal(bits: number): number {
  return f32(SQRT2_F32 * erfinvF32(bitsToSymmetricUniform(bits)));
}

/** `jax.random.normal(key, shape, float32)` for `size` = the product of the shape (row-major). */
export function normal(key: JaxKey, size: number, scheme: SplitScheme): Float32Array {
  const bits = randomBits(key, size, scheme);
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = bitsToNormal(bits[i]);
  return out;
}

/** `jax.random.uniform(key, shape, float32)` on [0, 1). */
export function uniform(key: JaxKey, size: number, scheme: SplitScheme): Float32Array {
  const bits = randomBits(key, size, scheme);
  return Float32Array.from(bits, bitsToUnitUniform);
}

function iota(n: number): Uint32Array {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

function checkCount(n: number): void {
  if (!(Number.isInteger(n) && n >= 0 && n <= 2 ** 32)) {
    throw new RangeError(`a count of random values must be an integer from 0 to 2^32, not ${n}`);
  }
}
