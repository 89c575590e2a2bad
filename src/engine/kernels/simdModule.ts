/**
 * A tiny WebAssembly SIMD module, assembled here from a description of each element-wise pass and
 * instantiated on tfjs-backend-wasm's own memory, so the fused kernels run their passes at SIMD speed
 * on tensors in place (JavaScript loops over the heap are ~10× slower). Each pass is one function
 * (pointers as byte offsets, a float count, scalar rates): a 4-lane loop and a scalar tail doing the
 * same IEEE float32 operations, so every lane is rounded exactly like the stock tfjs kernels.
 */

/** An expression over the current element: a pointer parameter's value, a scalar, a local, or an op. */
export type Expr =
  | { load: number }
  | { scalar: number }
  | { get: number }
  | { op: 'add' | 'sub' | 'mul' | 'max'; a: Expr; b: Expr }
  /** x > 0 ? 1 : 0, the derivative of ReLU as tfjs's Step computes it. */
  | { positive: Expr }
  /** A constant. */
  | { value: number };

export type Statement =
  | { set: number; to: Expr }
  | { store: number; value: Expr }
  /** Adds to accumulator k; see `PassSpec.accumulators`. */
  | { acc: number; value: Expr };

export interface PassSpec {
  name: string;
  /** Number of pointer parameters (byte offsets into the heap). */
  pointers: number;
  /** Number of float32 scalar parameters, after the pointers and the count. */
  scalars: number;
  /** Number of temporaries. */
  locals: number;
  /**
   * Number of running sums. With any, the last pointer parameter receives them: the 4-lane sums as
   * accumulators·4 floats, then the tail's accumulators floats (the caller adds them up in float64).
   */
  accumulators?: number;
  body: Statement[];
}

/** WebAssembly value types (binary encoding). */
export const I32 = 0x7f;
export const F32 = 0x7d;
export const V128 = 0x7b;
export const F64 = 0x7c;

