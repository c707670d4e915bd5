// End to end, as a person would: the real dev setup (scripts/dev.sh: moto, resources
// from the template, cargo lambda watch, the same-origin dev server) driven through
// Debian's Chromium. A guest registers, an admin approves in the console, the approval
// e-mail is in the emulator, and the customer signs in and sees the approved state.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
import path from 'node:path';
import { startShop, results, root, attachAndDownloadFiles, addProductWithPicture } from './shop.mjs';

const PORT = Number(process.env.TOKO_E2E_PORT || 8181);
const MOTO = Number(process.env.TOKO_E2E_MOTO_PORT || 5181);
const base = `http://localhost:${PORT}`;
let shop;
let browser;

before(async () => {
  shop = await startShop({ port: PORT, moto: MOTO, env: { TOKO_PREFIX: 'e2e-' } });
  browser = shop.browser;
});

after(async () => {
  await shop?.stop();
});

const consoleAs = (...a) => shop.consoleAs(...a);
const siteAs = (...a) => shop.siteAs(...a);
const apiAs = (...a) => shop.apiAs(...a);
const sentMailTo = (email) => shop.sentMailTo(email);

/// Puts `quantity` of the product named `name` in the cart and opens the cart.
async function addToCart(site, name, quantity) {
  await site.goto(`${base}/#/products`);
  await site.locator('#product-list a', { hasText: name }).click();
  await site.fill('#product-qty', String(quantity));
  await site.click('#product-add');
  await site.waitForSelector('#cart-count:not([hidden])');
  await site.goto(`${base}/#/cart`);
}

/// Fills Budi's address, places the order and waits for its page.
async function placeOrder(site) {
  await site.fill('#checkout-form [name=recipient]', 'Budi Santoso');
  await site.fill('#checkout-form [name=phone]', '+62 812 5550 0101');
  await site.fill('#checkout-form [name=street]', 'Jl. Merdeka 10');
  await site.fill('#checkout-form [name=city]', 'Bandung');
  await site.fill('#checkout-form [name=postalCode]', '40111');
  await site.click('#checkout-form button[type=submit]');
  await site.waitForSelector('#order-status[data-status=pending]');
}

/// The banner's price and what the running 15 % promo takes off two of them.
async function bannerPromo() {
  const price = Number((await (await fetch(`${base}/api/products`)).json()).items.find((p) => p.name === 'Banner 1 x 3 m').price);
  return { price, off: Math.floor((2 * price * 15) / 100) };
}

test('a guest registers, an admin approves in the console, the customer sees the approval', { timeout: 300_000 }, async () => {
  const email = `e2e.${Date.now()}@example.com`;
  const password = 'e2e-password-123';

  // The guest registers on the site.
  const site = await browser.newPage();
  await site.goto(`${base}/#/register`);
  await site.fill('#register-form [name=name]', 'Eka Pratama');
  await site.fill('#register-form [name=email]', email);
  await site.fill('#register-form [name=password]', password);
  await site.click('#register-form button[type=submit]');
  await site.waitForSelector('#register-done:not([hidden])');
  await site.screenshot({ path: path.join(results, '1-registered.png'), fullPage: true });

  // Before approval, signing in shows the pending state, and asks to confirm the address.
  await site.goto(`${base}/#/login`);
  await site.fill('#login-form [name=email]', email);
  await site.fill('#login-form [name=password]', password);
  await site.click('#login-form button[type=submit]');
  await site.waitForSelector('#account-status[data-status=pending]');
  await site.waitForSelector('#verify-box:not([hidden])');
  await site.screenshot({ path: path.join(results, '1-unconfirmed.png'), fullPage: true });

  // An admin approves the registration in the console.
  const consolePage = await consoleAs('admin@toko.example', 'admin-demo-123');
  await consolePage.click('#sections [data-section=registrations]');
  const row = consolePage.locator('#registrations tr', { hasText: email });
  await row.waitFor();
  assert.match(await row.textContent(), /e-mail not confirmed/);
  await consolePage.screenshot({ path: path.join(results, '2-console.png'), fullPage: true });
  await row.locator('input').fill('Welcome to Toko!');
  await row.locator('button[data-action=approve]').click();
  await row.waitFor({ state: 'detached' });

  // The approval e-mail is in the emulator, after the one confirming the address.
  const mails = await sentMailTo(email);
  assert.deepEqual(mails.map((m) => m.subject), ['Confirm your e-mail address', 'Your account is approved']);
  mails.shift();
  assert.match(mails[0].body, new RegExp(`href="http://localhost:${PORT}/#/login"`));
  assert.match(mails[0].body, /Welcome to Toko!/);

  // The customer signs in and sees the approved state.
  await site.goto(`${base}/#/logout`);
  await site.goto(`${base}/#/login`);
  await site.fill('#login-form [name=email]', email);
  await site.fill('#login-form [name=password]', password);
  await site.click('#login-form button[type=submit]');
  await site.waitForSelector('#account-status[data-status=approved]');
  assert.equal(await site.textContent('#account-status'), 'Approved');
  await site.screenshot({ path: path.join(results, '3-approved.png'), fullPage: true });
});

test('an approved customer checks out, an admin accepts, the customer sees the inbox badge', { timeout: 300_000 }, async () => {
  // The demo customer (approved) fills a cart from the catalogue.
  const site = await siteAs('budi@example.com', 'customer-demo-123');
  await addToCart(site, 'Business cards', 2);
  await site.waitForSelector('#cart-quote:not([hidden])');
  assert.equal(await site.textContent('#cart-total'), `Rp ${(2 * 85000 + 20000).toLocaleString('id-ID')}`, 'checkout shows shipping and total before ordering');
  await placeOrder(site);
  const invoice = await site.textContent('#order-code');
  assert.match(invoice, /^INV-\d{8}-\d{4}$/);
  assert.equal(await site.textContent('#order-total'), `Rp ${(2 * 85000 + 20000).toLocaleString('id-ID')}`);
  assert.equal(await site.textContent('#pending-badge'), '1');
  await site.screenshot({ path: path.join(results, '5-ordered.png'), fullPage: true });

  // An admin sets the shop's bank account and payment window, then accepts it.
  const consolePage = await consoleAs('admin@toko.example', 'admin-demo-123');
  const row = consolePage.locator('#orders tr', { hasText: invoice });
  await row.waitFor();
  await consolePage.click('#payment-settings summary');
  await consolePage.fill('#payment-form [name=accounts]', 'BCA | 123 456 7890 | CV Toko Demo\nMandiri | 137-00-1234567-8 | CV Toko Demo');
  await consolePage.fill('#payment-form [name=windowHours]', '24');
  await consolePage.click('#payment-form button[type=submit]');
  await consolePage.waitForSelector('#payment-saved:not([hidden])');
  await consolePage.screenshot({ path: path.join(results, '6-payment-settings.png'), fullPage: true });
  await consolePage.screenshot({ path: path.join(results, '6-queue.png'), fullPage: true });
  await row.locator('button[data-action=accept]').click();
  await row.waitFor({ state: 'detached' });

  // The customer sees the unread badge, the message, and the accepted status.
  await site.goto(`${base}/#/inbox`);
  await site.waitForSelector('#unread-badge:not([hidden])');
  await site.waitForSelector('#inbox-list .message');
  assert.equal(await site.textContent('#unread-badge'), '1');
  assert.match(await site.textContent('#inbox-list'), new RegExp(`${invoice} accepted`));
  await site.locator('#inbox-list a', { hasText: 'My orders' }).click();
  await site.waitForSelector('#order-status[data-status=accepted]');
  // What to pay: the total plus a three-digit code, to the shop's accounts, by a deadline.
  await site.waitForSelector('#order-payment:not([hidden])');
  const code = Number(await site.textContent('#payment-code'));
  assert.ok(code >= 1 && code <= 999, `code ${code}`);
  assert.equal(await site.textContent('#payment-amount'), `Rp ${(2 * 85000 + 20000 + code).toLocaleString('id-ID')}`);
  assert.match(await site.textContent('#payment-accounts'), /BCA 123 456 7890 — CV Toko Demo/);
  await site.screenshot({ path: path.join(results, '7-accepted.png'), fullPage: true });
  await site.click('[data-lang=id]');
  await site.setViewportSize({ width: 390, height: 844 });
  await site.waitForFunction(() => document.querySelector('#order-payment [data-i18n="payment.transfer"]').textContent === 'Silakan transfer tepat');
  await site.screenshot({ path: path.join(results, '7-accepted-id-phone.png'), fullPage: true });
  assert.ok(await site.evaluate(() => document.documentElement.scrollWidth <= 390), 'no horizontal scrolling on a phone');
  await site.click('[data-lang=en]');
});

test('an admin adds a product with a picture in the console and the site shows it', { timeout: 120_000 }, async () => {
  await addProductWithPicture(shop, '8');
});

test('a customer attaches a design file and a payment proof; the operator downloads them', { timeout: 300_000 }, async () => {
  const site = await siteAs('budi@example.com', 'customer-demo-123');
  await site.goto(`${base}/#/orders`);
  await site.locator('#orders-list a').first().click();
  await site.waitForSelector('#order-status[data-status=accepted]');

  await attachAndDownloadFiles(shop, site, '9');
});

test('after completion the customer reviews the product and the stars show on the site', { timeout: 120_000 }, async () => {
  // The operator finishes Budi's accepted order (the console path is tested above).
  const operator = await apiAs('operator@toko.example', 'operator-demo-123');
  const queue = await operator('GET', '/admin/orders?status=accepted');
  const order = queue.body.items[0];
  for (const step of [{ status: 'paid' }, { status: 'in_production' }, { status: 'shipped', trackingNumber: 'JNE-0001' }, { status: 'completed' }]) {
    assert.equal((await operator('POST', `/admin/orders/${order.id}/status`, step)).status, 200);
  }

  const site = await siteAs('budi@example.com', 'customer-demo-123');
  await site.goto(`${base}/#/orders/${order.id}`);
  await site.waitForSelector('#order-status[data-status=completed]');
  assert.equal(await site.textContent('#order-tracking'), 'JNE-0001');
  const form = site.locator('.review-form').first();
  await form.locator('[data-rating="4"]').click();
  await form.locator('textarea').fill('Hasil cetak tajam, pengiriman cepat.');
  await form.locator('button[type=submit]').click();
  await site.locator('#review-forms .notice').waitFor();

  await site.goto(`${base}/#/products/${order.items[0].productId}`);
  await site.waitForSelector('#review-list .review');
  assert.match(await site.textContent('#product-rating'), /★★★★☆ 4\.0 \(1\)/);
  assert.match(await site.textContent('#review-list'), /Hasil cetak tajam/);
  await site.screenshot({ path: path.join(results, '11-review.png'), fullPage: true });
});

test('a customer writes to the shop, gets an acknowledgement, and an operator replies from the console', { timeout: 120_000 }, async () => {
  const site = await siteAs('budi@example.com', 'customer-demo-123');
  await site.goto(`${base}/#/inbox`);
  await site.click('#write-box summary');
  await site.selectOption('#message-form [name=kind]', 'question');
  await site.fill('#message-form [name=subject]', 'Laminasi doff?');
  await site.fill('#message-form [name=body]', 'Apakah kartu nama bisa laminasi doff?');
  await site.click('#message-form button[type=submit]');
  await site.locator('#inbox-list .message', { hasText: 'We received your message' }).waitFor();

  const consolePage = await consoleAs('operator@toko.example', 'operator-demo-123');
  await consolePage.click('#sections [data-section=messages]');
  const message = consolePage.locator('#staff-messages .message', { hasText: 'Laminasi doff?' });
  await message.locator('textarea').fill('Bisa, tambah Rp 15.000 per box.');
  await message.locator('button[type=submit]').click();
  await message.waitFor({ state: 'detached' });

  await site.reload();
  await site.locator('#inbox-list .message.unread', { hasText: 'Re: Laminasi doff?' }).waitFor();
  // The question, the acknowledgement and the reply read as one thread, in order.
  const thread = site.locator('#inbox-list .thread', { hasText: 'Laminasi doff?' });
  assert.equal(await thread.count(), 1);
  assert.deepEqual(await thread.locator('.message').evaluateAll((ms) => ms.map((m) => m.dataset.from)), ['customer', 'shop', 'shop']);
  assert.match(await thread.locator('.message').last().textContent(), /Re: Laminasi doff\?/);
  const mails = await sentMailTo('budi@example.com');
  assert.ok(mails.some((m) => m.subject === 'We received your message'));
  assert.ok(mails.some((m) => m.subject === 'Re: Laminasi doff?' && /Rp 15.000/.test(m.body)));
  await site.screenshot({ path: path.join(results, '12-inbox-reply.png'), fullPage: true });
});

