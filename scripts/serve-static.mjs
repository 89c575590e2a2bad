#!/usr/bin/env node
/**
 * A plain static file server for the built app, as a teacher's web host would be: files from one
 * folder under a URL prefix (e.g. /courses/pcalm/), a MIME type by extension, no special headers
 * (no cache rules, no cross-origin isolation unless asked). Used by the end-to-end tests that serve dist/ from a
 * sub-path and count bytes, and by scripts/perf-load.mjs, which also throttles it.
 *
 *   node scripts/serve-static.mjs [dist] [--base /courses/pcalm/] [--port 4281] [--gzip] [--isolation]
 *
 * Options of startStaticServer:
 * - gzip: compress text types (HTML, JS, CSS, SVG, JSON, wasm) when the client accepts it, as GitHub
 *   Pages and most hosts do; data files (.bin) go as they are, also as most hosts do.
 * - throttle { bitsPerSecond, rttMs }: one shared link for every response, like one laptop on Wi-Fi:
 *   each request waits one round trip before its first byte (plus one more on a new connection, for
 *   the TCP handshake), and all bodies share the bandwidth, sent in 16 KB slices.
 * - isolation: send COOP/COEP with every file, as a host configured for it would (the page is then
 *   cross-origin isolated from its first load and runs tfjs-wasm's threaded build).
 * - onBytes(n, path): called with the bytes of every slice written (headers counted too), so a test
 *   can add up what went over the wire.
 * Bounded: it serves only files under `root`; it never reaches out anywhere.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { ISOLATION_HEADERS } from './isolation.mjs';

export const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.bin': 'application/octet-stream',
  '.gz': 'application/gzip',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
};

const COMPRESSIBLE = new Set([
  '.html',
  '.js',
  '.mjs',
  '.css',
  '.json',
  '.webmanifest',
  '.svg',
  '.wasm',
  '.map',
]);
const SLICE = 16 * 1024;

/**
 * Starts the server; resolves to { url, port, close(), bytes() } once it listens. `url` ends with the
 * base, e.g. http://localhost:4281/courses/pcalm/.
 */
export async function startStaticServer({
  root,
  base = '/',
  port = 0,
  host = '127.0.0.1',
  gzip = false,
  throttle = null,
  isolation = false,
  onBytes = null,
}) {
  const prefix = base.endsWith('/') ? base : `${base}/`;
  const rootDir = resolve(root);
  const gzipCache = new Map();
  let total = 0;
  // The shared link: when it is next free (ms, performance.now()).
  let linkFreeAt = 0;
  const msPerByte = throttle ? 8000 / throttle.bitsPerSecond : 0;
  const sleep = (ms) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

  const count = (n, path) => {
    total += n;
    onBytes?.(n, path);
  };

  /** Writes `chunk` through the link: waits for its slot, honours back-pressure, counts it. */
  async function send(res, chunk, path) {
    for (let at = 0; at < chunk.length; at += SLICE) {
      const slice = chunk.subarray(at, at + SLICE);
      if (throttle) {
        const now = performance.now();
        const start = Math.max(now, linkFreeAt);
        linkFreeAt = start + slice.length * msPerByte;
        await sleep(linkFreeAt - now);
      }
      if (res.destroyed) return false;
      count(slice.length, path);
      if (!res.write(slice)) await new Promise((r) => res.once('drain', r));
    }
    return true;
  }

  const server = createServer(async (req, res) => {
    try {
      const socket = req.socket;
      if (throttle) {
        // A round trip before the first byte; a new connection pays one more for its handshake.
        const handshake = socket.pcalmSeen ? 0 : throttle.rttMs;
        socket.pcalmSeen = true;
        await sleep(throttle.rttMs + handshake);
      }
      const url = new URL(req.url ?? '/', 'http://x');
      let path = decodeURIComponent(url.pathname);
      if (!path.startsWith(prefix)) {
        if (`${path}/` === prefix) {
          res.writeHead(301, { Location: prefix });
          res.end();
          return;
        }
        res.writeHead(404, { 'Content-Type': 'text/plain' });
        res.end('not found');
        return;
      }
      path = path.slice(prefix.length);
      if (path === '' || path.endsWith('/')) path += 'index.html';
      const file = normalize(join(rootDir, path));
      if (
        !(file === rootDir || file.startsWith(rootDir + sep)) ||
        !existsSync(file) ||
        !statSync(file).isFile()
      ) {
        res.writeHead(404, { 'Content-Type': 'text/plain' });
        res.end('not found');
        return;
      }
      const ext = extname(file).toLowerCase();
      const type = MIME[ext] ?? 'application/octet-stream';
      const accepts = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
      const headers = { 'Content-Type': type, ...(isolation ? ISOLATION_HEADERS : {}) };
      let body = null;
      if (gzip && accepts && COMPRESSIBLE.has(ext)) {
        // Keyed by size and time too: a test may deploy a new file under the same name.
        const { size, mtimeMs } = statSync(file);
        const key = `${file}:${size}:${mtimeMs}`;
        body = gzipCache.get(key);
        if (!body) {
          body = gzipSync(await readFile(file), { level: 9 });
          gzipCache.set(key, body);
        }
        headers['Content-Encoding'] = 'gzip';
        headers.Vary = 'Accept-Encoding';
      }
      const size = body ? body.length : statSync(file).size;
      headers['Content-Length'] = String(size);
      res.writeHead(200, headers);
      count(estimateHeaderBytes(res, headers), path);
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      if (body) {
        if (await send(res, body, path)) res.end();
        return;
      }
      if (!throttle && !onBytes) {
        createReadStream(file).pipe(res);
        total += size;
        return;
      }
      for await (const chunk of createReadStream(file, { highWaterMark: SLICE })) {
        if (!(await send(res, chunk, path))) return;
      }
      res.end();
    } catch (error) {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(String(error));
    }
  });
  await new Promise((r, j) => {
    server.once('error', j);
    server.listen(port, host, r);
  });
  const actualPort = server.address().port;
  return {
    url: `http://localhost:${actualPort}${prefix}`,
    port: actualPort,
    bytes: () => total,
    resetBytes: () => {
      total = 0;
    },
    close: () =>
      new Promise((r) => {
        server.closeAllConnections?.();
        server.close(() => r());
      }),
  };
}

/** Status line and headers as they go on the wire (Node adds Date, Connection, Keep-Alive). */
function estimateHeaderBytes(res, headers) {
  let n = `HTTP/1.1 ${res.statusCode} OK\r\n`.length + 80;
  for (const [k, v] of Object.entries(headers)) n += k.length + String(v).length + 4;
  return n + 2;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      base: { type: 'string', default: '/' },
      port: { type: 'string', default: '4281' },
      gzip: { type: 'boolean', default: false },
      isolation: { type: 'boolean', default: false },
    },
  });
  const root = positionals[0] ?? 'dist';
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`serve-static: --port ${values.port} is not a port number`);
    process.exit(2);
  }
  const server = await startStaticServer({ ...values, root, port });
  console.log(`serving ${root} at ${server.url}${values.isolation ? ' (COOP/COEP)' : ''}`);
}
