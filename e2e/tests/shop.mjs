// One running shop for a test file: the real dev setup (scripts/dev.sh) on its own ports,
// Debian's Chromium, and helpers to act as a person would (sign in on the site or the
// console, call the API, read the mail the emulator recorded). Not a test file itself.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const results = path.join(root, 'e2e', 'results');

/// Starts scripts/dev.sh with `env` (ports, prefix, TOKO_LOCAL_AWS) and a browser whose
/// pages report what the Content Security Policy blocked.
export async function startShop({ port, moto, env = {} }) {
  mkdirSync(results, { recursive: true });
  const shop = { port, base: `http://localhost:${port}`, log: '', cspViolations: [] };
  shop.dev = spawn('bash', ['scripts/dev.sh'], {
    cwd: root,
    detached: true,
    env: { ...process.env, TOKO_PORT: String(port), TOKO_LAMBDA_PORT: String(port + 1000), TOKO_MOTO_PORT: String(moto), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  shop.dev.stdout.on('data', (d) => { shop.log += d; });
  shop.dev.stderr.on('data', (d) => { shop.log += d; });
  const until = Date.now() + 15 * 60_000;
  while (!shop.log.includes('Toko is running')) {
    if (shop.dev.exitCode !== null) throw new Error(`dev setup exited early:\n${shop.log}`);
    if (Date.now() > until) throw new Error(`dev setup did not start in time:\n${shop.log}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  // Where SES is: the dev setup prints it ("mail  URL/_aws/ses" or "URL/moto-api/data.json").
  shop.mailLog = shop.log.match(/^\s+mail\s+(\S+)/m)[1];
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const watch = (page) => page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) shop.cspViolations.push(`${page.url()}: ${m.text()}`);
  });
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (...a) => { const c = await newContext(...a); c.on('page', watch); return c; };
  const newPage = browser.newPage.bind(browser);
  browser.newPage = async (...a) => { const p = await newPage(...a); watch(p); return p; };
  shop.browser = browser;

  /// A console page signed in as the staff member, in a fresh browser context.
  shop.consoleAs = async (email, password) => {
    const page = await (await browser.newContext({ acceptDownloads: true })).newPage();
    await page.goto(`${shop.base}/console/`);
    await page.fill('#login-form [name=email]', email);
    await page.fill('#login-form [name=password]', password);
    await page.click('#login-form button[type=submit]');
    return page;
  };
  /// A site page signed in as an approved customer, in a fresh browser context.
  shop.siteAs = async (email, password) => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${shop.base}/#/login`);
    await page.fill('#login-form [name=email]', email);
    await page.fill('#login-form [name=password]', password);
    await page.click('#login-form button[type=submit]');
    await page.waitForSelector('#account-status[data-status=approved]');
    return page;
  };
  shop.apiAs = async (email, password) => {
    const login = await (await fetch(`${shop.base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) })).json();
    return async (method, p, body) => {
      const res = await fetch(`${shop.base}/api${p}`, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${login.token}` }, body: body && JSON.stringify(body) });
      return { status: res.status, body: await res.json().catch(() => ({})) };
    };
  };
  shop.sentMailTo = (email) => sentMailTo(shop.mailLog, email);
  shop.stop = async () => {
    await browser.close();
    if (shop.dev.exitCode === null) {
      const exited = new Promise((r) => shop.dev.once('exit', r));
      process.kill(shop.dev.pid, 'SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    }
  };
  return shop;
}

/// Mail the emulator recorded for `email`, as { subject, body (HTML), headers }: moto's
/// `Message` (SendEmail) and `RawMessage` (SendRawEmail), or LocalStack's `/_aws/ses`.
export async function sentMailTo(url, email) {
  const data = await (await fetch(url)).json();
  const mails = [];
  for (const m of data.ses?.Message || []) {
    if ((m.destinations?.ToAddresses || []).includes(email)) mails.push({ subject: m.subject, body: m.body, headers: {} });
  }
  for (const m of data.ses?.RawMessage || []) mails.push(parseRaw(m.raw_data));
  for (const m of data.messages || []) {
    if (m.RawData) mails.push(parseRaw(m.RawData));
    else if ((m.Destination?.ToAddresses || []).includes(email)) mails.push({ subject: m.Subject, body: m.Body?.html_part ?? m.Body?.text_part, headers: {} });
  }
  return mails.filter((m) => !m.headers.to || m.headers.to === email);
}

/// A message as toko::adapters::ses::mime writes it: headers, RFC 2047 B-encoded UTF-8
/// subject, multipart/alternative with base64 parts.
function parseRaw(raw) {
  const headersOf = (head) => {
    const h = {};
    let last;
    for (const line of head.split('\r\n')) {
      if (/^[ \t]/.test(line) && last) h[last] += line;
      else if (line.includes(':')) { last = line.slice(0, line.indexOf(':')).toLowerCase(); h[last] = line.slice(line.indexOf(':') + 1).trim(); }
    }
    return h;
  };
  const [head, ...rest] = raw.split('\r\n\r\n');
  const headers = headersOf(head);
  const words = headers.subject.split(/\s+/).map((w) => w.match(/^=\?UTF-8\?B\?(.*)\?=$/)?.[1]);
  const subject = words.every(Boolean) ? Buffer.concat(words.map((w) => Buffer.from(w, 'base64'))).toString('utf8') : headers.subject;
  const boundary = headers['content-type'].match(/boundary="([^"]+)"/)[1];
  const parts = rest.join('\r\n\r\n').split(`--${boundary}`).slice(1, -1).map((p) => {
    const [ph, ...pb] = p.replace(/^\r\n/, '').split('\r\n\r\n');
    return { type: headersOf(ph)['content-type'], text: Buffer.from(pb.join('').replace(/\s+/g, ''), 'base64').toString('utf8') };
  });
  const body = (parts.find((p) => p.type.startsWith('text/html')) || parts[0]).text;
  return { subject, body, headers };
}

/// On the site page (signed in, on an accepted order's page): a 3 MB design file and a
/// payment proof go straight to storage with a progress bar; an operator downloads the
/// design from the console. Screenshots are named after `tag`.
export async function attachAndDownloadFiles(shop, site, tag) {
  const design = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(3 * 1024 * 1024, 32)]);
  await site.setInputFiles('#design-input', { name: 'Kartu nama final.pdf', mimeType: 'application/pdf', buffer: design });
  const row = site.locator('#order-files tr', { hasText: 'Kartu nama final.pdf' });
  await row.locator('.file-status[data-status=uploaded]').waitFor();
  assert.equal(await row.getAttribute('data-upload-progress'), '100');
  assert.ok(Number(await row.getAttribute('data-progress-events')) >= 1, 'the bar moved with upload events');

  // A payment proof, allowed because the order is accepted.
  const proof = Buffer.from('%PDF-1.4\nbukti transfer\n%%EOF\n');
  await site.setInputFiles('#proof-input', { name: 'bukti transfer.pdf', mimeType: 'application/pdf', buffer: proof });
  await site.locator('#order-files tr', { hasText: 'bukti transfer.pdf' }).locator('.file-status[data-status=uploaded]').waitFor();
  await site.screenshot({ path: path.join(results, `${tag}-files.png`), fullPage: true });

  // An operator sees the files and the proof flag, and downloads the design.
  const consolePage = await shop.consoleAs('operator@toko.example', 'operator-demo-123');
  await consolePage.locator('#order-tabs button', { hasText: 'Accepted' }).click();
  const order = consolePage.locator('#orders tr').first();
  await order.locator('.badge.proof').waitFor();
  await order.locator('button', { hasText: 'Files' }).click();
  const get = order.locator('.files .row-actions', { hasText: 'Kartu nama final.pdf' }).locator('button');
  const [download] = await Promise.all([consolePage.waitForEvent('download'), get.click()]);
  assert.equal(download.suggestedFilename(), 'Kartu nama final.pdf');
  const saved = path.join(results, `${tag}-downloaded.pdf`);
  await download.saveAs(saved);
  assert.equal(statSync(saved).size, design.length);
  await consolePage.screenshot({ path: path.join(results, `${tag}-console-files.png`), fullPage: true });
}

