/**
 * The native module is built with -march=native, so a machine only ever runs one vector width of
 * native/passes.h and native/tiles.h (the products of gemm.h and productDots.h). This file builds
 * native/check/vectorWidths.cc once per instruction set this machine can run (x86-64: SSE2 with 4 lanes, AVX2 + FMA with 8, AVX-512 with 16;
 * elsewhere the native build alone) and requires: the §6 lane sums bit for bit the same in every build
 * (their 16 float32 lanes do not depend on the vector width), and product_dots and the engine's
 * products (gemm::nn) within float32's error of float64 sums in each. Skipped without a C++ compiler, unless PCALM_REQUIRE_NATIVE=1 (CI).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { arch, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const compiler = process.env.CXX || 'g++';
const hasCompiler = spawnSync(compiler, ['--version']).status === 0;
if (!hasCompiler && process.env.PCALM_REQUIRE_NATIVE === '1') {
  throw new Error(`PCALM_REQUIRE_NATIVE=1, but ${compiler} does not run`);
}

/** The builds this machine can run, by the CPU flags Linux reports. */
function builds(): Array<{ name: string; flags: string[] }> {
  if (arch() !== 'x64') return [{ name: 'native', flags: ['-march=native'] }];
  let cpuFlags = new Set<string>();
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8').match(/^flags\s*:(.*)$/m);
    cpuFlags = new Set((line?.[1] ?? '').trim().split(/\s+/));
  } catch {
    // Not Linux: only the build for this machine.
  }
  const all = [
    { name: 'SSE2', flags: ['-march=x86-64'], needs: [] as string[] },
    { name: 'AVX2 + FMA', flags: ['-march=x86-64-v3'], needs: ['avx2', 'fma'] },
    { name: 'AVX-512', flags: ['-march=x86-64-v4'], needs: ['avx512f', 'avx512bw', 'avx512vl'] },
  ];
  const runnable = all.filter((b) => b.needs.every((flag) => cpuFlags.has(flag)));
  const skipped = all.filter((b) => !runnable.includes(b)).map((b) => b.name);
  if (skipped.length > 0) console.warn(`vector widths not run here (no such CPU): ${skipped.join(', ')}`);
  return runnable;
}

const dir = mkdtempSync(join(tmpdir(), 'pcalm-widths-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(flags: string[]): string[] {
  const exe = join(dir, `check-${flags.join('').replace(/\W/g, '')}`);
  execFileSync(
    compiler,
    ['-O3', ...flags, '-ffp-contract=off', '-std=c++17', 'native/check/vectorWidths.cc', '-o', exe],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return execFileSync(exe, { encoding: 'utf8' }).trim().split('\n');
}

describe.skipIf(!hasCompiler)('native vector widths', () => {
  const outputs = builds().map((b) => ({ ...b, lines: run(b.flags) }));

  it('builds at least the SSE2 and this machine’s widths', () => {
    expect(outputs.length).toBeGreaterThanOrEqual(arch() === 'x64' ? 2 : 1);
  });

  it('gives the same lane sums, bit for bit, at every width', () => {
    const sums = outputs.map((o) => o.lines.filter((l) => l.startsWith('sums')));
    expect(sums[0].length).toBe(21);
    for (const other of sums.slice(1)) expect(other).toEqual(sums[0]);
  });

  it('forms ⟨EᵀA, Q⟩ and ‖EᵀA‖² within float32 error at every width', () => {
    for (const o of outputs) {
      const products = o.lines.filter((l) => l.startsWith('product'));
      expect(products.length, o.name).toBe(6);
      for (const line of products) {
        const [dot, square] = line.split('error ')[1].split(' ').map(Number);
        expect(dot, `${o.name}: ${line}`).toBeLessThan(1e-6);
        expect(square, `${o.name}: ${line}`).toBeLessThan(1e-6);
      }
    }
  });

  it('multiplies within float32 error at every width, every tile and the padded last columns', () => {
    for (const o of outputs) {
      const products = o.lines.filter((l) => l.startsWith('gemm'));
      expect(products.length, o.name).toBe(8);
      for (const line of products) {
        const [error, , before, after] = line.split('error ')[1].split(' ');
        // K · 2⁻²⁴ bounds a float32 sum's error relative to its terms' magnitudes; 784 terms at most.
        expect(Number(error), `${o.name}: ${line}`).toBeLessThan(784 * 2 ** -24);
        // The floats either side of C are untouched: no store past the product.
        expect([before, after], `${o.name}: ${line}`).toEqual(['7', '7']);
      }
    }
  });
});
