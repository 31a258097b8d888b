// The admin console in a real Chromium, driven like an operator would: log in (a wrong token
// first), see the flows with their types and conditions, send a sample and see it delivered, make
// the onward HTTP sink fail, send another and see its dead delivery with the error, let the sink
// recover, replay it and see it delivered; edit a sample (a tag named VIP), preview a flow whose
// condition asks for that tag and see what it would write, send it and see it journaled; log out.
// Along the way: the page's security headers, a login form that sends nothing without the script,
// no Content-Security-Policy violation or script error, and the token in no requested address.
// Run by AdminConsoleBrowserTest, which starts the bridge and the sink and checks what the sink
// received. Settings come from the environment:
//   HOOKBRIDGE_URL           the bridge, such as http://127.0.0.1:8080
//   HOOKBRIDGE_ADMIN_TOKEN   its admin token (never printed)
//   SINK_CONTROL_URL         POST <url>/fail makes the sink answer 503, POST <url>/recover 200
//   SCREENSHOT               where to save the screenshot (default target/browser/admin-console.png)
import { chromium } from 'playwright-core';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const WAIT_MS = 30_000;

const baseUrl = setting('HOOKBRIDGE_URL').replace(/\/$/, '');
const token = setting('HOOKBRIDGE_ADMIN_TOKEN');
const sinkControl = setting('SINK_CONTROL_URL').replace(/\/$/, '');
const screenshot = process.env.SCREENSHOT || 'target/browser/admin-console.png';

