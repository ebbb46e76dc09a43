// Opens the Gatehouse dashboard in Debian's Chromium (playwright-core, executablePath), reads what it shows, sends
// two more chat requests and waits for the page to count them through its event stream, without reloading.
// Prints one JSON line of results; DashboardBrowserTest asserts on it.
import { chromium } from 'playwright-core';

const base = process.env.GATEHOUSE_BASE_URL;
const executablePath = process.env.GATEHOUSE_CHROMIUM;
const screenshot = process.env.GATEHOUSE_SCREENSHOT;
const apiKey = process.env.GATEHOUSE_API_KEY;
const localPrompt = process.env.GATEHOUSE_LOCAL_PROMPT;
const TIMEOUT = 30_000;

const results = { foreignRequests: [], pageErrors: [], navigations: 0 };
const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
  page.setDefaultTimeout(TIMEOUT);
  page.on('request', (r) => { if (!r.url().startsWith(base + '/')) results.foreignRequests.push(r.url()); });
  page.on('pageerror', (e) => results.pageErrors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') results.pageErrors.push(m.text()); });
  page.on('framenavigated', (f) => { if (f === page.mainFrame()) results.navigations++; });

  await page.goto(base + '/');
  await page.waitForSelector('#status.live');
  await page.waitForSelector('#models tbody tr[data-model="stories260k"]');
  const text = (selector) => page.locator(selector).first().textContent();
  results.title = await page.title();
  results.modelRow = await text('#models tbody tr[data-model="stories260k"]');
  results.modelState = await text('#models tbody tr[data-model="stories260k"] .state');
  results.newestTarget = await text('#decisions tbody tr .target');
  results.decisionsShown = await page.locator('#decisions tbody tr').count();
  results.blocked = await text('#blocked');
  results.pii = await text('#pii');
  results.costTotal = await text('#cost-total');
  results.hardware = await text('#hardware');
  // the cost panel is read from the decision log; wait until it counts the requests sent before the page opened
  await page.waitForFunction(() => Number(document.querySelector('#co-requests')?.textContent) >= 2);
  for (const id of ['spend', 'requests', 'tokens', 'escalations', 'success', 'cost-per-success', 'savings']) {
    results['co_' + id.replaceAll('-', '_')] = await text('#co-' + id);
  }
  const localCount = '#traffic .row[data-key="stories260k"] .count';
  results.localBefore = Number(await text(localCount));

  for (let i = 0; i < 2; i++) {
    const r = await fetch(base + '/v1/chat/completions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer ' + apiKey },
      body: JSON.stringify({ messages: [{ role: 'user', content: localPrompt }], max_tokens: 8, temperature: 0 }),
    });
    results['chatStatus' + i] = r.status;
    await r.text();
  }
  await page.waitForFunction(([selector, n]) => Number(document.querySelector(selector)?.textContent) >= n,
    [localCount, results.localBefore + 2]);
  results.localAfter = Number(await text(localCount));
  results.decisionsTotal = Number(await text('#decisions-total'));
  results.status = await text('#status');
  await page.screenshot({ path: screenshot, fullPage: true });
  results.ok = true;
} catch (e) {
  results.ok = false;
  results.error = String(e && e.stack || e);
} finally {
  await browser.close();
}
console.log(JSON.stringify(results));
