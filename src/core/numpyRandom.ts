/**
 * NumPy's `default_rng(seed)` reproduced bit for bit, as far as the official data order needs it:
 * SeedSequence (entropy pool and state generation), the PCG64 bit generator (128-bit LCG with the
 * XSL-RR output), NumPy's buffered 32-bit draws, the masked-rejection bounded integer of
 * `Generator.shuffle` and `Generator.permutation(n)` (= shuffle of arange(n)).
 * Written from NumPy's documented algorithms; test/numpyRandom.test.ts checks it against vectors that
 * scripts/numpy-vectors.py printed with NumPy itself. Pure: imports nothing. BigInt for the 128-bit
 * state (a 60,000-element permutation takes a few milliseconds).
 */

const MASK32 = 0xffffffffn;
const MASK64 = (1n << 64n) - 1n;
const MASK128 = (1n << 128n) - 1n;

// SeedSequence's hash constants (O'Neill's seed_seq_fe).
const INIT_A = 0x43b0d7e5;
const MULT_A = 0x931e8875;
const INIT_B = 0x8b51f9dd;
const MULT_B = 0x58f38ded;
const MIX_MULT_L = 0xca01f9dd;
const MIX_MULT_R = 0x4973f715;
const POOL_SIZE = 4;

/** A non-negative integer seed as NumPy's little-endian uint32 words (0 is one word, 0). */
function seedWords(seed: number | bigint): number[] {
  let n = BigInt(seed);
  if (n < 0n) throw new RangeError(`a NumPy seed must be non-negative, not ${seed}`);
  if (n === 0n) return [0];
  const words: number[] = [];
  while (n > 0n) {
    words.push(Number(n & MASK32));
    n >>= 32n;
  }
  return words;
}

/** SeedSequence(entropy) without spawn keys: its mixed pool and `generate_state`. */
export class SeedSequence {
  readonly pool: Uint32Array;

  constructor(seed: number | bigint) {
    const entropy = seedWords(seed);
    const pool = new Uint32Array(POOL_SIZE);
    let hashConst = INIT_A;
    const hashmix = (input: number): number => {
      let value = (input ^ hashConst) >>> 0;
      hashConst = Math.imul(hashConst, MULT_A) >>> 0;
      value = Math.imul(value, hashConst) >>> 0;
      return (value ^ (value >>> 16)) >>> 0;
    };
    const mix = (x: number, y: number): number => {
      const r = (Math.imul(MIX_MULT_L, x) - Math.imul(MIX_MULT_R, y)) >>> 0;
      return (r ^ (r >>> 16)) >>> 0;
    };
    for (let i = 0; i < POOL_SIZE; i++) pool[i] = hashmix(i < entropy.length ? entropy[i] : 0);
    for (let src = 0; src < POOL_SIZE; src++) {
      for (let dst = 0; dst < POOL_SIZE; dst++) {
        if (src !== dst) pool[dst] = mix(pool[dst], hashmix(pool[src]));
      }
    }
    for (let src = POOL_SIZE; src < entropy.length; src++) {
      for (let dst = 0; dst < POOL_SIZE; dst++) pool[dst] = mix(pool[dst], hashmix(entropy[src]));
    }
    this.pool = pool;
  }

  /** `generate_state(n, uint32)`. */
  generateState32(n: number): Uint32Array {
    const out = new Uint32Array(n);
    let hashConst = INIT_B;
    for (let i = 0; i < n; i++) {
      let value = (this.pool[i % POOL_SIZE] ^ hashConst) >>> 0;
      hashConst = Math.imul(hashConst, MULT_B) >>> 0;
      value = Math.imul(value, hashConst) >>> 0;
      out[i] = (value ^ (value >>> 16)) >>> 0;
    }
    return out;
  }

  /** `generate_state(n, uint64)`: pairs of 32-bit words, little-endian. */
  generateState64(n: number): bigint[] {
    const words = this.generateState32(2 * n);
    return Array.from({ length: n }, (_, i) => BigInt(words[2 * i]) | (BigInt(words[2 * i + 1]) << 32n));
  }
}

const PCG_MULTIPLIER = (0x2360ed051fc65da4n << 64n) | 0x4385df649fccf645n;

/** PCG64 (XSL-RR 128/64) seeded as NumPy seeds it from a SeedSequence. */
export class Pcg64 {
  private state: bigint;
  private readonly inc: bigint;
  /** NumPy keeps the upper half of a 64-bit draw for the next 32-bit request. */
  private spare: number | null = null;

  constructor(seed: number | bigint) {
    const [s0, s1, i0, i1] = new SeedSequence(seed).generateState64(4);
    const initState = (s0 << 64n) | s1;
    const initSeq = (i0 << 64n) | i1;
    this.inc = ((initSeq << 1n) | 1n) & MASK128;
    this.state = 0n;
    this.step();
    this.state = (this.state + initState) & MASK128;
    this.step();
  }

  private step(): void {
    this.state = (this.state * PCG_MULTIPLIER + this.inc) & MASK128;
  }

  /** The next 64 random bits. */
  next64(): bigint {
    this.step();
    const value = ((this.state >> 64n) ^ this.state) & MASK64;
    const rot = this.state >> 122n;
    return ((value >> rot) | (value << ((64n - rot) & 63n))) & MASK64;
  }

  /** The next 32 random bits: the low half of a fresh 64-bit draw, then its high half. */
  next32(): number {
    if (this.spare !== null) {
      const out = this.spare;
      this.spare = null;
      return out;
    }
    const v = this.next64();
    this.spare = Number(v >> 32n);
    return Number(v & MASK32);
  }

  /** `random_interval(max)`: uniform in [0, max] by masked rejection (32-bit draws below 2^32). */
  interval(max: number): number {
    if (max === 0) return 0;
    if (!(Number.isInteger(max) && max > 0 && max <= 0xffffffff)) {
      throw new RangeError(`interval bound must be an integer in 1 … 2^32 − 1, not ${max}`);
    }
    let mask = max;
    for (const s of [1, 2, 4, 8, 16]) mask |= mask >>> s;
    mask >>>= 0;
    let value: number;
    do value = (this.next32() & mask) >>> 0;
    while (value > max);
    return value;
  }

  /** `Generator.shuffle` of a 1-D array, in place (Fisher–Yates from the end). */
  shuffle<T extends { length: number; [i: number]: number }>(array: T): T {
    for (let i = array.length - 1; i >= 1; i--) {
      const j = this.interval(i);
      const t = array[i];
      array[i] = array[j];
      array[j] = t;
    }
    return array;
  }

  /** `Generator.permutation(n)`: a shuffled arange(n). */
  permutation(n: number): Uint32Array {
    if (!(Number.isInteger(n) && n >= 0 && n <= 0xffffffff)) {
      throw new RangeError(`permutation length must be a natural number, not ${n}`);
    }
    const out = new Uint32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    return this.shuffle(out);
  }
}

/** `np.random.default_rng(seed)`. */
export function defaultRng(seed: number | bigint): Pcg64 {
  return new Pcg64(seed);
}
