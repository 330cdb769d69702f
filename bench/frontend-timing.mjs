// Measures navigation → first rendered screen in headless Chromium.
// The app marks `loket-first-screen` when the first screen with its data is on display;
// the reference is a static HTML page (same stylesheet, no WASM) served by the same
// server, measured in the same run by its first contentful paint.
// Usage: node frontend-timing.mjs BASE_URL RUNS
import { chromium } from 'playwright-core';

const base = process.argv[2];
const runs = Number(process.argv[3] || 10);
const email = 'beheer@loket.example';
const password = 'Loket-demo-2026';

const browser = await chromium.launch({
  executablePath: process.env.CHROME || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});

async function firstScreen(page, url) {
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(() => performance.getEntriesByName('loket-first-screen').length > 0, null, { timeout: 30000 });
  return page.evaluate(() => performance.getEntriesByName('loket-first-screen')[0].startTime);
}

async function firstPaint(page, url) {
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0, null, { timeout: 30000 });
  return page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0].startTime);
}

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { median: at(0.5), p90: at(0.9), min: sorted[0], max: sorted[sorted.length - 1] };
}

const results = { reference: [], login: [], list: [] };
for (let i = 0; i < runs; i++) {
  // A fresh context each time: cold cache, like a first visit.
  const context = await browser.newContext();
  const page = await context.newPage();
  results.reference.push(await firstPaint(page, `${base}/bench-reference.html`));
  await context.close();

  const loginContext = await browser.newContext();
  const loginPage = await loginContext.newPage();
  results.login.push(await firstScreen(loginPage, `${base}/login`));
  // Sign in, then open a list page in a new tab: the session is restored from the
  // refresh cookie and the list loaded before the mark.
  await loginPage.fill('#email', email);
  await loginPage.fill('#password', password);
  await loginPage.click('button[type=submit]');
  await loginPage.waitForURL(`${base}/overview`);
  const listPage = await loginContext.newPage();
  results.list.push(await firstScreen(listPage, `${base}/organisations`));
  await loginContext.close();
}
await browser.close();
console.log(JSON.stringify({ runs, reference: stats(results.reference), login: stats(results.login), list: stats(results.list) }));
