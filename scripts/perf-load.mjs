#!/usr/bin/env node
/**
 * The first load as a class gets it (issue 10 §2): the built dist/ served from a sub-path by our own
 * static server (scripts/serve-static.mjs), once through a throttled link (20 Mbit/s, 40 ms round
 * trip, shared by all requests) and once on plain localhost, each with and without gzip for text
 * files (most hosts compress JS, CSS and wasm; none compress our .bin files). Prints a Markdown table:
 * bytes sent before the first animated step, and the time from navigation start to that step (the
 * app's `pcalm:first-animated-frame` mark, src/app/debugHandle.ts), the median of --loads fresh
 * browser contexts (empty cache, no service worker).
 *
 *   npm run build && node scripts/perf-load.mjs [--loads 5] [--port 4282] [--screenshot out.png]
 *     [--dist DIR] [--base /courses/pcalm/] [--links throttled,localhost]
 *
 * Goals: ≤ 3 s throttled, ≤ 1.5 s on localhost, ≤ 2 MB. Timings depend on the machine and what else
 * runs on it: the load average is printed with the table. --screenshot saves the page 1.2 s into a
 * throttled load (to see what it says while loading).
 */
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startStaticServer } from './serve-static.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const option = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
};
const LOADS = Number(option('loads', 5));
const PORT = Number(option('port', 4282));
const DIST = option('dist', join(ROOT, 'dist'));
const SCREENSHOT = option('screenshot', null);
// --base / for a build made with an absolute base (an older build, to compare).
const SUBPATH = option('base', '/courses/pcalm/');
// --links localhost (or throttled) measures one of the two.
const LINKS = option('links', 'throttled,localhost').split(',');
const LINK = { bitsPerSecond: 20e6, rttMs: 40 };
const FIRST = 'pcalm:first-animated-frame';
const chromiumArgs = JSON.parse(readFileSync(join(ROOT, 'e2e', 'chromium.json'), 'utf8')).args;

if (!existsSync(join(DIST, 'index.html'))) {
  console.error(`No built app in ${DIST}: run \`npm run build\` first.`);
  process.exit(1);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function loadOnce(browser, server, screenshot) {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    serviceWorkers: 'block',
  });
  const page = await context.newPage();
  server.resetBytes();
  await page.goto(server.url, { waitUntil: 'commit' });
  if (screenshot) {
    await page.waitForTimeout(1200);
    await page.screenshot({ path: screenshot });
  }
  await page.waitForFunction((name) => performance.getEntriesByName(name).length > 0, FIRST, {
    timeout: 120_000,
    polling: 20,
  });
  const bytes = server.bytes();
  const ms = await page.evaluate((name) => performance.getEntriesByName(name)[0].startTime, FIRST);
  const data = await page.evaluate(() => window.pcalm?.state.run?.info.config.data);
  await context.close();
  return { bytes, ms, data };
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: chromiumArgs,
});
const rows = [];
let port = PORT;
try {
  for (const [name, throttle] of [
    ['20 Mbit/s, 40 ms RTT', LINK, 'throttled'],
    ['localhost', null, 'localhost'],
  ].filter((l) => LINKS.includes(l[2]))) {
    for (const gzip of [true, false]) {
      const server = await startStaticServer({
        root: DIST,
        base: SUBPATH,
        port: port++,
        gzip,
        throttle,
        onBytes: () => {},
      });
      try {
        if (SCREENSHOT && throttle && gzip) await loadOnce(browser, server, SCREENSHOT);
        const runs = [];
        for (let i = 0; i < LOADS; i++) runs.push(await loadOnce(browser, server, null));
        rows.push({
          name,
          gzip,
          bytes: median(runs.map((r) => r.bytes)),
          ms: median(runs.map((r) => r.ms)),
          all: runs.map((r) => Math.round(r.ms)).join(', '),
          data: runs[0].data,
        });
      } finally {
        await server.close();
      }
    }
  }
} finally {
  await browser.close();
}

console.log(
  `\nFirst load of the default page (${LOADS} fresh loads each, median; load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')})\n`,
);
console.log(
  '| link | text compression | bytes before the first step | first animated step | each load (ms) |',
);
console.log('| --- | --- | --- | --- | --- |');
for (const r of rows) {
  console.log(
    `| ${r.name} | ${r.gzip ? 'gzip' : 'none'} | ${(r.bytes / 1e6).toFixed(2)} MB | ${(r.ms / 1000).toFixed(2)} s | ${r.all} |`,
  );
}
console.log('\nGoals: ≤ 2 MB; first step ≤ 3 s at 20 Mbit/s, ≤ 1.5 s on localhost.');
