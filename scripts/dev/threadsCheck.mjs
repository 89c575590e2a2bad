// Opens the built app under `vite preview` (COOP/COEP) and prints the backend report and isolation.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const PORT = Number(process.env.E2E_PORT ?? 4311);
const server = spawn(
  process.execPath,
  ['node_modules/vite/bin/vite.js', 'preview', '--port', String(PORT), '--strictPort'],
  { stdio: 'ignore' },
);
await new Promise((r) => setTimeout(r, 4000));
const args = JSON.parse(readFileSync('e2e/chromium.json', 'utf8'));
const browser = await chromium.launch(args);
try {
  const page = await browser.newPage();
  const errors = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`http://localhost:${PORT}/?depth=8&data=synthetic`);
  await page.waitForFunction(() => window.pcalm?.state?.backend, null, { timeout: 60000 });
  console.log(
    JSON.stringify(
      await page.evaluate(() => ({
        isolated: crossOriginIsolated,
        backend: window.pcalm.state.backend.reason,
        threads: window.pcalm.state.backend.threads,
        status: document.querySelector('[data-testid=status-line]')?.textContent,
      })),
    ),
  );
  await page.waitForTimeout(3000);
  console.log(
    JSON.stringify(
      await page.evaluate(() => ({
        step: window.pcalm.state.run?.info,
        sps: window.pcalm.state.stepsPerSec,
      })),
    ).slice(0, 300),
  );
  console.log('errors:', errors.slice(0, 5));
} finally {
  await browser.close();
  server.kill();
}