/** Unsigned LEB128, the encoding of sizes and indices in a module. */
export function leb(n: number): number[] {
  const out: number[] = [];
  let v = n >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  let v = n | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

const f32Bytes = (x: number) => Array.from(new Uint8Array(new Float32Array([x]).buffer));
/** Instructions shared with the raw functions (productDotsKernel.ts): a SIMD opcode, local.get/set. */
export const simd = (op: number) => [0xfd, ...leb(op)];
export const localGet = (k: number) => [0x20, ...leb(k)];
export const localSet = (k: number) => [0x21, ...leb(k)];
const str = (s: string) => {
  const b = Array.from(new TextEncoder().encode(s));
  return [...leb(b.length), ...b];
};
const section = (id: number, body: number[]) => [id, ...leb(body.length), ...body];
const vec = (items: number[][]) => [...leb(items.length), ...items.flat()];

/**
 * Function body. Locals after the parameters: i (byte index), end (bytes), vend (bytes of whole
 * vectors), then `locals` v128 temporaries and `locals` f32 temporaries.
 */
function functionBody(spec: PassSpec): number[] {
  const countParam = spec.pointers;
  const scalarParam = (k: number) => spec.pointers + 1 + k;
  const base = spec.pointers + 1 + spec.scalars;
  const I = base;
  const END = base + 1;
  const VEND = base + 2;
  const acc = spec.accumulators ?? 0;
  const temps = spec.locals + acc;
  const vLocal = (k: number) => base + 3 + k;
  const sLocal = (k: number) => base + 3 + temps + k;
  const vAcc = (k: number) => vLocal(spec.locals + k);
  const sAcc = (k: number) => sLocal(spec.locals + k);
  const get = localGet;
  const set = localSet;
  const address = (p: number) => [...get(p), ...get(I), 0x6a];

  const expr = (e: Expr, wide: boolean): number[] => {
    if ('load' in e) return [...address(e.load), ...(wide ? [...simd(0x00), 0, 0] : [0x2a, 0, 0])];
    if ('scalar' in e) return [...get(scalarParam(e.scalar)), ...(wide ? simd(0x13) : [])];
    if ('value' in e) return [0x43, ...f32Bytes(e.value), ...(wide ? simd(0x13) : [])];
    if ('get' in e) return get(wide ? vLocal(e.get) : sLocal(e.get));
    if ('positive' in e) {
      if (wide) {
        // (x > 0) is an all-ones lane mask; and-ing it with 1.0 gives exactly 1 or +0.
        return [
          ...expr(e.positive, true),
          ...expr({ value: 0 }, true),
          ...simd(0x44),
          ...expr({ value: 1 }, true),
          ...simd(0x4e),
        ];
      }
      return [
        ...expr({ value: 1 }, false),
        ...expr({ value: 0 }, false),
        ...expr(e.positive, false),
        ...expr({ value: 0 }, false),
        0x5e /* f32.gt */,
        0x1b /* select */,
      ];
    }
    const wideOps = { add: 0xe4, sub: 0xe5, mul: 0xe6, max: 0xe9 };
    const narrowOps = { add: 0x92, sub: 0x93, mul: 0x94, max: 0x97 };
    return [...expr(e.a, wide), ...expr(e.b, wide), ...(wide ? simd(wideOps[e.op]) : [narrowOps[e.op]])];
  };
  const statements = (wide: boolean) =>
    spec.body.flatMap((s) => {
      if ('set' in s) return [...expr(s.to, wide), ...set(wide ? vLocal(s.set) : sLocal(s.set))];
      if ('acc' in s) {
        const k = wide ? vAcc(s.acc) : sAcc(s.acc);
        return [...get(k), ...expr(s.value, wide), ...(wide ? simd(0xe4) : [0x92]), ...set(k)];
      }
      return [...address(s.store), ...expr(s.value, wide), ...(wide ? [...simd(0x0b), 0, 0] : [0x38, 0, 0])];
    });
  const out = spec.pointers - 1;
  const flush = Array.from({ length: acc }, (_, k) => [
    ...get(out),
    ...get(vAcc(k)),
    ...simd(0x0b),
    0,
    ...leb(16 * k),
    ...get(out),
    ...get(sAcc(k)),
    0x38,
    0,
    ...leb(16 * acc + 4 * k),
  ]).flat();
  const loop = (limit: number, step: number, wide: boolean) => [
    0x02,
    0x40,
    0x03,
    0x40,
    ...get(I),
    ...get(limit),
    0x4f /* i32.ge_u */,
    0x0d,
    1,
    ...statements(wide),
    ...get(I),
    0x41,
    ...sleb(step),
    0x6a,
    ...set(I),
    0x0c,
    0,
    0x0b,
    0x0b,
  ];
  const code = [
    // end = count·4; vend = end rounded down to 16 bytes; i = 0.
    ...get(countParam),
    0x41,
    2,
    0x74 /* i32.shl */,
    ...set(END),
    ...get(END),
    0x41,
    ...sleb(-16),
    0x71 /* i32.and */,
    ...set(VEND),
    ...loop(VEND, 16, true),
    ...loop(END, 4, false),
    ...flush,
    0x0b,
  ];
  const locals = vec([
    [...leb(3), I32],
    [...leb(temps), V128],
    [...leb(temps), F32],
  ]);
  const body = [...locals, ...code];
  return [...leb(body.length), ...body];
}

/** A function written directly as instructions (no results). */
export interface RawFunction {
  name: string;
  params: number[];
  /** Groups of [count, type]. */
  locals: Array<[number, number]>;
  /** Instructions, ending with `end`. */
  code: number[];
}

function rawBody(f: RawFunction): number[] {
  const body = [...vec(f.locals.map(([n, t]) => [...leb(n), t])), ...f.code];
  return [...leb(body.length), ...body];
}

/** The module's bytes; `shared` declares the memory import as the threaded build's shared memory. */
export function assemble(
  specs: PassSpec[],
  shared: boolean,
  raw: RawFunction[] = [],
): Uint8Array<ArrayBuffer> {
  const types = [
    ...specs.map((s) => [
      0x60,
      ...vec([...Array(s.pointers + 1).fill([I32]), ...Array(s.scalars).fill([F32])]),
      0,
    ]),
    ...raw.map((f) => [0x60, ...vec(f.params.map((t) => [t])), 0]),
  ];
  const names = [...specs.map((s) => s.name), ...raw.map((f) => f.name)];
  // Memory limits: at least one page, at most the whole 32-bit space, so any tfjs memory fits.
  const limits = shared ? [0x03, 1, ...leb(65536)] : [0x00, 1];
  const imports = vec([[...str('env'), ...str('memory'), 0x02, ...limits]]);
  const bytes = [
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, vec(types)),
    ...section(2, imports),
    ...section(3, vec(names.map((_, i) => leb(i)))),
    ...section(7, vec(names.map((name, i) => [...str(name), 0x00, ...leb(i)]))),
    ...section(10, vec([...specs.map(functionBody), ...raw.map(rawBody)])),
  ];
  return new Uint8Array(bytes);
}

export type PassFunction = (...args: number[]) => void;

/** Instantiates the passes on `memory`; null where this engine lacks WebAssembly SIMD. */
export function instantiate(
  specs: PassSpec[],
  memory: WebAssembly.Memory,
  raw: RawFunction[] = [],
): Record<string, PassFunction> | null {
  const shared =
    typeof SharedArrayBuffer !== 'undefined' && (memory.buffer as unknown) instanceof SharedArrayBuffer;
  const bytes = assemble(specs, shared, raw);
  if (!WebAssembly.validate(bytes)) return null;
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
  return instance.exports as unknown as Record<string, PassFunction>;
}