test('marketing posts a promo with mail; it shows on the site, a subscriber gets one mail and unsubscribes by its link', { timeout: 180_000 }, async () => {
  // Budi opts in to promotions on his account page.
  const site = await siteAs('budi@example.com', 'customer-demo-123');
  await site.goto(`${base}/#/account`);
  await site.waitForSelector('#account-optin');
  if (!(await site.isChecked('#account-optin'))) {
    const saved = site.waitForResponse((r) => r.url().endsWith('/api/me') && r.request().method() === 'PUT');
    await site.check('#account-optin');
    assert.equal((await saved).status(), 200);
  }

  // Marketing schedules a promo that runs now and e-mails it to subscribers.
  const consolePage = await consoleAs('marketing@toko.example', 'marketing-demo-123');
  await consolePage.click('#sections [data-section=promos]');
  const local = (ms) => { const d = new Date(Date.now() + ms); return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16); };
  await consolePage.fill('#promo-form [name=title]', 'Diskon banner akhir tahun');
  await consolePage.fill('#promo-form [name=body]', 'Semua banner hemat 15% sampai akhir bulan.');
  await consolePage.fill('#promo-form [name=discountPercent]', '15');
  await consolePage.fill('#promo-form [name=categories]', 'printing');
  await consolePage.fill('#promo-form [name=startsAt]', local(-60_000));
  await consolePage.fill('#promo-form [name=endsAt]', local(7 * 86_400_000));
  await consolePage.check('#promo-form [name=notify]');
  await consolePage.click('#promo-form button[type=submit]');
  await consolePage.locator('#promo-rows tr', { hasText: 'Diskon banner akhir tahun' }).waitFor();
  await consolePage.waitForSelector('#promo-sent:not([hidden])');
  assert.match(await consolePage.textContent('#promo-sent'), /E-mailed to [1-9]/);

  // The home page and the promotions page show it.
  const guest = await browser.newPage();
  await guest.goto(`${base}/`);
  await guest.locator('#promo-list .promo', { hasText: 'Diskon banner akhir tahun — 15%' }).waitFor();
  await guest.goto(`${base}/#/promos`);
  await guest.locator('#promo-page .promo', { hasText: 'Semua banner hemat 15%' }).waitFor();
  await guest.screenshot({ path: path.join(results, '13-promo.png'), fullPage: true });

  // The promo applies: a banner in Budi's cart costs 15 % less, per line and in total,
  // as the server quotes it; the order keeps the same breakdown.
  await addToCart(site, 'Banner 1 x 3 m', 2);
  await site.waitForSelector('#cart-discount-row:not([hidden])');
  const { price, off } = await bannerPromo();
  assert.equal(await site.textContent('#cart-discount'), `−Rp ${off.toLocaleString('id-ID')}`);
  assert.match(await site.textContent('#cart-lines .line-promo'), /Diskon banner akhir tahun: −Rp/);
  assert.equal(await site.textContent('#cart-total'), `Rp ${(2 * price - off + 20000).toLocaleString('id-ID')}`);
  // Marketing adds a voucher in the console; in the cart a wrong code says why, the
  // right one takes its amount off on top of the promo.
  await consolePage.fill('#voucher-form [name=code]', 'hemat20k');
  await consolePage.fill('#voucher-form [name=discountAmount]', '20000');
  await consolePage.fill('#voucher-form [name=minSpend]', '100000');
  await consolePage.fill('#voucher-form [name=startsAt]', local(-60_000));
  await consolePage.fill('#voucher-form [name=endsAt]', local(7 * 86_400_000));
  await consolePage.click('#voucher-form button[type=submit]');
  await consolePage.locator('#voucher-rows tr[data-code=HEMAT20K]').waitFor();
  await consolePage.screenshot({ path: path.join(results, '13-console-vouchers.png'), fullPage: true });
  for (const wrong of ['SALAH', 'not a code!']) {
    await site.fill('#voucher-form [name=voucherCode]', wrong);
    await site.click('#voucher-form button[type=submit]');
    await site.waitForFunction(() => document.querySelector('#voucher-result').textContent === 'There is no voucher with this code.');
    await site.evaluate(() => { document.querySelector('#voucher-result').textContent = ''; });
  }
  await site.fill('#voucher-form [name=voucherCode]', 'hemat20k');
  await site.click('#voucher-form button[type=submit]');
  await site.waitForFunction(() => document.querySelector('#voucher-result').textContent === 'HEMAT20K: −Rp 20.000');
  assert.equal(await site.textContent('#cart-discount'), `−Rp ${(off + 20000).toLocaleString('id-ID')}`);
  assert.equal(await site.textContent('#cart-total'), `Rp ${(2 * price - off - 20000 + 20000).toLocaleString('id-ID')}`);
  await site.screenshot({ path: path.join(results, '13-cart-discount.png'), fullPage: true });
  await site.click('[data-lang=id]');
  await site.setViewportSize({ width: 390, height: 844 });
  await site.waitForFunction(() => document.querySelector('#cart-discount-row span').textContent === 'Diskon');
  await site.screenshot({ path: path.join(results, '13-cart-discount-id-phone.png'), fullPage: true });
  assert.ok(await site.evaluate(() => document.documentElement.scrollWidth <= 390), 'no horizontal scrolling on a phone');
  await site.click('[data-lang=en]');
  await site.setViewportSize({ width: 1280, height: 720 });

  // Budi got exactly one mail for it, with a one-click unsubscribe link that works
  // without signing in.
  const mails = (await sentMailTo('budi@example.com')).filter((m) => m.subject.includes('Diskon banner akhir tahun'));
  assert.equal(mails.length, 1);
  const link = mails[0].body.match(/href="([^"]*\/api\/unsubscribe\?token=[^"]+)"/);
  assert.ok(link, 'the mail carries an unsubscribe link');
  // The mail client offers the same link as one-click unsubscribe (RFC 8058 headers).
  assert.equal(mails[0].headers['list-unsubscribe'], `<${link[1].replaceAll('&amp;', '&')}>`);
  assert.equal(mails[0].headers['list-unsubscribe-post'], 'List-Unsubscribe=One-Click');
  const stranger = await (await browser.newContext()).newPage();
  await stranger.goto(link[1].replaceAll('&amp;', '&'));
  assert.match(await stranger.textContent('h1'), /Unsubscribe from promotions\?/, 'opening the link only asks');
  await stranger.screenshot({ path: path.join(results, '15-unsubscribe-confirm.png') });
  await stranger.setViewportSize({ width: 390, height: 844 });
  await stranger.screenshot({ path: path.join(results, '15-unsubscribe-confirm-phone.png') });
  assert.ok(await stranger.evaluate(() => document.documentElement.scrollWidth <= 390), 'no horizontal scrolling on a phone');
  await stranger.click('button[type=submit]');
  await stranger.waitForSelector('h1:text("Unsubscribed")');

  await site.goto(`${base}/#/`);
  await site.goto(`${base}/#/account`);
  await site.waitForSelector('#account-optin');
  await site.waitForFunction(() => !document.querySelector('#account-optin').checked);
});

test('the manager opens the dashboard and sees the sales of the completed order', { timeout: 120_000 }, async () => {
  const consolePage = await consoleAs('manager@toko.example', 'manager-demo-123');
  await consolePage.click('#sections [data-section=dashboard]');
  // Budi's order of 2 boxes of business cards was completed in an earlier test.
  await consolePage.locator('#dash-chart .bar span[data-category=printing]').waitFor();
  assert.match(await consolePage.textContent('#dash-totals'), /Rp 170\.000/);
  assert.match(await consolePage.textContent('#dash-top'), /Budi Santoso/);
  const month = new Date().toISOString().slice(0, 7);
  assert.equal(await consolePage.getAttribute(`#dash-line circle[data-month="${month}"]`, 'data-revenue'), '170000');
  assert.equal(await consolePage.getAttribute('#dash-gauge svg', 'data-index'), '100', 'one 4-star review: all reviews are 4–5 stars');
  assert.match(await consolePage.textContent('#dash-gauge'), /4 ★ · 1/);
  const [download] = await Promise.all([consolePage.waitForEvent('download'), consolePage.click('#dash-csv')]);
  const saved = path.join(results, 'sales.csv');
  await download.saveAs(saved);
  assert.match((await import('node:fs')).readFileSync(saved, 'utf8'), /printing,2,170000/);
  await consolePage.screenshot({ path: path.join(results, '14-dashboard.png'), fullPage: true });
});

test('a customer with a completed order writes a testimonial; marketing approves it and the home page shows it', { timeout: 120_000 }, async () => {
  // Budi's order was completed in an earlier test. On a phone, in Indonesian.
  const site = await siteAs('budi@example.com', 'customer-demo-123');
  await site.setViewportSize({ width: 390, height: 844 });
  await site.click('[data-lang=id]');
  await site.goto(`${base}/#/orders`);
  await site.locator('#testimonial-form').waitFor();
  await site.waitForFunction(() => document.querySelector('#testimonial-box h2')?.textContent === 'Ceritakan pengalaman Anda');
  await site.selectOption('#testimonial-form [name=rating]', '5');
  await site.fill('#testimonial-form [name=text]', 'Ok');
  await site.click('#testimonial-form button[type=submit]');
  await site.locator('#testimonial-form .field-error').waitFor();
  await site.fill('#testimonial-form [name=text]', 'Kartu namanya rapi, warnanya pas, dan jadi dalam sehari. Mantap!');
  await site.click('#testimonial-form button[type=submit]');
  await site.waitForFunction(() => /Menunggu persetujuan toko/.test(document.querySelector('#testimonial-box').textContent));
  await site.locator('#testimonial-box').screenshot({ path: path.join(results, '45-testimonial-write-phone.png') });
  assert.ok(await site.evaluate(() => document.documentElement.scrollWidth <= 390), 'no horizontal scrolling on a phone');
  await site.goto(`${base}/#/`);
  await site.waitForTimeout(300);
  assert.ok(await site.locator('#testimonials').isHidden(), 'not shown before approval');

  const consolePage = await consoleAs('marketing@toko.example', 'marketing-demo-123');
  await consolePage.setViewportSize({ width: 1366, height: 800 });
  await consolePage.click('#sections [data-section=promos]');
  const row = consolePage.locator('#ct-list tr', { hasText: 'Kartu namanya rapi' });
  await row.waitFor();
  assert.match(await row.textContent(), /Budi S\./);
  await consolePage.locator('#ct-section').screenshot({ path: path.join(results, '45-testimonial-moderate.png') });
  await row.locator('button', { hasText: 'Show on the home page' }).click();
  await consolePage.locator('#ct-list tr', { hasText: 'Kartu namanya rapi' }).waitFor({ state: 'detached' });
  await consolePage.click('#ct-section [data-state=approved]');
  await consolePage.locator('#ct-list tr', { hasText: 'Kartu namanya rapi' }).waitFor();

  // The home page (its answer is cached a minute: a new visitor's first visit).
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(`${base}/#/`);
  await visitor.locator('#testimonials figure').waitFor();
  assert.match(await visitor.textContent('#testimonials'), /What our customers say[\s\S]*★★★★★[\s\S]*Kartu namanya rapi[\s\S]*Budi S\./);
  await visitor.setViewportSize({ width: 1366, height: 800 });
  await visitor.locator('#testimonials').screenshot({ path: path.join(results, '45-testimonial-home.png') });
  await site.goto(`${base}/#/orders`);
  await site.waitForFunction(() => /tampil di beranda/.test(document.querySelector('#testimonial-box').textContent));
  await site.click('[data-lang=en]');
  await visitor.context().close();
  await site.context().close();
});

test('staff find an order by its invoice code and a customer by name, on a phone', { timeout: 90_000 }, async () => {
  const budi = await apiAs('budi@example.com', 'customer-demo-123');
  const { items } = (await budi('GET', '/orders?limit=5')).body;
  const code = items[0].invoiceCode;
  const page = await consoleAs('admin@toko.example', 'admin-demo-123');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.click('[data-lang=id]');
  await page.click('#sections [data-section=orders]');
  // The day and number, as read off a transfer note: the INV- and the zeros left out.
  const [, day, number] = code.split('-');
  await page.fill('#orders-find', `${day}-${Number(number)}`);
  await page.locator('#orders tr', { hasText: code }).waitFor();
  assert.equal(await page.locator('#orders tr').count(), 1);
  await page.click('#sections [data-section=registrations]');
  await page.fill('#customers-find', 'budi sant');
  await page.locator('#registrations tr', { hasText: 'budi@example.com' }).waitFor();
  assert.equal(await page.locator('#registrations tr').count(), 1);
  await page.screenshot({ path: path.join(results, '46-find-customer-phone.png') });
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), 'no horizontal scrolling on a phone');
  await page.fill('#customers-find', '');
  await page.click('[data-lang=en]');
});

test('a manager imports past sales from a CSV in the console and sees the chart change, then undoes it', { timeout: 120_000 }, async () => {
  const page = await consoleAs('manager@toko.example', 'manager-demo-123');
  await page.setViewportSize({ width: 1366, height: 800 });
  await page.click('#sections [data-section=dashboard]');
  await page.locator('#dash-imports').waitFor();
  const now = new Date();
  const ago = (n) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - n, 1)).toISOString().slice(0, 7);
  const [m1, m2, m3] = [ago(3), ago(2), ago(1)];
  assert.equal(await page.locator(`#dash-line circle[data-month="${m2}"]`).count(), 0, 'no sales that month yet');
  const upload = (name, text) => page.setInputFiles('#imp-file', { name, mimeType: 'text/csv', buffer: Buffer.from(text) });

  // A file with mistakes: every bad line is named, and nothing is imported.
  await upload('wrong.csv', `month,category,units,revenue\n${m1},printing,3,300000\n${m2},printing,-1,100\n2025/01,printing,1,1\n`);
  await page.click('#imp-form button[type=submit]');
  await page.locator('#imp-result li').nth(1).waitFor();
  const listed = await page.locator('#imp-result li').allTextContents();
  assert.equal(listed.length, 2);
  assert.match(listed[0], /^Line 3: units must be a whole number/);
  assert.match(listed[1], /^Line 4: month must be written like 2025-01/);
  assert.ok(await page.locator('#imp-apply').isHidden(), 'a bad file cannot be imported');

  // The corrected file: checked, then imported; the chart and the line now include it.
  const good = `month,category,units,revenue\n${m1},printing,3,300000\n${m2},printing,5,1.250.000\n${m2},accessories,2,400000\n${m3},printing,1,90000\n`;
  await upload('books-2026.csv', good);
  await page.click('#imp-form button[type=submit]');
  await page.locator('#imp-apply:not([hidden])').waitFor();
  assert.match(await page.textContent('#imp-result'), /4 lines: 3 months, 11 units, Rp 2\.040\.000/);
  await page.click('#imp-apply');
  await page.locator(`#dash-chart .bar span.imported[data-category=printing]`).first().waitFor();
  await page.waitForFunction((m) => document.querySelector(`#dash-line circle[data-month="${m}"]`)?.dataset.revenue === '1650000', m2);
  assert.equal(await page.locator('#dash-chart .bar span.imported').count(), 4);
  assert.match(await page.textContent('#dash-month-rows'), /Rp 1\.650\.000/);
  await page.locator('#imp-list tr[data-state=applied]').waitFor();
  await page.locator('#dash-chart').screenshot({ path: path.join(results, '43-import-chart.png') });
  await page.screenshot({ path: path.join(results, '43-import-sales.png'), fullPage: true });

  // The same file again changes nothing.
  await upload('books-2026.csv', good);
  await page.click('#imp-form button[type=submit]');
  await page.waitForFunction(() => /imported already/.test(document.querySelector('#imp-result').textContent));
  assert.ok(await page.locator('#imp-apply').isHidden());

  // On a phone, in Indonesian.
  await page.click('[data-lang=id]');
  await page.setViewportSize({ width: 390, height: 844 });
  await upload('salah.csv', `month,category,units,revenue\n${m1},stiker,1,1\n`);
  await page.click('#imp-form button[type=submit]');
  await page.waitForFunction(() => /Baris 2: "stiker" bukan kategori/.test(document.querySelector('#imp-result').textContent));
  assert.equal(await page.textContent('#dash-imports h2'), 'Penjualan lama dari pembukuan');
  await page.screenshot({ path: path.join(results, '43-import-sales-phone.png'), fullPage: true });
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), 'no horizontal scrolling on a phone');

  // Undone: the imported parts leave the chart.
  await page.click('#imp-list tr[data-state=applied] button');
  await page.locator('#imp-list tr[data-state=undone]').waitFor();
  await page.waitForFunction(() => document.querySelectorAll('#dash-chart .bar span.imported').length === 0);
  assert.equal(await page.locator(`#dash-line circle[data-month="${m2}"]`).count(), 0);
  await page.click('[data-lang=en]');
});

test('the site switches between English and Indonesian', { timeout: 30_000 }, async () => {
  const page = await browser.newPage();
  await page.goto(`${base}/`);
  // The page's strings arrive as a module after the load event: wait for them.
  const heroFilled = () => page.waitForFunction(() => document.querySelector('.hero h1').textContent.trim() !== '');
  await heroFilled();
  const english = await page.textContent('.hero h1');
  await page.click('[data-lang=id]');
  await page.waitForFunction((en) => document.querySelector('.hero h1').textContent !== en, english);
  const indonesian = await page.textContent('.hero h1');
  assert.notEqual(english, indonesian);
  assert.match(indonesian, /pesan secara online/);
  await page.reload();
  await heroFilled();
  assert.match(await page.textContent('.hero h1'), /pesan secara online/, 'the choice is remembered');
  await page.screenshot({ path: path.join(results, '4-indonesian.png'), fullPage: true });
});

