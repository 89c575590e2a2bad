import { chromium } from 'playwright-core';
const launch = JSON.parse((await import('node:fs')).readFileSync('/work/main/e2e/chromium.json','utf8'));
const base = process.argv[2] ?? 'http://localhost:4199/';
const query = process.argv[3] ?? '';
const tag = process.argv[4] ?? 'default';
const sizes = [[390,844,true],[844,390,true],[768,1024,true],[1024,768,true],[1440,900,false]];
const browser = await chromium.launch(launch);
for (const [w,h,mobile] of sizes) {
  const ctx = await browser.newContext({ viewport: { width: w, height: h }, isMobile: mobile, hasTouch: mobile, deviceScaleFactor: 1 });
  const page = await ctx.newPage();
  await page.goto(base + query);
  await page.waitForTimeout(Number(process.env.WAIT ?? 6000));
  const sw = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  console.log(`${w}x${h}: scrollWidth ${sw[0]} innerWidth ${sw[1]}`);
  await page.screenshot({ path: `/tmp/shots/${tag}-${w}x${h}.png`, fullPage: process.env.FULL === '1' });
  await ctx.close();
}
await browser.close();