function setting(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is not set`);
    process.exit(2);
  }
  return value;
}

/** An error's text without the admin token (Playwright's messages repeat what was typed). */
const scrub = (text) => String(text).split(token).join('<admin token>');

function check(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

async function step(name, action) {
  const started = Date.now();
  await action();
  console.log(`ok   ${name} (${Date.now() - started} ms)`);
}

async function controlSink(action) {
  const response = await fetch(`${sinkControl}/${action}`, { method: 'POST' });
  check(response.ok, `the sink control answered ${response.status} to ${action}`);
}

const userDataDir = await mkdtemp(join(tmpdir(), 'hookbridge-chromium-'));
const requested = [];
const pageProblems = [];
let context;
let exitCode = 0;
try {
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1440, height: 1000 },
  });
  context.on('request', (request) => requested.push({ url: request.url(), method: request.method(),
    headers: request.headers() }));
  const page = context.pages()[0] || await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  context.on('weberror', (error) => pageProblems.push('script error: ' + error.error().message));
  let formRefusals = 0;
  context.on('console', (message) => {
    if (/form-action 'none'/.test(message.text())) {
      formRefusals++;
    } else if (/Content Security Policy|Refused to/i.test(message.text())) {
      pageProblems.push('CSP: ' + message.text());
    }
  });

  await step('the page loads with its security headers and asks for the token', async () => {
    const response = await page.goto(`${baseUrl}/admin/`);
    check(response.status() === 200, `GET /admin/ answered ${response.status()}`);
    const headers = response.headers();
    check((headers['content-security-policy'] || '').includes("default-src 'self'"), 'no Content-Security-Policy');
    check(headers['x-frame-options'] === 'DENY', 'no X-Frame-Options: DENY');
    check(headers['cache-control'] === 'no-store', 'no Cache-Control: no-store');
    await page.locator('#login-panel').waitFor({ state: 'visible' });
  });

  await step('a wrong token is refused with a clear message', async () => {
    await page.fill('#token', 'not-the-admin-token-0000');
    await page.click('#login button[type=submit]');
    await page.locator('#login-message', { hasText: 'Wrong token' }).waitFor();
    check(await page.locator('#dashboard').isHidden(), 'the dashboard shows after a wrong token');
    check(await page.evaluate(() => sessionStorage.length) === 0, 'a wrong token was kept');
  });

  await step('submitted without the script, the login form sends the token nowhere', async () => {
    // in a tab of its own: the refused submission leaves that tab waiting for a navigation that never comes
    const tab = await context.newPage();
    await tab.goto(`${baseUrl}/admin/`);
    await tab.locator('#login-panel').waitFor({ state: 'visible' });
    await tab.fill('#token', token);
    const before = requested.length;
    // the browser's own submission, as without JavaScript: no submit event, no script in the way
    await tab.evaluate(() => HTMLFormElement.prototype.submit.call(document.getElementById('login')));
    await tab.waitForTimeout(500);
    check(tab.url() === `${baseUrl}/admin/`, 'the form navigated away');
    check(requested.length === before, `the form submission made ${requested.length - before} request(s)`);
    check(formRefusals === 1, 'the Content-Security-Policy did not refuse the form submission');
    await tab.close();
  });

  await step('the right token logs in and is kept in sessionStorage', async () => {
    await page.fill('#token', token);
    await page.click('#login button[type=submit]');
    await page.locator('#dashboard').waitFor({ state: 'visible' });
    const kept = await page.evaluate(() => Object.keys(sessionStorage).map((key) => sessionStorage.getItem(key)));
    check(kept.length === 1 && kept[0] === token, 'the token is not what sessionStorage keeps');
    await page.locator('#flows tr[data-flow="events-to-http"]').waitFor();
    await page.locator('#sample option[value="customer.sale.completed"]').waitFor({ state: 'attached' });
  });

  await step('the Flows view lists each flow with its sink, types, condition and state, and the flows by type', async () => {
    await page.click('#view-flows');
    const vip = page.locator('#flow-list tr[data-flow="vip-tags"]');
    await vip.waitFor();
    check((await vip.locator('td.sink').textContent()) === 'http-post', 'vip-tags shows no http-post sink');
    check((await vip.locator('td.types').textContent()) === 'contact.tag.added', 'vip-tags shows the wrong types');
    check((await vip.locator('td.condition code').textContent()) === '.data.tag.name == "VIP"',
      'vip-tags shows no condition');
    check((await vip.getAttribute('data-on')) === 'true', 'vip-tags is not shown on');
    const sql = page.locator('#flow-list tr[data-flow="events-to-sql"]');
    check((await sql.locator('td.types').textContent()) === 'all (12 types)', 'events-to-sql does not take all types');
    check((await sql.locator('td.condition').textContent()) === 'none', 'events-to-sql shows a condition');
    const off = page.locator('#flow-list tr[data-flow="registrations-to-email"]');
    check((await off.getAttribute('data-on')) === 'false', 'registrations-to-email is not shown off');
    check((await off.locator('.why-off').textContent()) === 'set hookbridge.alerts.to to turn it on',
      'registrations-to-email does not say what turns it on');
    const tagFlows = await page.locator('#flow-types tr[data-type="contact.tag.added"] td').nth(1).textContent();
    check(tagFlows === 'events-to-http, events-to-sql, vip-tags', `flows of contact.tag.added: ${tagFlows}`);
  });

  let saleId;
  await step('a sale sample sent from the page is delivered', async () => {
    await page.click('#view-flows');
    await page.selectOption('#sample', 'customer.sale.completed');
    await page.click('#send-sample button[type=submit]');
    const message = page.locator('#message', { hasText: 'Sent sample customer.sale.completed' });
    await message.waitFor();
    saleId = /event ([0-9a-f-]+)/.exec(await message.textContent())[1];
    const row = page.locator(`#events tr[data-event-id="${saleId}"]`);
    await page.locator(`#events tr[data-event-id="${saleId}"][data-status="delivered"]`).waitFor();
    check((await row.locator('td.email').textContent()) === 'test-1922@systeme.io', 'the sale shows no contact email');
    check((await row.locator('td.type').textContent()) === 'customer.sale.completed', 'the sale shows the wrong type');
  });

  await controlSink('fail');
  let tagId;
  await step('with the sink failing, a tag sample ends dead with the sink\'s error in its detail', async () => {
    await page.click('#view-flows');
    await page.selectOption('#sample', 'contact.tag.added');
    await page.click('#send-sample button[type=submit]');
    const message = page.locator('#message', { hasText: 'Sent sample contact.tag.added' });
    await message.waitFor();
    tagId = /event ([0-9a-f-]+)/.exec(await message.textContent())[1];
    check(tagId !== saleId, 'the second sample got the first one\'s event id');
    await page.locator(`#events tr[data-event-id="${tagId}"][data-status="dead"]`).click();
    await page.locator(`#detail[data-event-id="${tagId}"]`).waitFor({ state: 'visible' });
    const http = page.locator('#detail .delivery[data-flow="events-to-http"]');
    await page.locator('#detail .delivery[data-flow="events-to-http"][data-status="dead"]').waitFor();
    check((await http.locator('.last-error').textContent()).includes('503'), 'the dead delivery does not show the 503');
    const outcomes = await http.locator('table.attempts tbody tr[data-outcome]').evaluateAll(
      (rows) => rows.map((row) => row.dataset.outcome));
    check(JSON.stringify(outcomes) === '["retry","dead"]', `attempts shown: ${outcomes}`);
    check((await http.locator('table.attempts td.error').first().textContent()).includes('503'),
      'the failed attempt shows no error');
    check((await page.locator('#detail .delivery[data-flow="events-to-sql"]').getAttribute('data-status')) === 'delivered',
      'the SQL delivery of the tag is not delivered');
    check((await page.locator('#detail-body').textContent()).includes('"MyAwesomeTag"'), 'the raw JSON is not shown');
    await page.locator('#flows tr[data-flow="events-to-http"] td[data-state="dead"]', { hasText: /^1$/ }).waitFor();
  });

  await controlSink('recover');
  await step('once the sink is back, replaying the dead delivery delivers it', async () => {
    await page.click('#detail .delivery[data-flow="events-to-http"] button.replay');
    await page.locator('#detail .delivery[data-flow="events-to-http"][data-status="delivered"]').waitFor();
    await page.locator(`#events tr[data-event-id="${tagId}"][data-status="delivered"]`).waitFor();
    await page.locator('#flows tr[data-flow="events-to-http"] td[data-state="dead"]', { hasText: /^0$/ }).waitFor();
    const outcomes = await page.locator('#detail .delivery[data-flow="events-to-http"] table.attempts tbody tr[data-outcome]')
      .evaluateAll((rows) => rows.map((row) => row.dataset.outcome));
    check(JSON.stringify(outcomes) === '["retry","dead","delivered"]', `attempts shown after the replay: ${outcomes}`);
  });

  let vipBody;
  await step('a sample edited to a VIP tag, previewed for vip-tags: its condition holds, and the exact body shows', async () => {
    await page.click('#view-flows');
    await page.selectOption('#sample', 'contact.tag.added');
    const shipped = await page.inputValue('#sample-body');
    check(shipped.includes('"MyAwesomeTag"'), 'the editor does not hold the tag sample');
    check(await page.locator('#sample-edited').isHidden(), 'the sample as shipped is marked edited');
    await page.fill('#sample-body', shipped.replace('"MyAwesomeTag"', '"VIP"'));
    await page.locator('#sample-edited').waitFor({ state: 'visible' });
    await page.selectOption('#preview-flow', 'vip-tags');
    await page.click('#sample-preview');
    await page.locator('#preview[data-flow="vip-tags"][data-holds="true"]').waitFor();
    check((await page.textContent('#preview-condition')) === 'condition holds', 'the preview does not say the condition holds');
    check((await page.getAttribute('#preview', 'data-would-deliver')) === 'true', 'the preview says it would not deliver');
    vipBody = JSON.parse(await page.textContent('#preview-body'));
    check(vipBody.tag === 'VIP' && vipBody.email === 'temochkaykvlv+lksdllfnsnkfdls@gmail.com'
      && vipBody.at === '2021-10-05T09:52:38Z', `the previewed body: ${JSON.stringify(vipBody)}`);
    check((await page.textContent('#http-facts dd')).endsWith('/hooks/vip'), 'the preview shows the wrong address');
  });

  await step('the same edit previewed for events-to-sql shows the row it would insert', async () => {
    await page.selectOption('#preview-flow', 'events-to-sql');
    await page.click('#sample-preview');
    await page.locator('#preview[data-flow="events-to-sql"]').waitFor();
    const value = (column) => page.textContent(`#preview-writes tr[data-column="${column}"] td.value`);
    check((await value('type')) === 'contact.tag.added', 'the row\'s type');
    check((await value('contact_id')) === '29143587', 'the row\'s contact id');
    check((await value('raw_json')).includes('"VIP"'), 'the row\'s raw JSON is not the edited sample');
    check((await page.textContent('#preview-condition')) === 'no condition', 'events-to-sql has no condition');
  });

  await step('the sample as shipped, previewed for vip-tags: the flow skips it', async () => {
    await page.click('#sample-reset');
    check(await page.locator('#sample-edited').isHidden(), 'the reset sample is still marked edited');
    await page.selectOption('#preview-flow', 'vip-tags');
    await page.click('#sample-preview');
    await page.locator('#preview[data-flow="vip-tags"][data-holds="false"]').waitFor();
    check((await page.textContent('#preview-condition')) === 'skipped: condition false', 'the preview of the shipped tag');
  });

  await step('the edited sample sent: journaled as edited, and delivered to vip-tags', async () => {
    const shipped = await page.inputValue('#sample-body');
    await page.fill('#sample-body', shipped.replace('"MyAwesomeTag"', '"VIP"'));
    await page.click('#send-sample button[type=submit]');
    const message = page.locator('#message', { hasText: 'Sent sample contact.tag.added (edited)' });
    await message.waitFor();
    const vipId = /event ([0-9a-f-]+)/.exec(await message.textContent())[1];
    await page.locator(`#detail[data-event-id="${vipId}"]`).waitFor({ state: 'visible' });
    check((await page.locator('#detail-body').textContent()).includes('"VIP"'), 'the journaled body is not the edited one');
    await page.locator('#detail .delivery[data-flow="vip-tags"][data-status="delivered"]').waitFor();
    await page.locator(`#events tr[data-event-id="${vipId}"][data-status="delivered"]`).waitFor();
  });

  await step(`the Flows view with a preview: screenshot saved beside ${screenshot}`, async () => {
    await page.click('#view-flows');
    await page.selectOption('#preview-flow', 'vip-tags');
    await page.click('#sample-preview');
    await page.locator('#preview[data-flow="vip-tags"][data-holds="true"]').waitFor();
    await mkdir(dirname(screenshot), { recursive: true });
    await page.screenshot({ path: screenshot.replace(/\.png$/, '') + '-flows.png', fullPage: true });
    await page.click('#view-overview');
  });

  await step('the chart counts both events', async () => {
    const legend = await page.locator('#legend').textContent();
    check(legend.includes('customer.sale.completed') && legend.includes('contact.tag.added'), `legend: ${legend}`);
    check(await page.locator('#chart svg rect').count() >= 2, 'the chart has no bars');
  });

  await step('every event type of the chart has its own colour, in the bars and the legend', async () => {
    // an overview of fourteen types, each in one hour: the twelve documented ones (colours 0 to 11, as the
    // bridge numbers them) and two others (12 and 13); the page draws whatever the API says
    const real = await (await page.request.get(`${baseUrl}/admin/api/overview`,
      { headers: { Authorization: `Bearer ${token}` } })).json();
    const names = Array.from({ length: 14 }, (_, n) => `type.number.${n}`);
    const overview = { ...real, types: names.map((type, n) => ({ type, total: 1, colour: n,
      counts: real.hours.map((_, hour) => (hour === n ? 1 : 0)) })) };
    await page.route('**/admin/api/overview', (route) => route.fulfill({ json: overview }));
    try {
      // the next refresh (every 5 s) reads the overview above
      await page.locator('#legend li', { hasText: 'type.number.13' }).waitFor();
      const swatches = await page.locator('#legend .swatch').evaluateAll((spans) =>
        spans.map((span) => getComputedStyle(span).backgroundColor));
      check(swatches.length === 14 && new Set(swatches).size === 14, `legend colours: ${swatches.join(' ')}`);
      const bars = await page.locator('#chart svg rect').evaluateAll((rects) =>
        rects.map((rect) => [rect.querySelector('title').textContent, getComputedStyle(rect).fill]));
      check(bars.length === 14, `bars: ${bars.length}`);
      for (const [title, fill] of bars) {
        const n = names.findIndex((name) => title.endsWith(` ${name}`));
        check(fill === swatches[n], `the bar "${title}" is ${fill}, its legend ${swatches[n]}`);
      }
    } finally {
      await page.unroute('**/admin/api/overview');
    }
  });

  await step(`screenshot saved to ${screenshot}`, async () => {
    await mkdir(dirname(screenshot), { recursive: true });
    await page.screenshot({ path: screenshot, fullPage: true });
  });

  await step('a token the bridge refuses later (a 401 on a refresh) logs out', async () => {
    await page.evaluate(() => Object.keys(sessionStorage).forEach((key) => sessionStorage.setItem(key, 'revoked-token-0000')));
    await page.locator('#login-message', { hasText: 'no longer accepts' }).waitFor();
    check(await page.locator('#dashboard').isHidden(), 'the dashboard still shows');
    check(await page.evaluate(() => sessionStorage.length) === 0, 'the refused token is still in sessionStorage');
  });

  await step('log out forgets the token', async () => {
    await page.fill('#token', token);
    await page.click('#login button[type=submit]');
    await page.locator('#dashboard').waitFor({ state: 'visible' });
    await page.click('#logout');
    await page.locator('#login-panel').waitFor({ state: 'visible' });
    check(await page.evaluate(() => sessionStorage.length) === 0, 'the token is still in sessionStorage');
  });

  await step('the token was in no address, and every request went to the bridge', async () => {
    const inUrl = requested.filter((r) => r.url.includes(token) || r.url.includes(encodeURIComponent(token)));
    check(inUrl.length === 0, `the token was in ${inUrl.length} requested address(es)`);
    const elsewhere = requested.filter((r) => !r.url.startsWith(baseUrl + '/'));
    check(elsewhere.length === 0, `requests outside the bridge: ${elsewhere.map((r) => r.url).join(', ')}`);
    const authorised = requested.filter((r) => r.url.includes('/admin/api/') && r.headers.authorization === `Bearer ${token}`);
    check(authorised.length > 0, 'no API call carried the token as Authorization: Bearer');
    console.log(`     ${requested.length} requests, none with the token in the address`);
  });

  check(pageProblems.length === 0, `the page reported: ${pageProblems.join(' | ')}`);
} catch (error) {
  console.error('FAILED: ' + scrub(error && error.stack ? error.stack : error));
  exitCode = 1;
} finally {
  if (context) {
    await context.close().catch(() => {});
  }
  await rm(userDataDir, { recursive: true, force: true }).catch(() => {});
}
process.exit(exitCode);