test('bad sign-in shows the API error on the form', { timeout: 30_000 }, async () => {
  const page = await browser.newPage();
  await page.goto(`${base}/#/login`);
  await page.fill('#login-form [name=email]', 'nobody@example.com');
  await page.fill('#login-form [name=password]', 'wrong-password');
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#login-form .form-error:not([hidden])');
  assert.match(await page.textContent('#login-form .form-error'), /wrong/);
});

test('every response carries the security headers; no page broke the CSP', { timeout: 60_000 }, async () => {
  const page = await browser.newPage();
  for (const url of [`${base}/`, `${base}/console/`, `${base}/api/products`, `${base}/assets/site.js`]) {
    const res = await page.goto(url);
    const h = res.headers();
    const csp = h['content-security-policy'] || '';
    for (const part of ["default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'"]) {
      assert.ok(csp.includes(part), `${url}: CSP has ${part}: ${csp}`);
    }
    assert.ok(!/unsafe-inline|unsafe-eval/.test(csp), `${url}: ${csp}`);
    assert.match(h['strict-transport-security'] || '', /max-age=\d{8}; includeSubDomains/, url);
    assert.equal(h['x-content-type-options'], 'nosniff', url);
    assert.equal(h['x-frame-options'], 'DENY', url);
    assert.equal(h['referrer-policy'], 'strict-origin-when-cross-origin', url);
    assert.match(h['permissions-policy'] || '', /camera=\(\)/, url);
  }
  // Nothing inline anywhere: the pages' markup has no style attributes or inline scripts.
  for (const url of [`${base}/`, `${base}/console/`]) {
    await page.goto(url);
    const inline = await page.evaluate(() => [...document.querySelectorAll('[style], script:not([src])')].length);
    assert.equal(inline, 0, `${url} has inline styles or scripts`);
  }
  assert.deepEqual(shop.cspViolations, [], 'no page of any test broke the Content Security Policy');
});

test('another origin gets no CORS from the API', { timeout: 30_000 }, async () => {
  const preflight = await fetch(`${base}/api/orders`, {
    method: 'OPTIONS',
    headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
  });
  assert.equal(preflight.headers.get('access-control-allow-origin'), null);
  assert.equal(preflight.headers.get('access-control-allow-credentials'), null);
  const get = await fetch(`${base}/api/products`, { headers: { origin: 'https://evil.example' } });
  assert.equal(get.status, 200);
  assert.equal(get.headers.get('access-control-allow-origin'), null);
});

test('SES reports a bounce; the console shows the address as not mailable, in English and Indonesian', { timeout: 120_000 }, async () => {
  const email = `bounce.${Date.now()}@example.com`;
  const reg = await fetch(`${base}/api/auth/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'bounce-password-1', name: 'Bono Pantul' }) });
  assert.equal(reg.status, 201);
  const id = (await reg.json()).customer.id;
  const admin = await apiAs('admin@toko.example', 'admin-demo-123');
  assert.equal((await admin('POST', `/admin/customers/${id}/confirm`, { decision: 'approve' })).status, 200);
  // SNS delivers SES's bounce event to the bounces function (through cargo lambda's invoke API).
  const event = { Records: [{ EventSource: 'aws:sns', Sns: { Type: 'Notification', Message: JSON.stringify({ eventType: 'Bounce', bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: email }] } }) } }] };
  const invoked = await fetch(`http://127.0.0.1:${PORT + 1000}/2015-03-31/functions/bounces/invocations`, { method: 'POST', body: JSON.stringify(event) });
  assert.deepEqual(await invoked.json(), { blocked: 1, ignored: 0 });

  const page = await consoleAs('admin@toko.example', 'admin-demo-123');
  await page.click('#sections [data-section=registrations]');
  await page.click('#registrations-view [data-status=approved]');
  const row = page.locator(`#registrations tr[data-customer-id="${id}"]`);
  await row.waitFor();
  assert.equal(await row.locator('.mail-blocked').last().textContent(), 'mail bounced');
  await page.screenshot({ path: path.join(results, '16-mail-bounced.png'), fullPage: true });
  await page.click('[data-lang=id]');
  await page.waitForFunction((sel) => [...document.querySelectorAll(sel)].pop()?.textContent === 'e-mail gagal terkirim', `#registrations tr[data-customer-id="${id}"] .mail-blocked`);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: path.join(results, '16-mail-bounced-id-phone.png'), fullPage: true });
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), 'no horizontal scrolling on a phone');
});

test('a customer checks out with a promo, a voucher and points, gets the bank details by mail and prints the invoice', { timeout: 300_000 }, async () => {
  // The admin fills in the shop's invoice details and gives Budi 500 points from the
  // approved registrations, with a reason.
  const consolePage = await consoleAs('admin@toko.example', 'admin-demo-123');
  await consolePage.setViewportSize({ width: 1366, height: 800 });
  await consolePage.click('#shop-settings summary');
  // (The form shows the stored details first; typing starts once they are in.)
  await consolePage.waitForFunction(() => document.querySelector('#shop-form [name=name]').value !== '');
  await consolePage.fill('#shop-form [name=name]', 'Percetakan Toko Demo');
  await consolePage.fill('#shop-form [name=address]', 'Jl. Braga 12\nBandung 40111');
  await consolePage.fill('#shop-form [name=taxNumber]', '01.234.567.8-901.000');
  await consolePage.click('#shop-form button[type=submit]');
  await consolePage.waitForSelector('#shop-saved:not([hidden])');
  await consolePage.click('#points-settings summary');
  assert.equal(await consolePage.inputValue('#points-settings-form [name=earnPer]'), '10000');
  await consolePage.screenshot({ path: path.join(results, '17-console-shop-points-settings.png'), fullPage: true });
  await consolePage.click('#sections [data-section=registrations]');
  await consolePage.click('[data-status=approved]');
  const budi = consolePage.locator('#registrations tr', { hasText: 'budi@example.com' });
  await budi.locator('button', { hasText: 'Points' }).click();
  await consolePage.waitForFunction(() => document.querySelector('#points-balance').textContent !== '');
  const before = Number(await consolePage.textContent('#points-balance'));
  await consolePage.fill('#adjust-form [name=points]', '500');
  await consolePage.fill('#adjust-form [name=reason]', 'Loyal customer gift');
  await consolePage.click('#adjust-form button[type=submit]');
  await consolePage.waitForFunction((n) => document.querySelector('#points-balance').textContent === String(n), before + 500);
  assert.match(await consolePage.textContent('#staff-ledger'), /Adjusted by the shop · Loyal customer gift\s*\+500/);
  await consolePage.screenshot({ path: path.join(results, '17-console-customer-points.png'), fullPage: true });
  await consolePage.click('[data-lang=id]');
  await consolePage.setViewportSize({ width: 390, height: 844 });
  await consolePage.waitForFunction(() => document.querySelector('#adjust-form button').textContent === 'Sesuaikan' && document.querySelector('#staff-ledger').textContent.includes('Disesuaikan oleh toko'));
  await consolePage.screenshot({ path: path.join(results, '17-console-customer-points-id-phone.png'), fullPage: true });
  assert.ok(await consolePage.evaluate(() => document.documentElement.scrollWidth <= 390), 'no horizontal scrolling on a phone');
  await consolePage.click('[data-lang=en]');

  // Budi: two banners (the 15 % promo), the HEMAT20K voucher, and 200 points.
  const site = await siteAs('budi@example.com', 'customer-demo-123');
  await site.setViewportSize({ width: 1366, height: 800 });
  await addToCart(site, 'Banner 1 x 3 m', 2);
  await site.waitForSelector('#cart-discount-row:not([hidden])');
  const { price, off } = await bannerPromo();
  await site.fill('#voucher-form [name=voucherCode]', 'hemat20k');
  await site.click('#voucher-form button[type=submit]');
  await site.waitForFunction(() => document.querySelector('#voucher-result').textContent === 'HEMAT20K: −Rp 20.000');
  await site.waitForSelector('#points-form:not([hidden])');
  assert.match(await site.textContent('#points-label'), new RegExp(`you have ${before + 500}\\b`));
  await site.fill('#points-form [name=points]', '200');
  await site.click('#points-form button[type=submit]');
  await site.waitForFunction(() => document.querySelector('#points-result').textContent === '200 points: −Rp 20.000');
  const total = 2 * price - off - 20000 - 20000 + 20000;
  await site.waitForFunction((t) => document.querySelector('#cart-total').textContent === t, `Rp ${total.toLocaleString('id-ID')}`);
  assert.equal(await site.textContent('#cart-discount'), `−Rp ${(off + 20000).toLocaleString('id-ID')}`);
  await site.screenshot({ path: path.join(results, '18-cart-promo-voucher-points.png'), fullPage: true });
  await placeOrder(site);
  const invoice = await site.textContent('#order-code');
  assert.equal(await site.textContent('#order-total'), `Rp ${total.toLocaleString('id-ID')}`);
  assert.equal(await site.textContent('#order-points'), '200 points −Rp 20.000');
  assert.match(await site.textContent('#order-voucher'), /HEMAT20K −Rp 20\.000/);

  // The admin accepts; the acceptance mail says how much to transfer, where, by when.
  await consolePage.click('#sections [data-section=orders]');
  const row = consolePage.locator('#orders tr', { hasText: invoice });
  await row.locator('button[data-action=accept]').click();
  await row.waitFor({ state: 'detached' });
  const mail = (await sentMailTo('budi@example.com')).find((m) => m.subject.includes(invoice) && !m.subject.includes('received') && !m.subject.includes('tercatat'));
  assert.ok(mail, 'the acceptance mail');
  assert.match(mail.body, /BCA 123 456 7890/);
  const amount = mail.body.match(/(?:transfer exactly|transfer tepat) (Rp [\d.]+)/)[1];
  const code = Number(amount.replace(/\D/g, '')) - total;
  assert.ok(code >= 1 && code <= 999, `unique code ${code}`);

  // The invoice: the page (printed to A4 by the browser) and the server's PDF.
  await site.goto(`${base}/#/`);
  await site.goto(`${base}/#/orders`);
  await site.locator('#orders-list a', { hasText: invoice }).click();
  await site.waitForSelector('#order-status[data-status=accepted]');
  await site.click('#order-invoice');
  await site.waitForSelector('#invoice-status[data-status=unpaid]');
  assert.equal(await site.textContent('#invoice-shop'), 'Percetakan Toko Demo');
  assert.match(await site.textContent('#invoice-tax'), /01\.234\.567\.8-901\.000/);
  const totals = await site.textContent('#invoice-totals');
  for (const part of [`−Rp ${off.toLocaleString('id-ID')}`, 'Voucher HEMAT20K', 'Points (200)', `Rp ${total.toLocaleString('id-ID')}`]) assert.ok(totals.includes(part), `${part} in ${totals}`);
  assert.match(await site.textContent('#invoice-transfer'), new RegExp(`${amount.replace('.', '\\.')} .* unique code ${String(code).padStart(3, '0')}`));
  await site.screenshot({ path: path.join(results, '19-invoice.png'), fullPage: true });
  await site.emulateMedia({ media: 'print' });
  assert.equal(await site.isVisible('header'), false, 'the print has no site header');
  assert.equal(await site.isVisible('#invoice-print'), false, 'nor its buttons');
  const printed = await site.pdf({ format: 'A4', path: path.join(results, '19-invoice-printed.pdf') });
  assert.ok(printed.subarray(0, 5).toString() === '%PDF-');
  await site.emulateMedia({ media: 'screen' });
  const [download] = await Promise.all([site.waitForEvent('download'), site.click('#invoice-pdf')]);
  assert.equal(download.suggestedFilename(), `${invoice}.pdf`);
  const saved = path.join(results, `${invoice}.pdf`);
  await download.saveAs(saved);
  assert.equal((await import('node:fs')).readFileSync(saved).subarray(0, 5).toString(), '%PDF-');
  await site.click('[data-lang=id]');
  await site.setViewportSize({ width: 390, height: 844 });
  await site.waitForFunction(() => document.querySelector('#invoice-status').textContent === 'belum dibayar');
  assert.equal(await site.textContent('#invoice-print'), 'Cetak');
  await site.screenshot({ path: path.join(results, '19-invoice-id-phone.png'), fullPage: true });
  assert.ok(await site.evaluate(() => document.documentElement.scrollWidth <= 390), 'no horizontal scrolling on a phone');

  // The account page: the balance after spending, and the ledger.
  await site.goto(`${base}/#/account`);
  // (The page showed the balance before the order when Budi signed in: wait for today's.)
  await site.waitForFunction((n) => document.querySelector('#account-points').textContent === String(n), before + 300);
  assert.match(await site.textContent('#points-ledger'), /Dipakai · INV-/);
  await site.screenshot({ path: path.join(results, '20-account-points-id-phone.png'), fullPage: true });
  assert.ok(await site.evaluate(() => document.documentElement.scrollWidth <= 390), 'no horizontal scrolling on a phone');
  await site.click('[data-lang=en]');
  await site.setViewportSize({ width: 1366, height: 800 });
  await site.waitForFunction(() => document.querySelector('#points-ledger').textContent.includes('Spent') && document.querySelector('#points-rules').textContent.startsWith('You earn'));
  await site.screenshot({ path: path.join(results, '20-account-points.png'), fullPage: true });
});