/// An admin adds a product with a 4×4 PNG in the console (straight to the media bucket);
/// the site's product page shows the picture. Screenshot named after `tag`.
export async function addProductWithPicture(shop, tag) {
  const name = `Mouse pad ${Date.now()}`;
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAEklEQVR4nGP4z8AARAwMDAwMAB/0A/2kqGkPAAAAAElFTkSuQmCC', 'base64');
  const consolePage = await shop.consoleAs('admin@toko.example', 'admin-demo-123');
  await consolePage.click('#sections [data-section=products]');
  await consolePage.fill('#product-form [name=name]', name);
  await consolePage.fill('#product-form [name=category]', 'accessories');
  await consolePage.fill('#product-form [name=price]', '45000');
  await consolePage.setInputFiles('#product-form [name=picture]', { name: 'pad.png', mimeType: 'image/png', buffer: png });
  await consolePage.click('#product-form button[type=submit]');
  await consolePage.locator('#products tr', { hasText: name }).waitFor();

  const site = await shop.browser.newPage();
  await site.goto(`${shop.base}/#/products`);
  await site.locator('#product-list a', { hasText: name }).click();
  await site.waitForSelector('#product-name');
  const src = await site.getAttribute('#product-image', 'src');
  assert.match(src, /^\/media\/products\/[0-9A-Z]+\/[0-9A-Z]+-\d+\.png$/);
  await site.waitForFunction(() => document.querySelector('#product-image').naturalWidth === 4);
  await site.screenshot({ path: path.join(results, `${tag}-product-picture.png`) });
}
