import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const url = process.argv[2] ?? 'http://localhost:4173/';
const out = process.argv[3] ?? '/tmp/scratch/shot.png';
const wait = Number(process.argv[4] ?? 4000);
const browser = await chromium.launch({
  ...JSON.parse(readFileSync(new URL('../../e2e/chromium.json', import.meta.url), 'utf8')),
});
const page = await browser.newPage({
  viewport: { width: Number(process.env.W ?? 1440), height: Number(process.env.H ?? 900) },
});
page.on('console', (m) => console.log('console:', m.type(), m.text()));
page.on('pageerror', (e) => console.log('pageerror:', e.message));
await page.goto(url);
await page.waitForTimeout(wait);
await page.screenshot({ path: out, fullPage: true });
console.log(
  await page
    .locator('[data-testid=status-line]')
    .textContent()
    .catch(() => 'no status'),
);
await browser.close();
