/**
 * The explorer file written by scripts/explorer-data.mjs (layout there), parsed for Node and the
 * browser alike: gzip-compressed on disk, unpacked with DecompressionStream (both have it), then
 * validated like the full files (format.ts), with DataFileError naming the file and the fix.
 */
import { EXPLORER_POOL } from './explorerPool';
import {
  ascii,
  checkLabels,
  DataFileError,
  type DataFileProblem,
  type DataSet,
  type DataSetName,
  fnv1a,
} from './format';

export const EXPLORER_FILES: Record<DataSetName, string> = {
  fashion: 'fashion-mnist.explorer.bin',
  mnist: 'mnist.explorer.bin',
};

export const EXPLORER_MAGIC = 'PCALMEXP';
const HEADER_BYTES = 64;
const HISTOGRAM_BYTES = 256 * 4;

/** True when the bytes start with gzip's magic number (1f 8b). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * The file's bytes unpacked. A server that already sent it with Content-Encoding: gzip (the browser
 * then unpacks it on the way) hands over plain bytes, which pass through.
 */
export async function gunzip(bytes: Uint8Array, file: string): Promise<Uint8Array> {
  if (!isGzip(bytes)) return bytes;
  try {
    const stream = new Blob([bytes as Uint8Array<ArrayBuffer>])
      .stream()
      .pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (error) {
    throw new DataFileError(
      file,
      'truncated',
      `cannot be unpacked (${error instanceof Error ? error.message : error})`,
    );
  }
}

/** Parses an unpacked explorer file into a DataSet whose train split is the pool (test split empty). */
export function parseExplorerFile(bytes: Uint8Array, file: string): DataSet {
  const fail = (problem: DataFileProblem, detail: string): never => {
    throw new DataFileError(file, problem, detail);
  };
  const magic = ascii(bytes.subarray(0, 8));
  if (magic !== EXPLORER_MAGIC) {
    fail(
      'magic',
      /^\s*</.test(magic)
        ? 'got an HTML page instead of a data file (is the file missing?)'
        : `wrong magic bytes (expected "${EXPLORER_MAGIC}"); this is not an explorer data file`,
    );
  }
  if (bytes.length < HEADER_BYTES)
    fail('truncated', `truncated: ${bytes.length} bytes, shorter than the header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, HEADER_BYTES);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  if (u16(8) !== 1) fail('version', `format version ${u16(8)}, but this app reads version 1`);
  const [pool, sourceTrain, rows, cols, classes] = [u32(12), u32(16), u16(24), u16(26), u16(28)];
  const D = rows * cols;
  const payloadBytes = u32(40);
  if (
    u16(10) !== HEADER_BYTES ||
    D === 0 ||
    classes === 0 ||
    classes > 256 ||
    pool !== Math.min(EXPLORER_POOL, sourceTrain) ||
    payloadBytes !== HISTOGRAM_BYTES + pool * (D + 1)
  ) {
    fail('header', `inconsistent header (expected a pool of ${EXPLORER_POOL} samples and matching sizes)`);
  }
  if (bytes.length !== HEADER_BYTES + payloadBytes) {
    fail('truncated', `wrong size: ${bytes.length} bytes, expected ${HEADER_BYTES + payloadBytes}`);
  }
  const payload = bytes.subarray(HEADER_BYTES);
  if (fnv1a(payload) !== u32(44))
    fail('checksum', 'corrupted: the payload checksum does not match the header');
  const hv = new DataView(payload.buffer, payload.byteOffset, HISTOGRAM_BYTES);
  const trainHistogram = Float64Array.from({ length: 256 }, (_, b) => hv.getUint32(4 * b, true));
  const pixels = payload.subarray(HISTOGRAM_BYTES, HISTOGRAM_BYTES + pool * D);
  const labels = payload.subarray(HISTOGRAM_BYTES + pool * D);
  checkLabels(labels, classes, fail);
  return {
    name: ascii(bytes.subarray(48, HEADER_BYTES)),
    file,
    train: { offset: 0, count: pool },
    test: { offset: pool, count: 0 },
    rows,
    cols,
    classes,
    splitSeed: u32(32),
    pixels,
    labels,
    trainHistogram,
  };
}