test('a customer who forgot the password gets a link by mail, sets a new one and signs in', { timeout: 120_000 }, async () => {
  const email = `lupa.${Date.now()}@example.com`;
  const reg = await fetch(`${base}/api/auth/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'the old password', name: 'Lupa Sandi', locale: 'id' }) });
  assert.equal(reg.status, 201);
  const page = await (await browser.newContext({ viewport: { width: 1366, height: 800 } })).newPage();
  // First the address is confirmed with the link of the registration mail.
  const welcome = (await sentMailTo(email)).find((m) => m.subject === 'Konfirmasi alamat e-mail Anda');
  assert.ok(welcome, 'the verification mail, in Indonesian');
  await page.goto(welcome.body.match(/href="([^"]*#\/verify\?token=[A-Za-z0-9_-]{43})"/)[1]);
  await page.click('[data-lang=en]');
  await page.waitForSelector('#verify-done:not([hidden])');
  await page.screenshot({ path: path.join(results, '21-verified.png'), fullPage: true });
  await page.goto(`${base}/#/login`);
  await page.click('#forgot-link');
  await page.fill('#forgot-form [name=email]', email);
  await page.click('#forgot-form button[type=submit]');
  await page.waitForSelector('#forgot-sent:not([hidden])');
  await page.screenshot({ path: path.join(results, '21-forgot-sent.png'), fullPage: true });
  // The mail is in the customer's language (Indonesian) and carries the one-time link.
  const mail = (await sentMailTo(email)).find((m) => m.subject === 'Buat kata sandi baru');
  assert.ok(mail, 'the reset mail');
  const link = mail.body.match(/href="([^"]*#\/reset\?token=[A-Za-z0-9_-]{43})"/)[1];
  await page.goto(link);
  await page.waitForSelector('#reset-form:not([hidden])');
  await page.click('[data-lang=id]');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForFunction(() => document.querySelector('#reset-form button').textContent === 'Simpan kata sandi baru');
  await page.screenshot({ path: path.join(results, '21-reset-id-phone.png'), fullPage: true });
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), 'no horizontal scrolling on a phone');
  await page.fill('#reset-form [name=password]', 'the new password');
  await page.click('#reset-form button[type=submit]');
  await page.waitForSelector('#reset-done:not([hidden])');
  // Used once: the same link now says so and offers a new one.
  await page.goto(`${base}/#/`);
  await page.goto(link);
  await page.fill('#reset-form [name=password]', 'another new password');
  await page.click('#reset-form button[type=submit]');
  await page.waitForSelector('#reset-invalid:not([hidden])');
  await page.screenshot({ path: path.join(results, '21-reset-used-id-phone.png'), fullPage: true });
  await page.click('[data-lang=en]');
  await page.setViewportSize({ width: 1366, height: 800 });
  await page.goto(`${base}/#/login`);
  await page.fill('#login-form [name=email]', email);
  await page.fill('#login-form [name=password]', 'the new password');
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#account-status');
  // And changes it again from the account page.
  await page.click('#password-box summary');
  await page.fill('#password-form [name=currentPassword]', 'the new password');
  await page.fill('#password-form [name=newPassword]', 'the newest password');
  await page.click('#password-form button[type=submit]');
  await page.waitForSelector('#password-done:not([hidden])');
  await page.screenshot({ path: path.join(results, '21-password-changed.png'), fullPage: true });
  // And edits the details: name, WhatsApp, the language of the shop's mail.
  await page.click('#profile-box summary');
  await page.fill('#profile-form [name=name]', 'Lupa Sandi Lagi');
  await page.fill('#profile-form [name=whatsapp]', '+62 813 3333 4444');
  await page.selectOption('#profile-form [name=locale]', 'en');
  await page.click('#profile-form button[type=submit]');
  await page.waitForSelector('#profile-done:not([hidden])').catch(async (err) => {
    await page.screenshot({ path: path.join(results, 'failed-profile.png'), fullPage: true });
    throw err;
  });
  assert.equal(await page.textContent('#account-name'), 'Lupa Sandi Lagi');
  await page.click('[data-lang=id]');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForFunction(() => document.querySelector('#profile-form button').textContent === 'Simpan data saya');
  await page.screenshot({ path: path.join(results, '22-profile-id-phone.png'), fullPage: true });
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), 'no horizontal scrolling on a phone');
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'the newest password' }) });
  assert.equal(login.status, 200);
});

test('a customer keeps addresses in the address book and checks out with a saved one', { timeout: 180_000 }, async () => {
  const email = `alamat.${Date.now()}@example.com`;
  const reg = await fetch(`${base}/api/auth/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'alamat-password-1', name: 'Rina Alamat', locale: 'id' }) });
  assert.equal(reg.status, 201);
  const admin = await apiAs('admin@toko.example', 'admin-demo-123');
  const id = (await reg.json()).customer.id;
  assert.equal((await admin('POST', `/admin/customers/${id}/confirm`, { decision: 'approve' })).status, 200);
  const site = await siteAs(email, 'alamat-password-1');
  await site.click('[data-lang=en]');
  await site.waitForSelector('#address-book:not([hidden])');
  // The switch to English draws the account page again: typing starts once it is done.
  await site.waitForLoadState('networkidle');
  const add = async (label, street, asDefault) => {
    await site.click('#address-book button[data-i18n="book.add"]');
    const f = site.locator('.book-form');
    await f.locator('[name=label]').fill(label);
    await f.locator('[name=recipient]').fill('Rina Alamat');
    await f.locator('[name=phone]').fill('0812 7777 8888');
    await f.locator('[name=street]').fill(street);
    await f.locator('[name=district]').fill('Coblong, Dago');
    await f.locator('[name=city]').fill('Kota Bandung');
    await f.locator('[name=province]').fill('Jawa Barat');
    await f.locator('[name=postalCode]').fill('40135');
    if (asDefault) await f.locator('[name=isDefault]').check();
    await f.locator('button[type=submit]').click();
    await site.locator('[data-testid=saved-address]', { hasText: label }).waitFor().catch(async (err) => {
      await site.screenshot({ path: path.join(results, 'failed-address.png'), fullPage: true });
      throw err;
    });
  };
  await add('Rumah', 'Jl. Dago 1', false);
  await add('Kantor', 'Jl. Asia Afrika 8', true);
  const entries = site.locator('[data-testid=saved-address]');
  assert.equal(await entries.count(), 2);
  assert.match(await entries.first().textContent(), /Kantor\s*Default/, 'the default is first and marked');
  await site.screenshot({ path: path.join(results, '23-address-book.png'), fullPage: true });
  // A bad phone is named beside its field.
  await site.click('#address-book button[data-i18n="book.add"]');
  await site.locator('.book-form [name=label]').fill('Gudang');
  await site.locator('.book-form [name=phone]').fill('no phone');
  await site.locator('.book-form button[type=submit]').click();
  await site.locator('.book-form .field-error').first().waitFor();
  await site.click('.book-form button[data-i18n="book.cancel"]');

  // Checkout offers the book, the default filled in; choosing "Rumah" fills its fields.
  await addToCart(site, 'Business cards', 1);
  await site.waitForSelector('#checkout-saved');
  assert.equal(await site.inputValue('#checkout-form [name=street]'), 'Jl. Asia Afrika 8');
  const rumah = await site.locator('#checkout-saved option', { hasText: 'Rumah' }).getAttribute('value');
  await site.selectOption('#checkout-saved', rumah);
  assert.equal(await site.inputValue('#checkout-form [name=street]'), 'Jl. Dago 1');
  assert.ok(await site.locator('[name=keepAddress]').isHidden(), 'a saved address is not offered for saving');
  await site.click('[data-lang=id]');
  await site.setViewportSize({ width: 390, height: 844 });
  await site.waitForFunction(() => document.querySelector('#checkout-book [data-i18n="book.saved"]').textContent === 'Alamat tersimpan');
  await site.screenshot({ path: path.join(results, '23-checkout-saved-id-phone.png'), fullPage: true });
  assert.ok(await site.evaluate(() => document.documentElement.scrollWidth <= 390), 'no horizontal scrolling on a phone');
  await site.click('#checkout-form button[type=submit]');
  await site.waitForSelector('#order-status[data-status=pending]');
  const orderId = site.url().split('/').pop();
  const customer = await apiAs(email, 'alamat-password-1');
  const order = (await customer('GET', `/orders/${orderId}`)).body;
  assert.equal(order.shippingAddress.street, 'Jl. Dago 1');
  assert.equal(order.shippingAddress.province, 'Jawa Barat');
  assert.equal(order.shippingAddress.district, 'Coblong, Dago');

  // The account page in Indonesian on a phone.
  await site.goto(`${base}/#/account`);
  await site.waitForSelector('#address-book:not([hidden])');
  await site.waitForFunction(() => document.querySelector('#address-book h2').textContent === 'Buku alamat');
  await site.waitForFunction(() => document.querySelector('#points-rules').textContent.startsWith('Anda'));
  await site.screenshot({ path: path.join(results, '23-address-book-id-phone.png'), fullPage: true });
  assert.ok(await site.evaluate(() => document.documentElement.scrollWidth <= 390), 'no horizontal scrolling on a phone');
  await site.click('[data-lang=en]');
});

test('a customer moves to a new address, downloads their data and deletes the account; an admin sees the record', { timeout: 240_000 }, async () => {
  const email = `pribadi.${Date.now()}@example.com`;
  const moved = `pindah.${Date.now()}@example.com`;
  const reg = await fetch(`${base}/api/auth/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'pribadi-password-1', name: 'Dewi Pribadi', locale: 'en' }) });
  assert.equal(reg.status, 201);
  const id = (await reg.json()).customer.id;
  const admin = await apiAs('admin@toko.example', 'admin-demo-123');
  assert.equal((await admin('POST', `/admin/customers/${id}/confirm`, { decision: 'approve' })).status, 200);
  const site = await siteAs(email, 'pribadi-password-1');
  await site.click('[data-lang=en]');

  // A new e-mail address, confirmed from a link mailed to it.
  await site.click('#email-box summary');
  await site.fill('#email-box [name=newEmail]', moved);
  await site.fill('#email-box [name=password]', 'pribadi-password-1');
  await site.click('#email-box button[type=submit]');
  await site.waitForSelector('#email-sent:not([hidden])');
  const confirmMail = (await sentMailTo(moved)).find((m) => m.subject === 'Confirm your new e-mail address');
  assert.ok(confirmMail, 'the link goes to the new address');
  assert.ok((await sentMailTo(email)).some((m) => m.subject === 'Your Toko address is about to change'), 'the old address is told');
  await site.goto(confirmMail.body.match(/href="([^"]*#\/verify\?token=[A-Za-z0-9_-]{43})"/)[1]);
  await site.waitForSelector('#verify-done:not([hidden])');
  assert.match(await site.textContent('#verify-done'), /now uses this address/);
  await site.goto(`${base}/#/account`);
  await site.waitForFunction((m) => document.querySelector('#account-email').textContent === m, moved);

  // Download my data.
  await site.click('#data-box summary');
  await site.click('#data-download');
  await site.waitForSelector('#data-file');
  const data = await (await fetch(await site.getAttribute('#data-file', 'href'))).json();
  assert.equal(data.profile.email, moved);
  assert.equal(data.profile.name, 'Dewi Pribadi');
  assert.equal(data.consents.emailVerified, true);
  await site.click('#delete-box summary');
  await site.screenshot({ path: path.join(results, '24-privacy.png'), fullPage: true });
  await site.click('[data-lang=id]');
  await site.setViewportSize({ width: 390, height: 844 });
  await site.waitForFunction(() => document.querySelector('#delete-box summary').textContent === 'Hapus akun saya');
  await site.screenshot({ path: path.join(results, '24-privacy-id-phone.png'), fullPage: true });
  assert.ok(await site.evaluate(() => document.documentElement.scrollWidth <= 390), 'no horizontal scrolling on a phone');

  // Delete my account: the password and "I understand"; a wrong password says so.
  assert.ok(await site.isDisabled('#delete-box button[type=submit]'), 'not before "I understand"');
  await site.fill('#delete-box [name=password]', 'not my password');
  await site.check('#delete-box [name=understand]');
  await site.click('#delete-box button[type=submit]');
  await site.waitForSelector('#delete-box .form-error:not([hidden])');
  await site.fill('#delete-box [name=password]', 'pribadi-password-1');
  await site.click('#delete-box button[type=submit]');
  await site.waitForSelector('[data-testid=account-deleted]:not([hidden])');
  assert.equal(await site.textContent('[data-testid=account-deleted]'), 'Akun Anda telah dihapus. Terima kasih telah berbelanja di sini.');
  await site.screenshot({ path: path.join(results, '24-deleted-id-phone.png'), fullPage: true });
  await site.click('[data-lang=en]');
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: moved, password: 'pribadi-password-1' }) });
  assert.equal(login.status, 401, 'the account is gone');
  assert.ok((await sentMailTo(moved)).some((m) => m.subject === 'Your Toko account was deleted'));

  // The admin's record shows the export and the erasure, by the customer.
  const consolePage = await consoleAs('admin@toko.example', 'admin-demo-123');
  await consolePage.click('#sections [data-section=registrations]');
  await consolePage.waitForSelector('#privacy-runs:not([hidden]) table');
  const runs = consolePage.locator('#privacy-runs tr', { hasText: id });
  assert.equal(await runs.count(), 2);
  assert.match(await runs.first().textContent(), /Erasure/);
  // An admin exports a customer's data on their request, with the reason on record.
  await consolePage.click('#registrations-view [data-status=approved]');
  const budi = consolePage.locator('#registrations tr', { hasText: 'budi@example.com' });
  await budi.locator('button[data-action=privacy]').click();
  await consolePage.fill('#privacy-panel [name=reason]', 'Asked by e-mail, 30 Nov');
  await consolePage.locator('#privacy-panel button', { hasText: 'Export their data' }).click();
  await consolePage.waitForSelector('#privacy-panel a[href*="exports/"]');
  await consolePage.waitForSelector('#privacy-runs td:has-text("Asked by e-mail, 30 Nov")');
  await consolePage.screenshot({ path: path.join(results, '24-console-privacy.png'), fullPage: true });
  await consolePage.click('[data-lang=id]');
  await consolePage.setViewportSize({ width: 390, height: 844 });
  await consolePage.waitForFunction(() => document.querySelector('#privacy-runs h2').textContent === 'Catatan permintaan privasi');
  await consolePage.screenshot({ path: path.join(results, '24-console-privacy-id-phone.png'), fullPage: true });
  assert.ok(await consolePage.evaluate(() => document.documentElement.scrollWidth <= 390), 'no horizontal scrolling on a phone');
  await consolePage.click('[data-lang=en]');
});

