// Measures the browser app in headless Chromium against the release server:
// - time from navigation to the first rendered screen (the app marks
//   `loket-first-screen` once the first screen with its data is on display) for the
//   login page, the overview and a list in an area, each in a fresh tab;
// - time from a click in the navigation to the area's screen with its data;
// - bytes transferred (Resource Timing transferSize: compressed, as served, headers
//   included) from opening `/` to the signed-in overview, and for each audience the
//   code (WASM/JS/CSS) of every screen its navigation offers;
// and, as the reference measured in the same run, the first paint of a static page
// with the same stylesheet. Every run starts with an empty cache (a new context).
// Usage: node frontend-timing.mjs BASE_URL RUNS
import { chromium } from 'playwright-core';

const base = process.argv[2];
const runs = Number(process.argv[3] || 10);
const password = 'Loket-demo-2026';
const vendorAdmin = 'beheer@loket.example';
const audiences = {
  'vendor staff (beheer@loket.example)': vendorAdmin,
  'partner (admin@vandijk.example)': 'admin@vandijk.example',
  'client (eigenaar@korenschoof.example)': 'eigenaar@korenschoof.example',
};

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

async function signIn(page, email) {
  await page.fill('#email', email);
  await page.fill('#password', password);
  await page.click('button[type=submit]');
  await page.waitForURL(`${base}/overview`);
  await page.waitForSelector('main#main h1');
}

// Clicks the navigation link to `href` and returns the milliseconds until the area's
// screen shows its heading and no loading state (measured inside the page).
async function navigate(page, href) {
  return page.evaluate(async (href) => {
    const main = () => document.querySelector('main#main');
    const before = main()?.querySelector('h1')?.textContent;
    const start = performance.now();
    document.querySelector(`nav a[href="${href}"]`).click();
    for (;;) {
      await new Promise((resolve) => requestAnimationFrame(resolve));
      const heading = main()?.querySelector('h1');
      const loading = main()?.querySelector('.state-loading');
      if (location.pathname === href && heading && heading.textContent !== before && !loading) {
        return performance.now() - start;
      }
      if (performance.now() - start > 30000) {
        throw new Error(`${href} did not render: at ${location.pathname}, heading ${heading?.textContent}, loading ${!!loading}`);
      }
    }
  }, href);
}

// Bytes transferred so far in this document, all of them or only code.
function transferred(page, codeOnly) {
  return page.evaluate((codeOnly) => {
    const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
    return entries
      .filter((e) => !codeOnly || /\.(wasm|js|css)$/.test(new URL(e.name).pathname))
      .reduce((sum, e) => sum + e.transferSize, 0);
  }, codeOnly);
}

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { median: at(0.5), p90: at(0.9), min: sorted[0], max: sorted[sorted.length - 1] };
}

const times = { reference: [], login: [], overview: [], list: [], navigation: [] };
const bytes = { toOverview: [] };
for (let i = 0; i < runs; i++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  times.reference.push(await firstPaint(page, `${base}/bench-reference.html`));
  await context.close();

  // Opening `/` signed out lands on the login page; sign in; the overview.
  const signedOut = await browser.newContext();
  const loginPage = await signedOut.newPage();
  times.login.push(await firstScreen(loginPage, `${base}/`));
  await signIn(loginPage, vendorAdmin);
  bytes.toOverview.push(await transferred(loginPage, false));
  // In new tabs of the signed-in browser (the session comes back from the cookie):
  // the overview, and a list in an area.
  const overviewPage = await signedOut.newPage();
  times.overview.push(await firstScreen(overviewPage, `${base}/overview`));
  const listPage = await signedOut.newPage();
  times.list.push(await firstScreen(listPage, `${base}/organisations`));
  // From the overview into an area by the navigation: its code is fetched on this click.
  times.navigation.push(await navigate(overviewPage, '/audit'));
  await signedOut.close();
}

// Per audience: the code of every screen its navigation offers.
const perAudience = {};
for (const [audience, email] of Object.entries(audiences)) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await signIn(page, email);
  const links = await page.$$eval('nav a[href^="/"]', (as) => [...new Set(as.map((a) => a.getAttribute('href')))]);
  for (const href of links) {
    if (href !== '/overview') await navigate(page, href);
  }
  perAudience[audience] = { screens: links.length, code: await transferred(page, true), all: await transferred(page, false) };
  await context.close();
}
await browser.close();

const out = { runs, bytes: { toOverview: stats(bytes.toOverview) }, perAudience };
for (const [key, values] of Object.entries(times)) out[key] = stats(values);
console.log(JSON.stringify(out));
