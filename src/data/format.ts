/**
 * The data file format written by scripts/build-data.mjs, parsed and validated here for Node and
 * the browser alike (no fs, no fetch). Layout, little-endian:
 *
 *   0  magic "PCALMDAT" (8 bytes)      8  u16 version (1)      10 u16 header bytes (64)
 *   12 u32 total   16 u32 train   20 u32 test   24 u16 rows   26 u16 cols   28 u16 classes
 *   30 u16 reserved (0)   32 u32 split seed   36 u32 source fingerprint   40 u32 payload bytes
 *   44 u32 FNV-1a (32-bit) of the payload   48 name, ASCII, NUL-padded (16 bytes)
 *   64 payload: total·rows·cols pixels (u8, 0–255, row-major per image), then total labels (u8)
 *
 * Samples are stored in split order, train first (indices 0 … train−1), then test.
 */

export type DataSetName = 'fashion' | 'mnist';

export const DATA_FILES: Record<DataSetName, string> = {
  fashion: 'fashion-mnist.bin',
  mnist: 'mnist.bin',
};

export const DATA_MAGIC = 'PCALMDAT';
export const DATA_VERSION = 1;
export const HEADER_BYTES = 64;
export const REBUILD_COMMAND = 'npm run build:data';

export type DataFileProblem =
  | 'missing'
  | 'http'
  | 'magic'
  | 'version'
  | 'header'
  | 'truncated'
  | 'checksum'
  | 'label';

/** Any problem with a data file; the message names the file and says how to rebuild it. */
export class DataFileError extends Error {
  override readonly name = 'DataFileError';
  constructor(
    readonly file: string,
    readonly problem: DataFileProblem,
    detail: string,
  ) {
    super(
      `Data file ${file}: ${detail}. Rebuild it with \`${REBUILD_COMMAND}\` (add \`-- --force\` to redo it).`,
    );
  }
}

export interface SplitRange {
  /** Index of the split's first sample in `pixels` / `labels`. */
  offset: number;
  count: number;
}

export interface DataSet {
  /** Name stored in the file, e.g. "fashion-mnist". */
  name: string;
  /** Where the bytes came from (path or URL), for messages. */
  file: string;
  train: SplitRange;
  test: SplitRange;
  rows: number;
  cols: number;
  classes: number;
  /** Seed of the stored train/test split. */
  splitSeed: number;
  /** total·rows·cols bytes, 0–255; a view into the file's bytes, not a copy. */
  pixels: Uint8Array;
  /** total class indices, each < classes. */
  labels: Uint8Array;
  /**
   * Byte histogram (256 counts) of the full train split, when this set holds only part of it (the
   * explorer pool, src/data/explorerPool.ts): μ and σ then come from here, not from `pixels`.
   */
  trainHistogram?: Float64Array;
  /**
   * Fixed standardisation constants of pixel/255 (rng=official: the official code's), applied in
   * float32 as it does; absent = the train split's own statistics (src/data/batches.ts).
   */
  standardisation?: { mean: number; std: number };
}

/** 32-bit FNV-1a, the payload checksum (same as in scripts/build-data.mjs). */
export function fnv1a(bytes: Uint8Array, hash = 0x811c9dc5): number {
  let h = hash;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return h >>> 0;
}

/** The text of a NUL-padded ASCII header field (a magic number, a name), up to its first NUL. */
export function ascii(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) {
    if (b === 0) break;
    s += String.fromCharCode(b);
  }
  return s;
}

/** Every label must name one of the classes; `fail` throws the file's DataFileError. */
export function checkLabels(
  labels: Uint8Array,
  classes: number,
  fail: (problem: DataFileProblem, detail: string) => never,
): void {
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] >= classes)
      fail('label', `label ${labels[i]} of sample ${i} is out of range 0…${classes - 1}`);
  }
}

/** Parses and validates a whole data file; throws DataFileError naming `file` on any problem. */
export function parseDataFile(input: ArrayBuffer | Uint8Array, file: string): DataSet {
  // A plain Uint8Array view even for a Node Buffer (whose slice() would share memory, unlike Uint8Array's).
  const bytes = ArrayBuffer.isView(input)
    ? new Uint8Array(input.buffer, input.byteOffset, input.byteLength)
    : new Uint8Array(input);
  const fail = (problem: DataFileProblem, detail: string): never => {
    throw new DataFileError(file, problem, detail);
  };
  if (bytes.length === 0) fail('truncated', 'the file is empty');
  const magic = ascii(bytes.subarray(0, DATA_MAGIC.length));
  if (magic !== DATA_MAGIC) {
    const looksHtml = /^\s*</.test(magic);
    fail(
      'magic',
      looksHtml
        ? 'got an HTML page instead of a data file (is the file missing?)'
        : `wrong magic bytes (expected "${DATA_MAGIC}"); this is not a PC-ALM Explorer data file`,
    );
  }
  if (bytes.length < HEADER_BYTES) {
    fail('truncated', `truncated: ${bytes.length} bytes, shorter than the ${HEADER_BYTES}-byte header`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, HEADER_BYTES);
  const u16 = (at: number): number => view.getUint16(at, true);
  const u32 = (at: number): number => view.getUint32(at, true);
  const version = u16(8);
  if (version !== DATA_VERSION) {
    fail('version', `format version ${version}, but this app reads version ${DATA_VERSION}`);
  }
  const [headerBytes, total, train, test] = [u16(10), u32(12), u32(16), u32(20)];
  const [rows, cols, classes, splitSeed, payloadBytes, checksum] = [
    u16(24),
    u16(26),
    u16(28),
    u32(32),
    u32(40),
    u32(44),
  ];
  const pixelCount = total * rows * cols;
  if (
    headerBytes !== HEADER_BYTES ||
    train + test !== total ||
    rows === 0 ||
    cols === 0 ||
    classes === 0 ||
    classes > 256 ||
    payloadBytes !== pixelCount + total
  ) {
    fail('header', 'inconsistent header (counts, dimensions or sizes do not add up)');
  }
  const expected = HEADER_BYTES + payloadBytes;
  if (bytes.length < expected) {
    fail('truncated', `truncated: ${bytes.length} bytes, expected ${expected}`);
  }
  if (bytes.length > expected) {
    fail('truncated', `wrong size: ${bytes.length} bytes, expected ${expected}`);
  }
  const payload = bytes.subarray(HEADER_BYTES, expected);
  const actual = fnv1a(payload);
  if (actual !== checksum) {
    fail(
      'checksum',
      `corrupted: payload checksum ${hex(actual)} does not match the header's ${hex(checksum)}`,
    );
  }
  const pixels = payload.subarray(0, pixelCount);
  const labels = payload.subarray(pixelCount);
  checkLabels(labels, classes, fail);
  return {
    name: ascii(bytes.subarray(48, HEADER_BYTES)),
    file,
    train: { offset: 0, count: train },
    test: { offset: train, count: test },
    rows,
    cols,
    classes,
    splitSeed,
    pixels,
    labels,
  };
}

const hex = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`;

/** Per-class sample counts of a split, for reports and balance checks. */
export function classCounts(set: DataSet, split: 'train' | 'test'): number[] {
  const { offset, count } = set[split];
  const counts = new Array<number>(set.classes).fill(0);
  for (let i = offset; i < offset + count; i++) counts[set.labels[i]]++;
  return counts;
}