/// The code an authenticator app shows for a base32 key at `ms` (RFC 6238, SHA-1).
async function totpCode(base32, ms = Date.now()) {
  const { createHmac } = await import('node:crypto');
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of base32.replace(/\s/g, '')) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(ms / 30_000)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const at = mac[19] & 15;
  return String((mac.readUInt32BE(at) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

test('a staff member turns on two-step sign-in in the console and signs in with a code from the app', { timeout: 180_000 }, async () => {
  const page = await consoleAs('marketing@toko.example', 'marketing-demo-123');
  await page.click('[data-lang=en]');
  await page.waitForSelector('#totp-box:not([hidden])');
  await page.click('#totp-box summary');
  await page.click('#totp-start');
  const key = (await page.textContent('#totp-key')).trim();
  assert.match(key, /^[A-Z2-7 ]{32,}$/);
  await page.fill('#totp-body [name=code]', await totpCode(key));
  await page.click('#totp-body button[type=submit]');
  await page.waitForSelector('#recovery-codes li');
  assert.equal(await page.locator('#recovery-codes li').count(), 10);
  assert.match(await page.textContent('#totp-state'), /^On/);
  await page.screenshot({ path: path.join(results, '25-totp-on.png'), fullPage: true });
  await page.click('[data-lang=id]');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForFunction(() => document.querySelector('#totp-box summary').textContent === 'Verifikasi dua langkah');
  await page.screenshot({ path: path.join(results, '25-totp-on-id-phone.png'), fullPage: true });
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), 'no horizontal scrolling on a phone');
  await page.click('[data-lang=en]');
  await page.setViewportSize({ width: 1366, height: 800 });

  // Signing in again asks for the code; the set-up's own code is spent, so the next one.
  await page.click('#logout');
  await page.fill('#login-form [name=email]', 'marketing@toko.example');
  await page.fill('#login-form [name=password]', 'marketing-demo-123');
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#login-code:not([hidden])');
  assert.match(await page.textContent('#login-code-hint'), /6-digit code/);
  await page.screenshot({ path: path.join(results, '25-totp-code-asked.png'), fullPage: true });
  await new Promise((r) => setTimeout(r, 30_000 - (Date.now() % 30_000) + 500));
  await page.fill('#login-form [name=code]', await totpCode(key));
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#sections:not([hidden])');
  assert.match(await page.textContent('#whoami'), /marketing/);

  // Turning it off again needs the password (the other tests sign marketing in without a code).
  await page.evaluate(() => { document.querySelector('#totp-box').open = true; });
  await page.fill('#totp-body [name=password]', 'marketing-demo-123');
  await page.click('#totp-body button[type=submit]');
  await page.waitForFunction(() => document.querySelector('#totp-state')?.textContent.startsWith('Off'));

  // An admin without it cannot require it of admins yet.
  const admin = await consoleAs('admin@toko.example', 'admin-demo-123');
  await admin.waitForSelector('#totp-box:not([hidden])');
  await admin.click('#totp-box summary');
  await admin.waitForFunction(() => document.querySelector('#totp-require') && document.querySelectorAll('#totp-require').length === 1);
  await admin.click('#totp-require');
  await admin.waitForSelector('#totp-body .form-error:not([hidden])');
  assert.match(await admin.textContent('#totp-body .form-error'), /Some fields|own account/);
  await admin.waitForFunction(() => !document.querySelector('#totp-require').checked);
});

test('each role sees exactly its tabs, lands on its main one, and keeps it on reload', { timeout: 120_000 }, async () => {
  const expected = {
    admin: { home: 'orders', tabs: ['orders', 'quotes', 'registrations', 'products', 'messages', 'promos', 'dashboard', 'staff', 'activity'] },
    operator: { home: 'orders', tabs: ['orders', 'quotes', 'messages'] },
    marketing: { home: 'promos', tabs: ['registrations', 'messages', 'promos'] },
    manager: { home: 'dashboard', tabs: ['orders', 'registrations', 'messages', 'dashboard', 'activity'] },
  };
  for (const [role, want] of Object.entries(expected)) {
    const page = await consoleAs(`${role}@toko.example`, `${role}-demo-123`);
    await page.waitForSelector('#sections:not([hidden])');
    await page.waitForFunction((home) => document.querySelector(`#sections [data-section=${home}]`)?.getAttribute('aria-selected') === 'true', want.home);
    const visible = async () => page.$$eval('#sections button', (bs) => bs.filter((b) => !b.hidden).map((b) => b.dataset.section));
    assert.deepEqual(await visible(), want.tabs, `${role}'s tabs`);
    // Another tab, then a reload: the same tab comes back (it is in the address).
    const other = want.tabs.find((s) => s !== want.home);
    await page.click(`#sections [data-section=${other}]`);
    await page.waitForFunction((s) => location.hash === `#${s}`, other);
    await page.reload();
    await page.waitForFunction((s) => document.querySelector(`#sections [data-section=${s}]`)?.getAttribute('aria-selected') === 'true'
      && !document.querySelector(`#${s}-view`).hidden, other);
    assert.deepEqual(await visible(), want.tabs, `${role}'s tabs after a reload`);
    // A tab the role may not open, typed into the address, falls back to its main tab.
    const forbidden = Object.keys(expected.admin.tabs).length && expected.admin.tabs.find((s) => !want.tabs.includes(s));
    if (forbidden) {
      await page.goto(`${base}/console/#${forbidden}`);
      await page.waitForFunction((home) => document.querySelector(`#sections [data-section=${home}]`)?.getAttribute('aria-selected') === 'true', want.home);
    }
    if (role === 'manager') {
      // Managers read the queue: no accept, reject or production buttons.
      await page.click('#sections [data-section=orders]');
      await page.waitForSelector('#orders-view:not([hidden])');
      assert.equal(await page.locator('#orders button[data-action]:not([data-action=details])').count(), 0);
    }
    await page.context().close();
  }
});

test('an operator fulfils an order from its detail: full address, call and WhatsApp links, the note, a packing slip', { timeout: 120_000 }, async () => {
  const budi = await apiAs('budi@example.com', 'customer-demo-123');
  const product = (await (await fetch(`${base}/api/products?limit=100`)).json()).items.find((p) => p.name.startsWith('Business cards'));
  const placed = await budi('POST', '/orders', {
    items: [{ productId: product.id, quantity: 3 }],
    shippingAddress: { recipient: 'Budi Santoso', phone: '0812 5550 0101', street: 'Jl. Merdeka 10', district: 'Babakan Ciamis, Sumur Bandung', city: 'Kota Bandung', province: 'Jawa Barat', postalCode: '40117' },
    note: 'Tolong pakai laminasi doff',
  });
  assert.equal(placed.status, 201, JSON.stringify(placed.body));
  const invoice = placed.body.invoiceCode;
  const page = await consoleAs('operator@toko.example', 'operator-demo-123');
  await page.click('[data-lang=en]');
  const row = page.locator('#orders tr', { hasText: invoice });
  await row.locator('button[data-action=details]').click();
  await page.waitForSelector('#order-detail:not([hidden]) .ship-to');
  const detail = page.locator('#order-detail');
  assert.match(await detail.textContent(), /Jl\. Merdeka 10/);
  assert.match(await detail.textContent(), /Babakan Ciamis, Sumur Bandung/);
  assert.match(await detail.textContent(), /Kota Bandung, Jawa Barat/);
  assert.equal(await page.textContent('#order-detail .customer-note'), 'Tolong pakai laminasi doff');
  assert.equal(await detail.locator('a[href^="tel:"]').getAttribute('href'), 'tel:081255500101');
  assert.equal(await detail.locator('a[href^="https://wa.me/"]').getAttribute('href'), 'https://wa.me/6281255500101');
  assert.match(await detail.textContent(), new RegExp(`Total: Rp ${placed.body.total.toLocaleString('id-ID')}`));
  // The operator accepts it from the queue (the map lets operators decide orders).
  await page.screenshot({ path: path.join(results, '26-order-detail.png'), fullPage: true });
  await page.click('[data-lang=id]');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForFunction(() => document.querySelector('#order-detail h2')?.textContent.includes('Menunggu konfirmasi'));
  await page.screenshot({ path: path.join(results, '26-order-detail-id-phone.png'), fullPage: true });
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), 'no horizontal scrolling on a phone');
  // The packing slip: printing shows the order alone.
  await page.evaluate(() => document.body.classList.add('printing-slip'));
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.isVisible('#orders'), false, 'the queue is not printed');
  assert.equal(await page.isVisible('#order-detail .ship-to'), true);
  assert.equal(await page.isVisible('#print-slip'), false, 'nor the buttons');
  await page.screenshot({ path: path.join(results, '26-packing-slip.png'), fullPage: true });
  await page.emulateMedia({ media: 'screen' });
  await page.evaluate(() => document.body.classList.remove('printing-slip'));
  await page.click('[data-lang=en]');
  await page.setViewportSize({ width: 1366, height: 800 });
  await row.locator('button[data-action=accept]').click();
  await row.waitFor({ state: 'detached' }).catch(async (err) => {
    console.log('orders-error:', await page.textContent('#orders-error'));
    throw err;
  });
});

test('an admin invites an operator by e-mail, who sets a password and works; a role change and a deactivation follow', { timeout: 180_000 }, async () => {
  const email = `rina.${Date.now()}@toko.example`;
  const admin = await consoleAs('admin@toko.example', 'admin-demo-123');
  await admin.waitForSelector('#sections:not([hidden])');
  await admin.click('#sections [data-section=staff]');
  await admin.waitForSelector('#staff-rows tr');
  await admin.fill('#staff-form [name=name]', 'Rina Operator');
  await admin.fill('#staff-form [name=email]', email);
  await admin.selectOption('#staff-form [name=role]', 'operator');
  await admin.selectOption('#staff-form [name=locale]', 'id');
  await admin.click('#staff-form button[type=submit]');
  await admin.waitForSelector('#staff-done:not([hidden])');
  const row = admin.locator('#staff-rows tr', { hasText: email });
  await row.locator('.notice.pending').waitFor();
  await admin.screenshot({ path: path.join(results, '30-staff-invited.png'), fullPage: true });
  await admin.click('[data-lang=id]');
  await admin.setViewportSize({ width: 390, height: 844 });
  await admin.waitForFunction(() => document.querySelector('#staff-form button').textContent === 'Kirim undangan');
  await admin.screenshot({ path: path.join(results, '30-staff-id-phone.png'), fullPage: true });
  assert.ok(await admin.evaluate(() => document.documentElement.scrollWidth <= 390), 'no horizontal scrolling on a phone');

  // The invitation, in Indonesian, with the link to set a password.
  const mail = (await sentMailTo(email)).find((m) => m.subject === 'Anda diundang ke konsol toko');
  assert.ok(mail, 'the invitation mail');
  const link = mail.body.match(/href="([^"]*#\/reset\?token=[A-Za-z0-9_-]{43}&amp;invite=1)"/)[1].replace('&amp;', '&');
  const rina = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  await rina.goto(link);
  await rina.click('[data-lang=id]');
  await rina.waitForFunction(() => document.querySelector('#reset-title').textContent === 'Selamat datang: buat kata sandi Anda');
  await rina.fill('#reset-form [name=password]', 'rina punya sandi');
  await rina.click('#reset-form button[type=submit]');
  await rina.waitForSelector('#reset-staff:not([hidden])');
  await rina.screenshot({ path: path.join(results, '30-staff-joined-id-phone.png'), fullPage: true });
  await rina.click('#reset-staff a');
  await rina.fill('#login-form [name=email]', email);
  await rina.fill('#login-form [name=password]', 'rina punya sandi');
  await rina.click('#login-form button[type=submit]');
  await rina.waitForFunction(() => document.querySelector('#sections [data-section=orders]')?.getAttribute('aria-selected') === 'true');

  // The admin sees her joined, makes her marketing, then deactivates her.
  await admin.click('[data-lang=en]');
  await admin.setViewportSize({ width: 1366, height: 800 });
  await admin.reload();
  await row.locator('.notice.approved').waitFor();
  await row.locator('select').selectOption('marketing');
  await admin.waitForFunction((e) => document.querySelector('#staff-done').textContent.includes('Marketing') && [...document.querySelectorAll('#staff-rows tr')].some((r) => r.textContent.includes(e)), email);
  assert.equal(await row.locator('select').inputValue(), 'marketing');
  admin.once('dialog', (d) => d.accept());
  await row.locator('button[data-action=deactivate]').click();
  await row.locator('.notice.rejected').waitFor();
  await admin.screenshot({ path: path.join(results, '30-staff-deactivated.png'), fullPage: true });
  // Her own account cannot be changed by herself: the admin's row has no button.
  assert.equal(await admin.locator('#staff-rows tr', { hasText: 'admin@toko.example' }).locator('button[data-action=deactivate]').count(), 0);
  const refused = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'rina punya sandi' }) });
  assert.equal(refused.status, 403);
  assert.equal((await refused.json()).code, 'account_disabled');
  await rina.context().close();
  await admin.context().close();
});

test('an admin writes what the site shows: contact lines, a question, categories in both languages', { timeout: 120_000 }, async () => {
  const admin = await consoleAs('admin@toko.example', 'admin-demo-123');
  await admin.waitForSelector('#storefront-settings:not([hidden])');
  await admin.click('#storefront-settings summary');
  await admin.waitForSelector('#storefront-form [name=categories]');
  // The demo shop's categories are there already (toko seed); one more, with its names.
  const cats = await admin.inputValue('#storefront-form [name=categories]');
  assert.match(cats, /printing \| Printing \| Cetak/);
  await admin.fill('#storefront-form [name=categories]', `${cats}\nstickers | Stickers | Stiker`);
  await admin.fill('#storefront-form [name=phone]', '+62 22 555 0199');
  await admin.fill('#storefront-form [name=whatsapp]', '0813 5550 0199');
  await admin.click('#storefront-form button:has-text("Add a question")');
  await admin.fill('#storefront-form [name="faq[0].question.en"]', 'Do you deliver?');
  await admin.fill('#storefront-form [name="faq[0].question.id"]', 'Apakah bisa diantar?');
  await admin.fill('#storefront-form [name="faq[0].answer.en"]', 'Across Bandung the same day.');
  await admin.click('#storefront-form button[type=submit]');
  // The Indonesian answer is missing: named beside its input, nothing saved.
  await admin.waitForSelector('#storefront-form [name="faq[0].answer.id"] ~ .field-error, #storefront-form label:has([name="faq[0].answer.id"]) .field-error');
  await admin.fill('#storefront-form [name="faq[0].answer.id"]', 'Se-Bandung di hari yang sama.');
  await admin.click('#storefront-form button[type=submit]');
  await admin.waitForSelector('#storefront-saved:not([hidden])');
  await admin.screenshot({ path: path.join(results, '31-storefront.png'), fullPage: true });
  await admin.context().close();

  const site = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  await site.goto(`${base}/#/`);
  await site.click('[data-lang=id]');
  await site.waitForFunction(() => document.querySelector('#faq summary')?.textContent === 'Apakah bisa diantar?');
  assert.equal(await site.getAttribute('#contact-wa', 'href'), 'https://wa.me/6281355500199');
  assert.equal(await site.getAttribute('#contact-phone', 'href'), 'tel:+62225550199');
  await site.screenshot({ path: path.join(results, '31-home-id-phone.png'), fullPage: true });
  await site.goto(`${base}/#/products`);
  await site.waitForFunction(() => [...document.querySelectorAll('#categories button')].map((b) => b.textContent).includes('Stiker'));
  assert.ok((await site.textContent('#categories')).includes('Cetak'), 'category names in Indonesian');
  assert.ok(await site.evaluate(() => document.documentElement.scrollWidth <= 390), 'no horizontal scrolling on a phone');
  await site.screenshot({ path: path.join(results, '31-products-id-phone.png'), fullPage: true });
  await site.context().close();
});

