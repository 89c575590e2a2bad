#!/usr/bin/env node
/**
 * Draws the app's icons (public/icon-192.png, icon-512.png, icon-maskable-512.png) from the favicon's
 * design, a rising line on a blue square, with distance-based antialiasing; plain Node (zlib) only.
 * Run once after changing the design: `node scripts/make-icons.mjs` (the PNGs are committed).
 */
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const BLUE = [0x1f, 0x6f, 0xeb];
const LINE = [
  [6, 24],
  [12, 16],
  [18, 20],
  [26, 8],
];

function crc32(bytes) {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

function segmentDistance(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}

/** RGBA pixels of the icon at `size`; `maskable` fills the square and shrinks the line into the safe zone. */
function draw(size, maskable) {
  const px = Buffer.alloc(size * size * 4);
  const unit = size / 32;
  const radius = maskable ? 0 : 6;
  const shrink = maskable ? 0.7 : 1;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const u = (x + 0.5) / unit;
      const v = (y + 0.5) / unit;
      // Rounded square: signed distance in icon units, coverage over one pixel.
      const qx = Math.max(Math.abs(u - 16) - (16 - radius), 0);
      const qy = Math.max(Math.abs(v - 16) - (16 - radius), 0);
      const square = Math.hypot(qx, qy) - radius;
      const fill = maskable ? 1 : Math.min(1, Math.max(0, 0.5 - square * unit));
      const lu = 16 + (u - 16) / shrink;
      const lv = 16 + (v - 16) / shrink;
      let d = Number.POSITIVE_INFINITY;
      for (let i = 0; i + 1 < LINE.length; i++)
        d = Math.min(d, segmentDistance(lu, lv, LINE[i], LINE[i + 1]));
      const line = Math.min(1, Math.max(0, 0.5 - (d - 1.5) * unit * shrink));
      const at = 4 * (y * size + x);
      for (let c = 0; c < 3; c++) px[at + c] = Math.round(BLUE[c] * (1 - line) + 255 * line);
      px[at + 3] = Math.round(255 * fill);
    }
  }
  return px;
}

function png(size, maskable = false) {
  const rgba = draw(size, maskable);
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const out = new URL('../public/', import.meta.url);
writeFileSync(new URL('icon-192.png', out), png(192));
writeFileSync(new URL('icon-512.png', out), png(512));
writeFileSync(new URL('icon-maskable-512.png', out), png(512, true));
console.log('make-icons: wrote public/icon-192.png, icon-512.png, icon-maskable-512.png');
