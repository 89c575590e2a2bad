/**
 * Runs are deterministic across thread counts: the CLI (a child process per setting, since tfjs-wasm
 * reads its thread count once, when its module starts) writes byte-identical run files with
 * tfjs-wasm's single-threaded build, its threaded build with a pool of 2, and the native kernels on 1
 * and 2 threads (where built). In-process checks of the same are in test/native.test.ts (1, 2, 3
 * native threads); the fidelity tests run under each setting in `npm run test:threads`.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
// ReLU on real images, both methods, long enough for the products and the dual to matter.
const CONFIG = 'data=fashion&width=24&depth=6&T=24&method=both&backend=wasm';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pcalm-threads-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The run file written with `env`, and the backend line the CLI printed. */
function runWith(name: string, env: Record<string, string>): Promise<{ file: Buffer; log: string }> {
  const out = join(dir, `${name}.json`);
  return new Promise((done, fail) => {
    execFile(
      TSX,
      ['src/cli/main.ts', 'run', '--config', CONFIG, '--out', out],
      { cwd: ROOT, timeout: 90_000, env: { ...process.env, ...env } },
      (error, stdout, stderr) => {
        if (error) fail(new Error(`${name}: ${stderr || error.message}`));
        else done({ file: readFileSync(out), log: stdout + stderr });
      },
    );
  });
}

describe('run files with threads on and off', () => {
  it("are byte-identical on tfjs-wasm's single-threaded build and its threaded build with 2 threads", async () => {
    const single = await runWith('wasm-single', { PCALM_NATIVE: '0', PCALM_WASM_THREADS: '0' });
    const threaded = await runWith('wasm-2', { PCALM_NATIVE: '0', PCALM_WASM_THREADS: '2' });
    expect(single.log).toContain('1 thread: PCALM_WASM_THREADS=0');
    expect(threaded.log).toContain('2 threads');
    expect(threaded.file.length).toBeGreaterThan(1000);
    expect(threaded.file.equals(single.file)).toBe(true);
  }, 120_000);

  it.runIf(existsSync(join(ROOT, 'build/native/pcalm_native.node')))(
    'are byte-identical on the native kernels with 1 and 2 threads',
    async () => {
      const one = await runWith('native-1', { PCALM_NATIVE: '1', PCALM_NATIVE_THREADS: '1' });
      const two = await runWith('native-2', { PCALM_NATIVE: '1', PCALM_NATIVE_THREADS: '2' });
      expect(one.log).toContain('native kernels');
      expect(two.log).toContain('2 threads');
      expect(two.file.equals(one.file)).toBe(true);
    },
    120_000,
  );
});