test('the tabs of the console count the waiting work and keep up as it arrives', { timeout: 120_000 }, async () => {
  const admin = await consoleAs('admin@toko.example', 'admin-demo-123');
  await admin.waitForSelector('#sections:not([hidden])');
  const count = (s) => admin.evaluate((sec) => Number(document.querySelector(`#sections [data-section=${sec}] .badge`)?.textContent || 0), s);
  await admin.waitForTimeout(500);
  const before = await count('registrations');
  const email = `baru.${Date.now()}@example.com`;
  const reg = await fetch(`${base}/api/auth/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'a new customer', name: 'Pelanggan Baru' }) });
  assert.equal(reg.status, 201);
  // Moving to a tab asks at once (otherwise the 30-second poll would).
  await admin.click('#sections [data-section=messages]');
  await admin.waitForFunction((n) => Number(document.querySelector('#sections [data-section=registrations] .badge')?.textContent || 0) === n + 1, before);
  assert.match(await admin.title(), /^\(\d+\) /, 'the page title shows that work waits');
  assert.match(await admin.getAttribute('#sections [data-section=registrations] .badge', 'aria-label'), /waiting for a decision/);
  await admin.screenshot({ path: path.join(results, '32-badges.png') });
  // Decided: the badge goes down again.
  const id = JSON.parse(await (await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'a new customer' }) })).text()).user.id;
  const api = await apiAs('admin@toko.example', 'admin-demo-123');
  assert.equal((await api('POST', `/admin/customers/${id}/confirm`, { decision: 'reject', note: 'test' })).status, 200);
  await admin.click('#sections [data-section=orders]');
  await admin.waitForFunction((n) => Number(document.querySelector('#sections [data-section=registrations] .badge')?.textContent || 0) === n, before);
  await admin.context().close();
});

test('marketing opens the page of a customer from the registrations and keeps a note staff alone see', { timeout: 120_000 }, async () => {
  const page = await consoleAs('marketing@toko.example', 'marketing-demo-123');
  await page.waitForSelector('#sections:not([hidden])');
  await page.click('#sections [data-section=registrations]');
  await page.click('#registrations-view [data-status=approved]');
  const row = page.locator('#registrations tr', { hasText: 'budi@example.com' });
  await row.locator('button[data-action=customer-page]').click();
  await page.waitForSelector('#customer-panel:not([hidden]) .stats');
  assert.match(await page.textContent('#customer-panel'), /Segment: /);
  await page.fill('#note-form [name=text]', 'Prefers matte lamination; ships with JNE.');
  await page.click('#note-form button[type=submit]');
  await page.waitForFunction(() => document.querySelector('#customer-notes li')?.textContent.includes('matte lamination'));
  await page.screenshot({ path: path.join(results, '34-customer-page.png'), fullPage: true });
  await page.click('[data-lang=id]');
  await page.setViewportSize({ width: 390, height: 844 });
  await row.locator('button[data-action=customer-page]').click();
  await page.waitForFunction(() => document.querySelector('#customer-panel')?.textContent.includes('Catatan staf'));
  await page.screenshot({ path: path.join(results, '34-customer-page-id-phone.png'), fullPage: true });
  const wide = await page.evaluate(() => [...document.querySelectorAll('#registrations-view *')].filter((e) => e.getBoundingClientRect().right > 391).map((e) => `${e.tagName}.${e.className}#${e.id}`).slice(0, 8));
  assert.deepEqual(wide, [], 'no horizontal scrolling on a phone');
  await page.context().close();
  // The customer sees no trace of it.
  const site = await siteAs('budi@example.com', 'customer-demo-123');
  await site.goto(`${base}/#/account`);
  await site.waitForSelector('#account-status');
  assert.ok(!(await site.content()).includes('matte lamination'));
  await site.context().close();
});
test('a manager reads the activity log: who did what and what changed, by area and by person', { timeout: 120_000 }, async () => {
  const page = await consoleAs('manager@toko.example', 'manager-demo-123');
  await page.waitForSelector('#sections:not([hidden])');
  await page.click('#sections [data-section=activity]');
  await page.waitForSelector('#activity-rows tr');
  // Marketing's note on the customer page (the test before) is the newest entry by them.
  const note = page.locator('#activity-rows tr', { hasText: 'Wrote a staff note' }).first();
  await note.waitFor();
  assert.ok(!(await page.textContent('#activity-rows')).includes('matte lamination'), 'what the note says stays on the customer page');
  // By area: the invitation and role change of the staff test.
  await page.selectOption('#activity-area', 'staff');
  await page.waitForFunction(() => [...document.querySelectorAll('#activity-rows tr')].length > 0
    && [...document.querySelectorAll('#activity-rows tr td:nth-child(3)')].every((td) => /staff|invitation|Invited/i.test(td.textContent)));
  const staffRows = await page.textContent('#activity-rows');
  assert.match(staffRows, /Invited a staff member/);
  assert.match(staffRows, /role: operator → marketing/);
  assert.match(staffRows, /active: yes → no/);
  await page.screenshot({ path: path.join(results, '35-activity.png'), fullPage: true });
  // By person: a click on a name.
  await page.selectOption('#activity-area', '');
  // (Read and clicked in one step: the rows are being redrawn for the new area.)
  const name = await page.evaluate(() => { const b = document.querySelector('#activity-rows tr button.link'); b.click(); return b.textContent; });
  await page.waitForSelector('#activity-person:not([hidden])');
  await page.waitForFunction((n) => [...document.querySelectorAll('#activity-rows tr button.link')].every((b) => b.textContent === n), name);
  await page.click('#activity-everyone');
  await page.waitForSelector('#activity-person[hidden]', { state: 'attached' });
  // Indonesian, on a phone.
  await page.click('[data-lang=id]');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForFunction(() => document.querySelector('#activity-rows')?.textContent.includes('Menulis catatan staf'));
  await page.screenshot({ path: path.join(results, '35-activity-id-phone.png'), fullPage: true });
  const wide = await page.evaluate(() => [...document.querySelectorAll('#activity-view *')].filter((e) => e.getBoundingClientRect().right > 391).map((e) => `${e.tagName}.${e.className}#${e.id}`).slice(0, 8));
  assert.deepEqual(wide, [], 'no horizontal scrolling on a phone');
  await page.click('[data-lang=en]');
  await page.context().close();
});
test('an admin prices shipping by city; the cart shows the rate of the city typed and free shipping from an amount', { timeout: 120_000 }, async () => {
  const admin = await consoleAs('admin@toko.example', 'admin-demo-123');
  await admin.waitForSelector('#orders-view:not([hidden])');
  await admin.click('#shipping-settings summary');
  await admin.waitForSelector('#shipping-form [name=flat]');
  await admin.fill('#shipping-form [name=flat]', '25000');
  // A city listed twice is refused, by its line.
  await admin.fill('#shipping-form [name=cities]', 'Bandung | 10000\nKota Bandung | 12000');
  await admin.click('#shipping-form button[type=submit]');
  await admin.waitForSelector('#shipping-form .form-error:not([hidden])');
  assert.match(await admin.textContent('#shipping-form .form-error'), /Line 2/);
  await admin.fill('#shipping-form [name=cities]', 'Bandung | 10000\nSurabaya | 30000');
  await admin.fill('#shipping-form [name=freeFrom]', '5000000');
  await admin.click('#shipping-form button[type=submit]');
  await admin.waitForSelector('#shipping-saved:not([hidden])');
  await admin.screenshot({ path: path.join(results, '36-shipping.png'), fullPage: true });
  // The staff digest of new work: at most hourly, kept across a reload.
  await admin.click('#sections [data-section=staff]');
  await admin.waitForSelector('#digest-form:not([hidden]) #digest-mode[data-loaded]');
  await admin.selectOption('#digest-mode', 'hourly');
  await admin.click('#digest-form button[type=submit]');
  await admin.waitForSelector('#digest-saved:not([hidden])');
  const api = await apiAs('admin@toko.example', 'admin-demo-123');
  assert.equal((await api('GET', '/admin/settings/digest')).body.mode, 'hourly');
  // Back on the tab, the form shows what is saved.
  await admin.click('#sections [data-section=orders]');
  await admin.waitForSelector('#orders-view:not([hidden])');
  await admin.evaluate(() => { document.querySelector('#digest-mode').value = 'off'; });
  await admin.click('#sections [data-section=staff]');
  await admin.waitForFunction(() => document.querySelector('#digest-mode')?.value === 'hourly');
  await admin.context().close();

  const site = await siteAs('budi@example.com', 'customer-demo-123');
  await site.setViewportSize({ width: 390, height: 844 });
  await addToCart(site, 'Banner 1 x 3 m', 1);
  await site.waitForSelector('#checkout-form:not([hidden])');
  // The address book fills the form first (Budi has saved addresses by now).
  await site.waitForFunction(() => document.querySelector('#checkout-book').dataset.ready);
  const shipping = async (city, want) => {
    await site.fill('#checkout-form [name=city]', city);
    await site.press('#checkout-form [name=city]', 'Tab');
    await site.waitForFunction((w) => document.querySelector('#cart-shipping').textContent.replace(/\D/g, '') === w, want);
  };
  await shipping('Kota Bandung', '10000');
  await shipping('Medan', '25000');
  assert.match(await site.textContent('#cart-free'), /free shipping from Rp\s?5\.000\.000/);
  await site.click('[data-lang=id]');
  await shipping('Surabaya', '30000');
  await site.waitForFunction(() => document.querySelector('#cart-free').textContent.includes('gratis ongkir'));
  await site.screenshot({ path: path.join(results, '36-cart-shipping-id-phone.png'), fullPage: true });
  assert.ok(await site.evaluate(() => document.documentElement.scrollWidth <= 390), 'no horizontal scrolling on a phone');
  await site.click('[data-lang=en]');
  await site.context().close();
});
test('an admin uploads the shop logo; the site header shows it beside the name', { timeout: 90_000 }, async () => {
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAEklEQVR4nGP4z8AARAwMDAwMAB/0A/2kqGkPAAAAAElFTkSuQmCC', 'base64');
  const admin = await consoleAs('admin@toko.example', 'admin-demo-123');
  await admin.waitForSelector('#orders-view:not([hidden])');
  await admin.click('#shop-settings summary');
  await admin.setInputFiles('#logo-file', { name: 'logo.png', mimeType: 'image/png', buffer: png });
  await admin.waitForSelector('#logo-preview:not([hidden])');
  const logo = await admin.getAttribute('#logo-preview', 'src');
  assert.match(logo, /^\/media\/shop\/.+\.png$/);
  // Not a picture: refused, the logo stays.
  await admin.setInputFiles('#logo-file', { name: 'logo.png', mimeType: 'image/png', buffer: Buffer.from('not a picture at all') });
  await admin.waitForSelector('#logo-error:not([hidden])');
  assert.equal(await admin.getAttribute('#logo-preview', 'src'), logo);
  await admin.context().close();
  const site = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  await site.goto(`${base}/`);
  await site.waitForFunction((src) => document.querySelector('header .logo img')?.getAttribute('src') === src, logo);
  // The picture itself loads (from the media bucket, as the CSP allows).
  await site.waitForFunction(() => { const i = document.querySelector('header .logo img'); return i.complete && i.naturalWidth > 0; });
  await site.screenshot({ path: path.join(results, '37-logo-phone.png') });
  await site.context().close();
});

test('a customer prices a custom banner by size, material and finishing; the cart keeps the choices', { timeout: 90_000 }, async () => {
  const site = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  const printing = await (await fetch(`${base}/api/products?category=printing&limit=100`)).json();
  const banner = printing.items.find((p) => p.name === 'Custom banner (your size)');
  assert.equal(banner.madeToOrder, true);
  await site.goto(`${base}/#/products/${banner.id}`);
  await site.waitForSelector('#product-config:not([hidden]) #opt-material');
  await site.selectOption('#opt-material', 'albatros');
  await site.selectOption('#opt-finishing', 'eyelets');
  const side = async (id, v) => { await site.fill(id, String(v)); await site.press(id, 'Tab'); };
  await side('#size-w', 300);
  await side('#size-h', 100);
  await side('#product-qty', 3);
  // 3 m² at (25.000 + 10.000) per m², plus 5.000 eyelets: 110.000 each, 330.000 for 3.
  await site.waitForFunction(() => document.querySelector('#config-price').textContent.replace(/\D/g, '').endsWith('330000'));
  assert.equal((await site.textContent('#product-price')).replace(/\D/g, ''), '110000');
  // Wider than it is made: the server says so, nothing goes in the cart.
  await side('#size-w', 600);
  await site.waitForSelector('#config-price.field-error');
  assert.match(await site.textContent('#config-price'), /wider/);
  await side('#size-w', 300);
  await site.waitForFunction(() => !document.querySelector('#config-price').classList.contains('field-error'));
  await site.click('#product-add');
  await site.waitForSelector('#product-added:not([hidden])');
  await site.goto(`${base}/#/cart`);
  await site.waitForFunction(() => document.querySelector('#cart-lines .line-details')?.textContent.includes('Albatros'));
  assert.equal(await site.textContent('#cart-lines .line-details'), '300 × 100 cm · Material: Albatros · Finishing: Eyelets (mata ayam)');
  await site.waitForFunction(() => document.querySelector('#cart-subtotal').textContent.replace(/\D/g, '') === '330000');
  await site.click('[data-lang=id]');
  await site.waitForFunction(() => document.querySelector('#cart-lines .line-details')?.textContent.includes('Bahan: Albatros'));
  await site.screenshot({ path: path.join(results, '38-banner-cart-id-phone.png'), fullPage: true });
  assert.ok(await site.evaluate(() => document.documentElement.scrollWidth <= 390), 'no horizontal scrolling on a phone');
  await site.context().close();
});

test('a customer orders a completed order again: the same lines at current prices in the cart', { timeout: 60_000 }, async () => {
  const budi = await apiAs('budi@example.com', 'customer-demo-123');
  const orders = (await budi('GET', '/orders?limit=50')).body.items;
  const done = orders.find((o) => o.status === 'completed');
  assert.ok(done, 'Budi has a completed order by now');
  const site = await siteAs('budi@example.com', 'customer-demo-123');
  await site.goto(`${base}/#/orders/${done.id}`);
  await site.waitForSelector('#order-again:not([hidden])');
  await site.click('#order-again');
  await site.waitForFunction(() => location.hash === '#/cart' && document.querySelectorAll('#cart-lines tr').length > 0);
  const names = await site.$$eval('#cart-lines tr td:first-child span', (spans) => spans.map((x) => x.textContent));
  for (const l of done.items) assert.ok(names.includes(l.name), `${l.name} is in the cart again`);
  assert.equal(await site.isHidden('#cart-notice'), true, 'everything is still offered');
  await site.screenshot({ path: path.join(results, '39-order-again.png'), fullPage: true });
  await site.context().close();
});

test('a print job: request, quote, accept, proof 1, changes, proof 2, approval, then production', { timeout: 240_000 }, async () => {
  const budi = await apiAs('budi@example.com', 'customer-demo-123');
  // Room under the 5-pending limit whatever earlier tests left waiting.
  for (const o of (await budi('GET', '/orders?limit=50')).body.items.filter((x) => x.status === 'pending')) await budi('POST', `/orders/${o.id}/cancel`);
  const printing = await (await fetch(`${base}/api/products?category=printing&limit=100`)).json();
  const banner = printing.items.find((p) => p.name === 'Custom banner (your size)');

  // The customer asks for a quote from the product's page.
  const site = await siteAs('budi@example.com', 'customer-demo-123');
  await site.click('[data-lang=en]');
  await site.goto(`${base}/#/products/${banner.id}`);
  await site.waitForFunction((pid) => document.querySelector('#product-quote')?.getAttribute('href').endsWith(pid), banner.id);
  await site.click('#product-quote');
  await site.waitForSelector('#quote-form');
  assert.match(await site.textContent('#quote-form'), /About: Custom banner/);
  await site.fill('#quote-form [name=description]', 'Spanduk 300 x 100 cm untuk pembukaan toko, bahan albatros, mata ayam di 4 sudut');
  await site.fill('#quote-form [name=quantities]', '2');
  await site.click('#quote-form button[type=submit]');
  await site.waitForSelector('[data-state=requested]');
  const quoteId = site.url().split('/').pop();

  // The operator prices it in the console.
  const page = await consoleAs('operator@toko.example', 'operator-demo-123');
  await page.click('[data-lang=en]');
  await page.click('#sections [data-section=quotes]');
  const card = page.locator(`#quote-rows [data-quote-id="${quoteId}"]`);
  await card.locator('button[data-action=price]').click();
  await card.locator('[name=description-0]').fill('Spanduk 300x100 albatros + mata ayam');
  await card.locator('[name=quantity-0]').fill('2');
  await card.locator('[name=unitPrice-0]').fill('110000');
  await card.locator('button', { hasText: 'Add a line' }).click();
  await card.locator('[name=description-1]').fill('Desain');
  await card.locator('[name=unitPrice-1]').fill('75000');
  await page.screenshot({ path: path.join(results, '41-quote-console.png'), fullPage: true });
  await card.locator('button[type=submit]').click();
  await card.waitFor({ state: 'detached' });

  // The customer sees the offer (inbox and mail too), and accepts it.
  await site.reload();
  await site.waitForSelector('[data-state=quoted]');
  assert.equal(await site.textContent('#quote-total'), 'Rp 295.000');
  const quoteMails = await sentMailTo('budi@example.com');
  assert.ok(quoteMails.some((m) => /quote|penawaran/i.test(m.subject)), 'the offer is mailed');
  await site.setViewportSize({ width: 390, height: 844 });
  await site.click('[data-lang=id]');
  await site.waitForFunction(() => document.querySelector('[data-state=quoted]')?.textContent.includes('menunggu Anda'));
  await site.screenshot({ path: path.join(results, '41-quote-id-phone.png'), fullPage: true });
  assert.ok(await site.evaluate(() => document.documentElement.scrollWidth <= 390), 'no horizontal scrolling on a phone');
  await site.fill('#quote-accept [name=recipient]', 'Budi Santoso');
  await site.fill('#quote-accept [name=phone]', '0812 5550 0101');
  await site.fill('#quote-accept [name=street]', 'Jl. Merdeka 10');
  await site.fill('#quote-accept [name=city]', 'Kota Bandung');
  await site.fill('#quote-accept [name=postalCode]', '40117');
  await site.click('#quote-accept button[type=submit]');
  await site.waitForFunction(() => /^#\/orders\/[0-9A-Z]+$/.test(location.hash));
  const id = site.url().split('/').pop();
  const placed = await budi('GET', `/orders/${id}`);
  assert.equal(placed.body.status, 'pending');
  assert.equal(placed.body.subtotal, 295000);
  const { invoiceCode } = placed.body;
  await site.setViewportSize({ width: 1366, height: 800 });
  await site.click('[data-lang=en]');
  const operator = await apiAs('operator@toko.example', 'operator-demo-123');
  assert.equal((await operator('POST', `/admin/orders/${id}/confirm`, { decision: 'accept' })).status, 200);
  assert.equal((await operator('POST', `/admin/orders/${id}/status`, { status: 'paid' })).status, 200);

  // The operator sends proof 1 from the order's detail in the console.
  await page.click('#sections [data-section=orders]');
  const proofPng = async (text) => Buffer.from((await page.evaluate((label) => {
    const c = document.createElement('canvas');
    c.width = 600; c.height = 200;
    const g = c.getContext('2d');
    g.fillStyle = '#0f5132'; g.fillRect(0, 0, 600, 200);
    g.fillStyle = '#fff'; g.font = 'bold 44px sans-serif'; g.fillText(label, 30, 115);
    return c.toDataURL('image/png');
  }, text)).split(',')[1], 'base64');
  const openPaid = async () => {
    await page.locator('#order-tabs button', { hasText: /^Paid$/ }).click();
    const row = page.locator('#orders tr', { hasText: invoiceCode });
    await row.locator('button[data-action=details]').click();
    await page.waitForSelector('#order-detail:not([hidden]) .proofs');
    return row;
  };
  let row = await openPaid();
  await page.setInputFiles('#proof-file', { name: 'spanduk-v1.png', mimeType: 'image/png', buffer: await proofPng('SPANDUK 300x100 v1') });
  await page.waitForSelector('#order-detail [data-proof-state=awaiting]');
  assert.match(await page.textContent('#order-detail .proofs'), /Proof 1: waiting for the customer/);
  // Not into production while the proof waits: refused, and said so.
  await row.locator('button[data-action=in_production]').click();
  await page.waitForSelector('#orders-error:not([hidden])');
  assert.match(await page.textContent('#orders-error'), /not approved the latest proof/);

  // The customer sees it on the order page (open since the acceptance: read again), with
  // the news in the inbox and by mail.
  await site.reload();
  await site.waitForSelector('#order-proof:not([hidden]) img.proof-image');
  await site.waitForFunction(() => { const i = document.querySelector('#order-proof img'); return i.complete && i.naturalWidth === 600; });
  const mails = await sentMailTo('budi@example.com');
  assert.ok(mails.some((m) => m.subject.includes(`Proof 1`) && m.subject.includes(invoiceCode)), 'the proof is mailed');
  await site.screenshot({ path: path.join(results, '40-proof-v1.png'), fullPage: true });
  await site.fill('#proof-comment', 'Logo lebih besar, warna biru tua');
  await site.click('#proof-answer button[value=changes]');
  await site.waitForSelector('#order-proof blockquote');
  assert.equal(await site.textContent('#order-proof blockquote'), 'Logo lebih besar, warna biru tua');

  // The operator reads the answer and sends proof 2.
  await page.click('#order-detail button.btn.light.no-print');
  row = await openPaid();
  await page.waitForSelector('#order-detail [data-proof-state=changes_requested]');
  assert.equal(await page.textContent('#order-detail .proofs blockquote'), 'Logo lebih besar, warna biru tua');
  await page.setInputFiles('#proof-file', { name: 'spanduk-v2.png', mimeType: 'image/png', buffer: await proofPng('SPANDUK 300x100 v2') });
  await page.waitForSelector('#order-detail [data-proof-state=awaiting]');
  assert.match(await page.textContent('#order-detail .proofs'), /Proof 2/);
  await page.screenshot({ path: path.join(results, '40-proof-console.png'), fullPage: true });

  // The customer approves version 2, on a phone, in Indonesian.
  await site.setViewportSize({ width: 390, height: 844 });
  await site.click('[data-lang=id]');
  // The switch is kept once the Indonesian strings have loaded: only then reload.
  await site.waitForFunction(() => localStorage.getItem('toko.lang') === 'id');
  await site.reload();
  await site.waitForFunction(() => document.querySelector('#order-proof strong')?.textContent.includes('2: spanduk-v2.png'));
  await site.waitForFunction(() => document.querySelector('#proof-answer button[value=approve]')?.textContent === 'Setujui proof ini');
  await site.screenshot({ path: path.join(results, '40-proof-v2-id-phone.png'), fullPage: true });
  assert.ok(await site.evaluate(() => document.documentElement.scrollWidth <= 390), 'no horizontal scrolling on a phone');
  await site.click('#proof-answer button[value=approve]');
  await site.waitForFunction(() => document.querySelector('#order-proof')?.textContent.includes('Anda menyetujui proof ini'));
  const history = await site.$$eval('#order-history li', (items) => items.map((li) => li.textContent));
  for (const step of ['Proof 1 dikirim', 'Proof 1: perubahan diminta', 'Proof 2 dikirim', 'Proof 2 disetujui']) {
    assert.ok(history.some((h) => h.startsWith(step)), `${step} in ${history.join(' | ')}`);
  }
  await site.context().close();

  // Now production starts.
  await page.click('#order-detail button.btn.light.no-print');
  await page.locator('#order-tabs button', { hasText: /^Paid$/ }).click();
  row = page.locator('#orders tr', { hasText: invoiceCode });
  await row.locator('[data-proof-state=approved]').waitFor();
  await row.locator('button[data-action=in_production]').click();
  await row.waitFor({ state: 'detached' });
  assert.equal((await budi('GET', `/orders/${id}`)).body.status, 'in_production');
  await page.context().close();
});

test('an admin accepts at a changed price with a rush fee; the customer sees why and agrees before paying', { timeout: 120_000 }, async () => {
  const budi = await apiAs('budi@example.com', 'customer-demo-123');
  // 200 cards at the 100+ band (Rp 1.000 each); laminated they cost Rp 1.200.
  const product = (await (await fetch(`${base}/api/products?limit=100`)).json()).items.find((p) => p.name === 'Business cards (per card)');
  const placed = await budi('POST', '/orders', {
    items: [{ productId: product.id, quantity: 200, options: { finish: 'none' } }],
    shippingAddress: { recipient: 'Budi Santoso', phone: '0812 5550 0101', street: 'Jl. Merdeka 10', city: 'Kota Bandung', postalCode: '40117' },
  });
  assert.equal(placed.status, 201, JSON.stringify(placed.body));
  const { id, invoiceCode } = placed.body;
  const before = placed.body.total;
  const page = await consoleAs('admin@toko.example', 'admin-demo-123');
  await page.click('[data-lang=en]');
  const row = page.locator('#orders tr', { hasText: invoiceCode });
  await row.locator('button[data-action=reprice]').click();
  const form = row.locator('.reprice-form');
  await form.locator('[name=price-0]').fill('1200');
  await form.locator('[name=fee-0]').fill('Rush (2 days)');
  await form.locator('[name=amount-0]').fill('50000');
  await form.locator('[name=reason]').fill('Laminasi doff dan selesai 2 hari');
  await page.screenshot({ path: path.join(results, '42-reprice-console.png'), fullPage: true });
  await form.locator('button[type=submit]').click();
  await row.waitFor({ state: 'detached' });
  await page.context().close();

  const site = await siteAs('budi@example.com', 'customer-demo-123');
  await site.setViewportSize({ width: 390, height: 844 });
  await site.click('[data-lang=id]');
  await site.waitForFunction(() => localStorage.getItem('toko.lang') === 'id');
  await site.goto(`${base}/#/orders/${id}`);
  await site.waitForSelector('#order-repriced:not([hidden])');
  assert.equal(await site.textContent('#reprice-reason'), 'Laminasi doff dan selesai 2 hari');
  assert.match(await site.textContent('#reprice-changes'), /Rush \(2 days\): Rp 50\.000/);
  assert.equal(await site.textContent('#reprice-before'), `Rp ${before.toLocaleString('id-ID')}`);
  const after = 200 * 1200 + 50000 + placed.body.shippingCost;
  assert.equal(await site.textContent('#reprice-after'), `Rp ${after.toLocaleString('id-ID')}`);
  assert.equal(await site.textContent('#order-status'), 'Harga baru: menunggu Anda');
  // Cancelling instead stays possible.
  await site.waitForSelector('#order-cancel:not([hidden])');
  await site.screenshot({ path: path.join(results, '42-reprice-id-phone.png'), fullPage: true });
  assert.ok(await site.evaluate(() => document.documentElement.scrollWidth <= 390), 'no horizontal scrolling on a phone');
  await site.click('#order-agree');
  await site.waitForSelector('#order-payment:not([hidden])');
  assert.equal(await site.textContent('#order-status'), 'Diterima');
  assert.equal((await budi('GET', `/orders/${id}`)).body.payment.amount - (await budi('GET', `/orders/${id}`)).body.payment.uniqueCode, after);
  await site.context().close();
});

test('a customer finds products by typing on a phone: word beginnings, accents ignored, the category kept', { timeout: 60_000 }, async () => {
  const site = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  await site.goto(`${base}/#/products`);
  await site.click('[data-lang=id]');
  await site.waitForSelector('#product-list a');
  const shown = () => site.$$eval('#product-list a strong', (s) => s.map((x) => x.textContent));
  // As typed, letter by letter: "thínk" (an accent typed by mistake) finds the ThinkBook.
  await site.type('#product-search', 'thínk', { delay: 60 });
  await site.waitForFunction(() => { const s = [...document.querySelectorAll('#product-list a strong')]; return s.length === 1 && s[0].textContent.startsWith('Laptop ThinkBook'); });
  await site.screenshot({ path: path.join(results, '43-search-id-phone.png'), fullPage: true });
  assert.ok(await site.evaluate(() => document.documentElement.scrollWidth <= 390), 'no horizontal scrolling on a phone');
  // Two words must both match; a category narrows the answer.
  await site.fill('#product-search', 'business card');
  await site.waitForFunction(() => [...document.querySelectorAll('#product-list a strong')].length >= 2);
  assert.ok((await shown()).every((n) => n.startsWith('Business cards')), (await shown()).join(', '));
  await site.fill('#product-search', 'zzzz');
  await site.waitForSelector('#products-none:not([hidden])');
  assert.equal(await site.textContent('#products-none'), 'Tidak ada produk yang cocok: coba kata yang lebih sedikit atau lebih pendek.');
  // Emptied: the whole catalogue again.
  await site.fill('#product-search', '');
  await site.waitForFunction(() => document.querySelectorAll('#product-list a').length > 2);
  await site.context().close();
});

test('an admin downloads the products as CSV, adds one and changes a price in a sheet, checks and applies it', { timeout: 120_000 }, async () => {
  const page = await consoleAs('admin@toko.example', 'admin-demo-123');
  await page.setViewportSize({ width: 1366, height: 800 });
  await page.click('#sections [data-section=products]');
  await page.locator('#products tr').first().waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#pcsv-export')]);
  const saved = path.join(results, 'products.csv');
  await download.saveAs(saved);
  const exported = (await import('node:fs')).readFileSync(saved, 'utf8');
  assert.match(exported, /^sku,id,name,category,price,description\n/);
  assert.match(exported, /\nTK-001,[0-9A-Z]{26},/, 'the demo products carry their SKUs');

  // A new product, and its price changed in a second file: matched by its SKU.
  const upload = (text) => page.setInputFiles('#pcsv-file', { name: 'products.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });
  await upload(`${exported}TK-900,,Map plastik A4,printing,"4.500",Map plastik bening isi 10\n`);
  await page.click('#pcsv-form button[type=submit]');
  await page.locator('#pcsv-rows tr[data-action=create]').waitFor();
  assert.equal(await page.locator('#pcsv-rows tr[data-action=create]').count(), 1);
  assert.equal(await page.locator('#pcsv-rows tr[data-action=update]').count(), 0, 'the export reads back unchanged');
  assert.match(await page.textContent('#pcsv-result'), /1 new, 0 changed/);
  await page.click('#pcsv-apply');
  await page.waitForFunction(() => /Saved: 1 new/.test(document.querySelector('#pcsv-result').textContent));
  await page.locator('#products tr', { hasText: 'Map plastik A4' }).waitFor();
  assert.match(await page.textContent('#products'), /TK-900/);

  await page.click('[data-lang=id]');
  await page.setViewportSize({ width: 390, height: 844 });
  await upload('sku,name,category,price\nTK-900,Map plastik A4,printing,5000\nTK-901,,printing,x\n');
  await page.click('#pcsv-form button[type=submit]');
  await page.waitForFunction(() => /Baris 3:/.test(document.querySelector('#pcsv-result').textContent));
  await upload('sku,name,category,price\nTK-900,Map plastik A4,printing,5000\n');
  await page.click('#pcsv-form button[type=submit]');
  await page.locator('#pcsv-rows tr[data-action=update]').waitFor();
  assert.match(await page.textContent('#pcsv-rows'), /harga/);
  await page.locator('#products-csv').screenshot({ path: path.join(results, '44-products-csv-phone.png') });
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), 'no horizontal scrolling on a phone');
  await page.click('#pcsv-apply');
  await page.waitForFunction(() => /Tersimpan: 0 baru, 1 berubah/.test(document.querySelector('#pcsv-result').textContent));
  await page.locator('#products tr', { hasText: 'Rp 5.000' }).waitFor();
  await page.click('[data-lang=en]');
  await page.setViewportSize({ width: 1366, height: 800 });
  await page.locator('#products-csv').screenshot({ path: path.join(results, '44-products-csv.png') });
});

/// A square PNG of one colour (real pixels, so the browser draws it).
function png(size, [r, g, b]) {
  const { deflateSync } = require('node:zlib');
  const crcTable = Array.from({ length: 256 }, (_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c >>> 0; });
  const crc = (buf) => { let c = 0xffffffff; for (const x of buf) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const sum = Buffer.alloc(4); sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0); header.writeUInt32BE(size, 4); header[8] = 8; header[9] = 2;
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: size }, () => [r, g, b]).flat())]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: size }, () => row)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]);
}

