/**
 * Issue 10 §2: the app loads only the explorer's small file, `npm run cli -- run` the full one, and
 * both draw the same batch for the same link, so their run files match (same inputs, same labels, the
 * same first-step metrics).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const LINK = 'data=mnist&width=8&depth=4&batch=24&seed=11&backend=wasm&T=8';

function cliRun(out: string): Promise<void> {
  return new Promise((resolve, reject) =>
    execFile(
      join(ROOT, 'node_modules', '.bin', 'tsx'),
      ['src/cli/main.ts', 'run', '--config', LINK, '--out', out, '--quiet'],
      { cwd: ROOT, timeout: 120_000 },
      (error, _stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve()),
    ),
  );
}

test('the app (small file) and cli run (full file) draw the same batch for the same link', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const dir = mkdtempSync(join(tmpdir(), 'pcalm-same-'));
  try {
    const out = join(dir, 'run.json');
    const cli = cliRun(out);
    const requested: string[] = [];
    page.on('request', (r) => requested.push(new URL(r.url()).pathname));
    await page.goto(`/?${LINK}`);
    await expect
      .poll(() => page.evaluate(() => window.pcalm?.steps() ?? 0), { timeout: 60_000 })
      .toBeGreaterThan(0);
    const app = await page.evaluate(() => {
      const info = window.pcalm!.state.run!.info;
      return { x: Array.from(info.batch.x.data), labels: info.batch.labels, notes: info.notes };
    });
    await cli;
    const file = JSON.parse(readFileSync(out, 'utf8'));
    expect(app.notes).toEqual([]);
    expect(file.batch.x.shape).toEqual([24, 784]);
    expect(app.x).toEqual(file.batch.x.data);
    const labels = Array.from({ length: 24 }, (_, i) =>
      file.batch.y.data.slice(i * 10, (i + 1) * 10).indexOf(1),
    );
    expect(app.labels).toEqual(labels);
    const appStep0 = await page.evaluate(() => window.pcalm!.metrics('pcalm', 0));
    expect(appStep0!.gradCosine).toBeCloseTo(file.steps[0].gradCosine, 5);
    // The page never asked for the full file.
    expect(requested.some((p) => p.endsWith('/data/mnist.bin'))).toBe(false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
