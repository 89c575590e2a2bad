/**
 * The CLI as a user runs it (a child process, cwd the repository root): a run file with every key of
 * shared/spec/run-format.md, `--network` reuse, `method=both`, and one-line errors for bad options that
 * never leave a file at --out. Few processes on purpose: each start costs about a second.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SETTING_KEYS } from '../src/state/schema';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
// `npx tsx` without npm's own start-up (and its warnings on stderr).
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(...args: string[]): Promise<Result> {
  return new Promise((done) => {
    execFile(TSX, ['src/cli/main.ts', ...args], { cwd: ROOT, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

interface JsonMatrix {
  shape: [number, number];
  data: number[];
}

const SMALL = 'data=synthetic&width=5&depth=3&batch=2&backend=cpu';
const [N, L, B, D, C] = [5, 3, 2, 784, 10];

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pcalm-cli-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function expectMatrix(m: JsonMatrix, rows: number, cols: number, what: string): void {
  expect(m.shape, what).toEqual([rows, cols]);
  expect(m.data, what).toHaveLength(rows * cols);
  expect(m.data.every(Number.isFinite), what).toBe(true);
}

function expectSteps(steps: Record<string, unknown>[], T: number): void {
  expect(steps.map((s) => s.t)).toEqual(Array.from({ length: T + 1 }, (_, t) => t));
  for (const s of steps) {
    for (const key of ['gradCosine', 'energy', 'lagrangian']) expect(typeof s[key], key).toBe('number');
    expect(s.layerGradCosine).toHaveLength(L);
    for (const key of ['rRms', 'lambdaRms', 'epsRms', 'creditCosine'])
      expect(s[key], key).toHaveLength(L - 1);
  }
}

describe('cli run', () => {
  it('writes a complete run file; --network reuses its network and batch; method=both adds PC', async () => {
    const first = join(dir, 'first.json');
    const a = await cli('run', '--config', SMALL, '--out', first, '--quiet');
    expect(a.stderr.trim(), a.stderr).toBe('');
    expect(a.code).toBe(0);
    const file = JSON.parse(readFileSync(first, 'utf8'));
    expect(file.format).toBe('pcalm-run/1');
    for (const key of SETTING_KEYS) expect(file.config, `config.${key}`).toHaveProperty(key);
    expect(file.config).toMatchObject({ width: N, depth: L, batch: B, data: 'synthetic' });
    expect(file.backend).toBe('cpu');
    expect(file.network.a).toHaveLength(L);
    expect(file.network.W).toHaveLength(L);
    expectMatrix(file.network.W[0], N, D, 'W_1');
    for (let l = 1; l < L - 1; l++) expectMatrix(file.network.W[l], N, N, `W_${l + 1}`);
    expectMatrix(file.network.W[L - 1], C, N, 'W_L');
    expectMatrix(file.batch.x, B, D, 'batch.x');
    expectMatrix(file.batch.y, B, C, 'batch.y');
    // etaH "auto" is resolved to the number actually used; T "auto" is 2L.
    expect(typeof file.etaH).toBe('number');
    expect(file.etaH).toBeGreaterThan(0);
    expect(file.etaLambda).toBe(1);
    expect(file.T).toBe(2 * L);
    expectSteps(file.steps, 2 * L);
    expect(file.bp.deltaRms).toHaveLength(L - 1);

    const second = join(dir, 'second.json');
    const b = await cli(
      'run',
      '--network',
      first,
      '--config',
      'method=both&backend=cpu',
      '--out',
      second,
      '--quiet',
    );
    expect(b.stderr.trim(), b.stderr).toBe('');
    expect(b.code).toBe(0);
    const reuse = JSON.parse(readFileSync(second, 'utf8'));
    expect(reuse.network).toEqual(file.network);
    expect(reuse.batch).toEqual(file.batch);
    expect(reuse.etaH).toBe(file.etaH);
    expect(reuse.steps).toEqual(file.steps);
    expect(reuse.config.method).toBe('both');
    expect(reuse.pc.etaLambda).toBe(0);
    expectSteps(reuse.pc.steps, 2 * L);
    // PC has no multipliers; its credit differs from PC-ALM's after the first dual step.
    for (const s of reuse.pc.steps) expect(s.lambdaRms.every((v: number) => v === 0)).toBe(true);
    expect(reuse.pc.steps[2 * L].gradCosine).not.toBe(reuse.steps[2 * L].gradCosine);
  });

  const missing = join(tmpdir(), 'pcalm-cli-missing', 'network.json');
  const bad: Array<{ name: string; args: (out: string) => string[]; mentions: string[] }> = [
    {
      name: 'unknown option',
      args: (out) => ['--bogus', '1', '--out', out],
      mentions: ['--bogus', '--config', '--out'],
    },
    {
      name: 'width=abc',
      args: (out) => ['--config', 'width=abc', '--out', out],
      mentions: ['width', 'abc', 'integer', '1024'],
    },
    {
      name: 'etaLambda=NaN',
      args: (out) => ['--config', 'etaLambda=NaN', '--out', out],
      mentions: ['etaLambda', 'NaN', '≤ 10'],
    },
    {
      name: 'backend=webgpu',
      args: (out) => ['--config', 'backend=webgpu', '--out', out],
      mentions: ['backend', 'webgpu', 'wasm', 'cpu'],
    },
    { name: 'missing --out', args: () => ['--config', SMALL], mentions: ['--out', 'FILE'] },
    {
      name: 'unreadable --network',
      args: (out) => ['--network', missing, '--out', out],
      mentions: ['--network', missing],
    },
    {
      name: '--out in a missing directory',
      args: () => ['--config', SMALL, '--out', join(dir, 'no-such-dir', 'run.json'), '--quiet'],
      mentions: ['--out', 'no-such-dir'],
    },
  ];

  // All started at once (they are independent), each checked in its own test.
  let runs: Array<Promise<Result>> = [];
  beforeAll(() => {
    runs = bad.map((c, k) => cli('run', ...c.args(join(dir, `bad-${k}.json`))));
  });

  it.each(bad.map((c, k) => ({ ...c, k })))(
    '$name: exits non-zero with one line naming the option and what it accepts, and writes nothing',
    async ({ name, k, mentions }) => {
      const r = await runs[k];
      expect(r.code, `${name}: exit code (stderr: ${r.stderr})`).not.toBe(0);
      const lines = r.stderr.trim().split('\n');
      expect(lines, `${name}: stderr should be one line, got:\n${r.stderr}`).toHaveLength(1);
      for (const word of mentions) expect(lines[0], name).toContain(word);
      // No run file and no temporary file beside it.
      expect(readdirSync(dir).filter((f) => f.startsWith(`bad-${k}.`))).toEqual([]);
    },
  );
});
