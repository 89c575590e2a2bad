/**
 * `npm run bench` as a user runs it, on tiny sizes and fake peers (the real ones take minutes): one
 * run gives every row issue 13 asks for — the native kernels on every core and on one (where built),
 * the wasm kernels with tfjs-wasm's threaded and single-threaded builds, cpu, each with and without the
 * §6 metrics — beside all three peers, with ratios to each, and a peer that cannot run gets a row
 * saying why instead of failing the bench.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const NATIVE = existsSync(join(ROOT, 'build/native/pcalm_native.node'));

let peers: string;
beforeAll(() => {
  peers = mkdtempSync(join(tmpdir(), 'pcalm-peers-'));
  // Speeds that depend on the size, so a ratio taken against the wrong size's peer shows.
  const fake = (speed: string) =>
    `import sys\nN = int(sys.argv[1])\nprint(f"fake N={N}: {${speed}} activity steps/s (1 ms/step)")\n`;
  writeFileSync(join(peers, 'peer_numpy.py'), fake('400.0 if N == 8 else 100.0'));
  writeFileSync(join(peers, 'peer_torch.py'), fake('40.0 if N == 8 else 10.0'));
  writeFileSync(join(peers, 'peer_torch_bmm.py'), 'import sys\nsys.exit("no torch here")\n');
});
afterAll(() => rmSync(peers, { recursive: true, force: true }));

function bench(...args: string[]): Promise<string> {
  return new Promise((done, fail) =>
    execFile(TSX, ['src/cli/main.ts', 'bench', ...args], { cwd: ROOT, timeout: 120_000 }, (error, stdout) =>
      error ? fail(error) : done(stdout),
    ),
  );
}

describe('npm run bench', () => {
  it('prints our rows, threads on and off, metrics on and off, beside all three peers with ratios', async () => {
    const out = await bench('--sizes', '8:8,12:12', '--seconds', '0.3', '--peers', peers);
    const lines = out.split('\n').filter((l) => l.startsWith('| '));
    const cells = (line: string) =>
      line
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim());
    const header = cells(lines[0]);
    const rows = lines.slice(1).map((l) => Object.fromEntries(cells(l).map((c, i) => [header[i], c])));
    const ours = rows.filter((r) => !r.engine.includes('(peer)'));
    const cores = availableParallelism();
    const expected = [
      ...(NATIVE
        ? [
            `wasm + native (register tiles)|${cores}`,
            ...(cores > 1 ? ['wasm + native (register tiles)|1'] : []),
          ]
        : []),
      'wasm|1 (threaded build)',
      'wasm|1 (single-threaded build)',
      'cpu|',
    ];
    // Each engine at both sizes (tfjs-wasm's pool is half the cores: one thread on two).
    const kinds = ours.map((r) => `${r.engine}|${r.threads.replace(/^\d+ \(threaded/, '1 (threaded')}`);
    expect([...new Set(kinds)]).toEqual(expected);
    expect(ours, out).toHaveLength(2 * expected.length);
    for (const r of ours) {
      const speed = Number(r['activity steps/s']);
      expect(speed, r.engine).toBeGreaterThan(0);
      expect(Number(r['with §6 metrics']), r.engine).toBeGreaterThan(0);
      expect(r['metrics cost (of a step)'], r.engine).toMatch(/^-?\d+ %/);
      const numpy = r['N = L'] === '8' ? 400 : 100;
      const torch = r['N = L'] === '8' ? 40 : 10;
      expect(Number.parseFloat(r['vs NumPy'])).toBeCloseTo(speed / numpy, 1);
      expect(Number.parseFloat(r['vs torch autograd'])).toBeCloseTo(speed / torch, 0);
      expect(r['vs torch bmm']).toBe('');
    }
    const peerRows = rows.filter((r) => r.engine.includes('(peer)'));
    expect(peerRows.map((r) => `${r.engine} ${r['N = L']}`)).toEqual([
      'numpy (peer) 8',
      'torch autograd (peer) 8',
      'torch bmm (peer) 8',
      'numpy (peer) 12',
      'torch autograd (peer) 12',
      'torch bmm (peer) 12',
    ]);
    expect(peerRows[0]['activity steps/s']).toBe('400');
    expect(peerRows[2]['activity steps/s']).toMatch(/^— \(not available: .*no torch here\)$/);
  }, 150_000);
});
