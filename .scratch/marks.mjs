import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { startStaticServer } from '/work/main/scripts/serve-static.mjs';
const args = JSON.parse(readFileSync('/work/main/e2e/chromium.json', 'utf8')).args;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args });
const server = await startStaticServer({ root: '/work/main/dist', base: '/courses/pcalm/', port: 4290, gzip: true, throttle: null, onBytes: () => {} });
for (let i = 0; i < Number(process.argv[2] ?? 3); i++) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  const reqs = []; const tm = [];
  page.on('console', (m) => { const a = m.text().split(' '); if (a[0] === 'TMARK') tm.push([a[1], Number(a[2])]); });
  page.on('requestfinished', async (r) => { const t = r.timing(); reqs.push([r.url().replace(server.url, ''), Math.round(t.startTime - 0), Math.round(t.responseEnd)]); });
  await page.goto(server.url + (process.argv[3] ?? ''), { waitUntil: 'commit' });
  await page.waitForFunction(() => performance.getEntriesByName('pcalm:first-animated-frame').length > 0, null, { timeout: 60000, polling: 20 });
  const marks = await page.evaluate(() => [...performance.getEntriesByType('mark'), ...performance.getEntriesByType('measure')].map((m) => `${m.name}@${Math.round(m.startTime)}${m.duration ? '+' + Math.round(m.duration) : ''}`));
  const nav = await page.evaluate(() => { const n = performance.getEntriesByType('navigation')[0]; return `dcl ${Math.round(n.domContentLoadedEventEnd)} load ${Math.round(n.loadEventEnd)}`; });
  const res = await page.evaluate(() => performance.getEntriesByType('resource').map((r) => `${r.name.split('/').pop().slice(0,40)} ${Math.round(r.startTime)}-${Math.round(r.responseEnd)}`));
  const origin = await page.evaluate(() => performance.timeOrigin);
  console.log(nav, marks.join(' '));
  console.log('  worker:', tm.map(([n, t]) => `${n}@${Math.round(t - origin)}`).join(' '));
  if (i === 0) console.log(res.join('\n'));
  await context.close();
}
await server.close(); await browser.close();
