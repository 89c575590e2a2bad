/**
 * The explorer's data file, written beside each full data file by scripts/build-data.mjs: the first
 * EXPLORER_POOL train samples (the file's train order is already a seeded shuffle), from which the
 * explorer draws its batch (src/data/explorerPool.ts), plus the byte histogram of the whole train
 * split, so the inputs are standardised with exactly the full split's μ and σ. The app loads this
 * instead of the full file: 0.45 MB (Fashion-MNIST) instead of 55 MB. Mirrored by src/data/explorerFile.ts.
 *
 * Layout before compression (little-endian); the file on disk is this, gzip-compressed:
 *   0 magic "PCALMEXP" (8) | 8 u16 version (1) | 10 u16 header bytes (64) | 12 u32 pool samples
 *   16 u32 train of the source | 20 u32 test of the source | 24 u16 rows | 26 u16 cols | 28 u16 classes
 *   30 u16 reserved (0) | 32 u32 split seed | 36 u32 the source's payload checksum | 40 u32 payload bytes
 *   44 u32 FNV-1a of the payload | 48 name, ASCII, NUL-padded (16)
 *   64 payload: 256 × u32 histogram of the source's train pixel bytes, pool·rows·cols pixels, pool labels
 *
 * Idempotent: an existing file whose header names the same source (its payload checksum) and whose own
 * checksum holds is left alone; gzip output is deterministic (no time stamp), so a rebuild is identical.
 */
import fs from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';

/** Same value as EXPLORER_POOL in src/data/explorerPool.ts (test/explorerData.test.ts checks it). */
export const EXPLORER_POOL = 1024;
export const EXPLORER_MAGIC = 'PCALMEXP';
const HEADER = 64;
const HISTOGRAM = 256 * 4;

function fnv1a(bytes, h = 0x811c9dc5) {
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return h >>> 0;
}

/** public/data/fashion-mnist.bin → public/data/fashion-mnist.explorer.bin */
export function explorerPathFor(fullPath) {
  return fullPath.replace(/\.bin$/, '.explorer.bin');
}

function readSourceHeader(fullPath) {
  const fd = fs.openSync(fullPath, 'r');
  const header = Buffer.alloc(HEADER);
  fs.readSync(fd, header, 0, HEADER, 0);
  fs.closeSync(fd);
  if (header.subarray(0, 8).toString('latin1') !== 'PCALMDAT')
    throw new Error(`${fullPath} is not a data file`);
  const view = new DataView(header.buffer, header.byteOffset, HEADER);
  return {
    header,
    train: view.getUint32(16, true),
    test: view.getUint32(20, true),
    rows: view.getUint16(24, true),
    cols: view.getUint16(26, true),
    classes: view.getUint16(28, true),
    splitSeed: view.getUint32(32, true),
    checksum: view.getUint32(44, true),
  };
}

function encodeHeader(source, pool, payloadBytes, checksum) {
  const header = Buffer.alloc(HEADER);
  const view = new DataView(header.buffer, header.byteOffset, HEADER);
  header.write(EXPLORER_MAGIC, 0, 'latin1');
  view.setUint16(8, 1, true);
  view.setUint16(10, HEADER, true);
  view.setUint32(12, pool, true);
  view.setUint32(16, source.train, true);
  view.setUint32(20, source.test, true);
  view.setUint16(24, source.rows, true);
  view.setUint16(26, source.cols, true);
  view.setUint16(28, source.classes, true);
  view.setUint32(32, source.splitSeed, true);
  view.setUint32(36, source.checksum, true);
  view.setUint32(40, payloadBytes, true);
  view.setUint32(44, checksum, true);
  source.header.copy(header, 48, 48, 64);
  return header;
}

function upToDate(path, source, pool) {
  if (!fs.existsSync(path)) return false;
  let bytes;
  try {
    bytes = gunzipSync(fs.readFileSync(path));
  } catch {
    return false;
  }
  if (bytes.length < HEADER) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, HEADER);
  const D = source.rows * source.cols;
  const payloadBytes = HISTOGRAM + pool * (D + 1);
  const expected = encodeHeader(source, pool, payloadBytes, view.getUint32(44, true));
  if (!expected.equals(bytes.subarray(0, HEADER)) || bytes.length !== HEADER + payloadBytes) return false;
  return fnv1a(bytes.subarray(HEADER)) === view.getUint32(44, true);
}

/** Writes (or keeps) the explorer file of one full data file; returns what it did. */
export function writeExplorerFile(fullPath, { force = false } = {}) {
  const path = explorerPathFor(fullPath);
  const source = readSourceHeader(fullPath);
  const pool = Math.min(EXPLORER_POOL, source.train);
  if (!force && upToDate(path, source, pool)) return { path, written: false, pool };
  const full = fs.readFileSync(fullPath);
  const D = source.rows * source.cols;
  const total = source.train + source.test;
  const pixels = full.subarray(HEADER, HEADER + total * D);
  const labels = full.subarray(HEADER + total * D, HEADER + total * (D + 1));
  const histogram = new Uint32Array(256);
  const train = pixels.subarray(0, source.train * D);
  for (let i = 0; i < train.length; i++) histogram[train[i]]++;
  const payload = Buffer.alloc(HISTOGRAM + pool * (D + 1));
  const hv = new DataView(payload.buffer, payload.byteOffset, HISTOGRAM);
  for (let b = 0; b < 256; b++) hv.setUint32(4 * b, histogram[b], true);
  payload.set(pixels.subarray(0, pool * D), HISTOGRAM);
  payload.set(labels.subarray(0, pool), HISTOGRAM + pool * D);
  const raw = Buffer.concat([encodeHeader(source, pool, payload.length, fnv1a(payload)), payload]);
  const compressed = gzipSync(raw, { level: 9 });
  const tmp = `${path}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, compressed);
  fs.renameSync(tmp, path);
  return { path, written: true, pool, bytes: compressed.length };
}