test('an admin adds pictures to a product and puts them in order; its page shows them as a gallery', { timeout: 120_000 }, async () => {
  const page = await consoleAs('admin@toko.example', 'admin-demo-123');
  await page.setViewportSize({ width: 1366, height: 800 });
  await page.click('#sections [data-section=products]');
  const row = page.locator('#products tr', { hasText: 'Map plastik A4' });
  await row.locator('button', { hasText: 'Edit' }).click();
  await page.locator('#pp-box:not([hidden])').waitFor();
  await page.setInputFiles('#pp-add', [
    { name: 'green.png', mimeType: 'image/png', buffer: png(48, [25, 135, 84]) },
    { name: 'blue.png', mimeType: 'image/png', buffer: png(48, [13, 110, 253]) },
    { name: 'orange.png', mimeType: 'image/png', buffer: png(48, [253, 126, 20]) },
  ]);
  await page.waitForFunction(() => document.querySelectorAll('#pp-list li').length === 3);
  const before = await page.$$eval('#pp-list li', (lis) => lis.map((li) => li.dataset.src));
  // The last one first (the main picture), the middle one removed.
  await page.locator('#pp-list li').nth(2).locator('button').first().click();
  await page.locator('#pp-list li').nth(1).locator('button').first().click();
  await page.locator('#pp-list li').nth(2).locator('button').last().click();
  await page.click('#pp-save');
  await page.waitForFunction(() => /Pictures saved/.test(document.querySelector('#pp-status').textContent));
  const after = await page.$$eval('#pp-list li', (lis) => lis.map((li) => li.dataset.src));
  assert.deepEqual(after, [before[2], before[0]]);
  await page.locator('#pp-box').screenshot({ path: path.join(results, '47-pictures-console.png') });

  // The site: the main picture large, thumbnails to show the others.
  const site = await (await browser.newContext()).newPage();
  await site.setViewportSize({ width: 390, height: 844 });
  await site.goto(`${base}/#/products`);
  await site.locator('#product-list a', { hasText: 'Map plastik A4' }).click();
  await site.locator('#product-thumbs .thumb').nth(1).waitFor();
  assert.equal(await site.getAttribute('#product-image', 'src'), after[0]);
  await site.locator('#product-thumbs .thumb').nth(1).click();
  assert.equal(await site.getAttribute('#product-image', 'src'), after[1]);
  assert.equal(await site.getAttribute('#product-thumbs .thumb >> nth=1', 'aria-pressed'), 'true');
  await site.screenshot({ path: path.join(results, '47-gallery-phone.png') });
  assert.ok(await site.evaluate(() => document.documentElement.scrollWidth <= 390), 'no horizontal scrolling on a phone');
  await site.context().close();
});

