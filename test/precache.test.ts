import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { precacheList, serviceWorkerPlugin } from '../scripts/vite-sw-plugin.mjs';

const dir = mkdtempSync(join(tmpdir(), 'pcalm-precache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the service worker precache list', () => {
  it('keeps the app, the wasm it can use (threaded too: its pages are isolated), woff2 fonts and the explorer data; not the full sets', () => {
    mkdirSync(join(dir, 'assets'));
    mkdirSync(join(dir, 'data'));
    for (const f of [
      'index.html',
      'sw.js',
      'manifest.webmanifest',
      'assets/index-a1.js',
      'assets/index-a1.js.map',
      'assets/tfjs-backend-wasm-simd-x.wasm',
      'assets/tfjs-backend-wasm-threaded-simd-x.wasm',
      'assets/KaTeX_Main-Regular-x.woff2',
      'assets/KaTeX_Main-Regular-x.woff',
      'assets/KaTeX_Main-Regular-x.ttf',
      'data/fashion-mnist.bin',
      'data/fashion-mnist.explorer.bin',
    ])
      writeFileSync(join(dir, f), f);
    const { paths, version } = precacheList(dir);
    expect(paths).toEqual([
      'assets/KaTeX_Main-Regular-x.woff2',
      'assets/index-a1.js',
      'assets/tfjs-backend-wasm-simd-x.wasm',
      'assets/tfjs-backend-wasm-threaded-simd-x.wasm',
      'data/fashion-mnist.explorer.bin',
      'index.html',
      'manifest.webmanifest',
    ]);
    // A changed file (even one without a hash in its name) changes the version, so the deploy is seen.
    writeFileSync(join(dir, 'data/fashion-mnist.explorer.bin'), 'new pool');
    expect(precacheList(dir).version).not.toBe(version);
    // A skipped file does not.
    const now = precacheList(dir).version;
    writeFileSync(join(dir, 'data/fashion-mnist.bin'), 'other');
    expect(precacheList(dir).version).toBe(now);
  });

  it("writes sw.js into an absolute --outDir too (the README's profiling build uses one)", () => {
    const out = mkdtempSync(join(tmpdir(), 'pcalm-outdir-'));
    try {
      writeFileSync(join(out, 'index.html'), 'page');
      const plugin = serviceWorkerPlugin() as unknown as {
        configResolved(c: unknown): void;
        closeBundle(): void;
      };
      plugin.configResolved({ root: process.cwd(), build: { outDir: out } });
      plugin.closeBundle();
      expect(existsSync(join(out, 'sw.js'))).toBe(true);
      expect(readFileSync(join(out, 'sw.js'), 'utf8')).toContain('"./index.html"');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