test('the products page offers the catalogue as a PDF in the language shown', { timeout: 90_000 }, async () => {
  const site = await (await browser.newContext()).newPage();
  await site.goto(`${base}/#/products`);
  await site.click('[data-lang=id]');
  await site.goto(`${base}/#/`);
  await site.goto(`${base}/#/products`);
  const link = site.locator('#catalogue-link');
  // The Indonesian strings load on the first switch; the link is drawn again once they are in.
  await site.waitForFunction(() => {
    const a = document.querySelector('#catalogue-link');
    return a?.textContent === 'Unduh katalog (PDF)' && a.getAttribute('href') === '/api/catalogue?lang=id';
  });
  const href = await link.getAttribute('href');
  assert.equal(href, '/api/catalogue?lang=id');
  const res = await site.request.get(`${base}${href}`);
  assert.equal(res.status(), 200);
  assert.equal(res.headers()['content-type'], 'application/pdf');
  assert.match(res.url(), /\/media\/catalogue\/\d+-id\.pdf$/);
  const pdf = await res.body();
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  await site.click('[data-lang=en]');
  await site.context().close();
});

test('axe-core finds no serious or critical accessibility problem on any page of the site or the console', { timeout: 240_000 }, async () => {
  const { readFileSync } = await import('node:fs');
  const axeSource = readFileSync(path.join(root, 'e2e/node_modules/axe-core/axe.min.js'), 'utf8');
  const problems = [];
  const scan = async (page, name) => {
    await page.waitForTimeout(300);
    if (!(await page.evaluate(() => Boolean(window.axe)))) await page.evaluate(axeSource);
    const found = await page.evaluate(async () => (await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] }))
      .violations.filter((v) => ['serious', 'critical'].includes(v.impact))
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`));
    for (const f of found) problems.push(`${name}: ${f}`);
  };
  const site = await (await browser.newContext({ viewport: { width: 1366, height: 800 } })).newPage();
  for (const view of ['/', '/products', '/promos', '/cart', '/register', '/login', '/forgot']) {
    await site.goto(`${base}/#${view}`);
    await scan(site, `site ${view}`);
  }
  await site.goto(`${base}/#/products`);
  await site.locator('#product-list a').first().click();
  await site.waitForSelector('#product-name:not(:empty)');
  await scan(site, 'site product');
  await site.context().close();
  const member = await siteAs('budi@example.com', 'customer-demo-123');
  for (const view of ['/account', '/orders', '/inbox']) {
    await member.goto(`${base}/#${view}`);
    await scan(member, `site ${view} (signed in)`);
  }
  await member.goto(`${base}/#/orders`);
  const firstOrder = member.locator('#orders-list a, #order-list a').first();
  if (await firstOrder.count()) { await firstOrder.click(); await member.waitForTimeout(500); await scan(member, 'site order'); }
  await member.click('[data-lang=id]');
  await member.goto(`${base}/#/`);
  await scan(member, 'site / (Indonesian)');
  await member.context().close();
  const admin = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  await admin.goto(`${base}/console/`);
  await scan(admin, 'console sign-in (phone)');
  await admin.context().close();
  const staff = await consoleAs('admin@toko.example', 'admin-demo-123');
  await staff.waitForSelector('#sections:not([hidden])');
  for (const s of ['orders', 'registrations', 'products', 'messages', 'promos', 'dashboard', 'staff', 'activity']) {
    await staff.click(`#sections [data-section=${s}]`);
    await staff.waitForSelector(`#${s}-view:not([hidden])`);
    await scan(staff, `console ${s}`);
  }
  await staff.context().close();
  assert.deepEqual(problems, [], 'serious or critical accessibility problems');
});

test('the site says so when the API cannot answer, and tries again on request; each view has its title', { timeout: 60_000 }, async () => {
  const page = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  let down = true;
  await page.route('**/api/products?*', (r) => (down
    ? r.fulfill({ status: 503, contentType: 'application/problem+json', body: JSON.stringify({ status: 503, code: 'service_unavailable', detail: 'down' }) })
    : r.continue()));
  await page.goto(`${base}/#/products`);
  await page.click('[data-lang=id]');
  await page.waitForFunction(() => !document.querySelector('#page-error').hidden && document.querySelector('#page-error').textContent.includes('Toko belum bisa menjawab'));
  await page.screenshot({ path: path.join(results, '33-api-down-id-phone.png') });
  down = false;
  await page.click('#page-error button');
  await page.waitForSelector('#product-list a');
  assert.ok(await page.isHidden('#page-error'));
  assert.match(await page.title(), /^Produk dan layanan · /, 'the title names the view');
  // On a phone the navigation folds behind a menu; the cart and the language stay.
  assert.ok(await page.isHidden('#site-nav a[href="#/promos"]'));
  assert.ok(await page.isVisible('#site-nav a[href="#/cart"]') && await page.isVisible('[data-lang=en]'));
  await page.click('#menu-toggle');
  await page.waitForSelector('#site-nav a[href="#/promos"]');
  assert.equal(await page.getAttribute('#menu-toggle', 'aria-expanded'), 'true');
  await page.screenshot({ path: path.join(results, '33-menu-id-phone.png') });
  await page.click('#site-nav a[href="#/promos"]');
  await page.waitForFunction(() => document.querySelector('#menu-toggle').getAttribute('aria-expanded') === 'false');
  await page.context().close();
});

test('the site first load stays under 100 KB in either language (pictures and API answers aside)', { timeout: 60_000 }, async () => {
  const { statSync } = await import('node:fs');
  for (const l of ['en', 'id']) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript((chosen) => localStorage.setItem('toko.lang', chosen), l);
    const asked = new Set();
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.origin === new URL(base).origin && !u.pathname.startsWith('/api/') && !u.pathname.startsWith('/media/')) asked.add(u.pathname);
    });
    await page.goto(`${base}/`);
    await page.waitForFunction(() => document.querySelector('.hero h1').textContent.trim() !== '');
    // The other language is preloaded after 2 s, once the page is drawn: not first load.
    const other = `/assets/strings-${l === 'en' ? 'id' : 'en'}.js`;
    const files = [...asked].filter((p) => p !== other).map((p) => (p === '/' ? 'site/index.html' : `site${p}`));
    const bytes = files.reduce((sum, f) => sum + statSync(path.join(root, f)).size, 0);
    console.log(`first load (${l}): ${(bytes / 1024).toFixed(1)} KiB in ${files.length} files`);
    assert.ok(bytes < 100 * 1024, `${l}: ${bytes} bytes (${files.join(', ')})`);
    await context.close();
  }
});

test('every UI string has its Indonesian twin (and its English one)', { timeout: 60_000 }, async () => {
  const { readFileSync, readdirSync } = await import('node:fs');
  // The dictionaries as the pages build them: the site's, and the console's with every
  // module's extend() (all console modules load with the page; the site's lazy ones are
  // imported here).
  const collect = (page, modules) => page.evaluate(async (mods) => {
    const i18n = await import('/assets/i18n.js');
    await Promise.all([i18n.load('en'), i18n.load('id'), i18n.loadFieldMessages(), ...mods.map((m) => import(m))]);
    return { en: { ...i18n.strings('en') }, id: { ...i18n.strings('id') } };
  }, modules);
  const consolePage = await consoleAs('admin@toko.example', 'admin-demo-123');
  await consolePage.waitForSelector('#sections:not([hidden])');
  const fromConsole = await collect(consolePage, []);
  await consolePage.context().close();
  const site = await siteAs('budi@example.com', 'customer-demo-123');
  const fromSite = await collect(site, ['/assets/addresses.js', '/assets/privacy.js', '/assets/invoice.js', '/assets/proof.js', '/assets/quotes.js', '/assets/reprice.js', '/assets/testimonials.js', '/assets/testimonial-form.js']);
  await site.context().close();
  const dicts = { en: { ...fromSite.en, ...fromConsole.en }, id: { ...fromSite.id, ...fromConsole.id } };
  const problems = [];
  for (const [a, b] of [['en', 'id'], ['id', 'en']]) {
    // Field messages (msg.*) are the server's own English: Indonesian translates them.
    for (const key of Object.keys(dicts[a])) if (!dicts[b][key] && !(b === 'en' && key.startsWith('msg.'))) problems.push(`${key}: no ${b} string`);
  }
  // Each translated field message is one the server still says (word for word).
  const rust = [...readdirSync(path.join(root, 'shared/src'), { recursive: true }).map((f) => `shared/src/${f}`),
    ...readdirSync(path.join(root, 'functions')).flatMap((fn) => readdirSync(path.join(root, 'functions', fn, 'src')).map((f) => `functions/${fn}/src/${f}`))]
    .filter((f) => f.endsWith('.rs')).map((f) => readFileSync(path.join(root, f), 'utf8')).join('\n');
  for (const key of Object.keys(dicts.id).filter((k) => k.startsWith('msg.'))) {
    if (!rust.includes(`"${key.slice(4)}"`)) problems.push(`${key}: the server no longer says this`);
  }
  // Every key the pages and scripts name literally.
  const files = [
    ...['site/index.html', 'console/index.html'],
    ...readdirSync(path.join(root, 'site/assets')).filter((f) => f.endsWith('.js')).map((f) => `site/assets/${f}`),
    ...readdirSync(path.join(root, 'console')).filter((f) => f.endsWith('.js')).map((f) => `console/${f}`),
  ];
  for (const f of files) {
    const text = readFileSync(path.join(root, f), 'utf8');
    const named = [...text.matchAll(/data-i18n(?:-placeholder)?="([^"$]+)"/g), ...text.matchAll(/[^\w.]t\('([a-zA-Z][\w.-]*)'\)/g),
      ...text.matchAll(/i18n\(el\([^)]*\), '([\w.-]+)'\)/g)].map((m) => m[1]).filter((k) => k.includes('.'));
    for (const key of named) {
      for (const l of ['en', 'id']) if (!dicts[l][key]) problems.push(`${f}: "${key}" has no ${l} string`);
    }
  }
  // A long string that reads the same in both languages was most likely never translated.
  const same = Object.keys(dicts.en).filter((k) => dicts.en[k] === dicts.id[k] && dicts.en[k].length > 14 && !/^[\d\s.,:/()+-]*$|https?:|@/.test(dicts.en[k]));
  for (const k of same) problems.push(`${k}: the same in English and Indonesian ("${dicts.en[k]}")`);
  assert.deepEqual([...new Set(problems)], [], 'strings without their twin');
});
