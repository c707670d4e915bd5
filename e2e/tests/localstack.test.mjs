// The S3 and SES paths once more with those services on LocalStack (host mode; DynamoDB
// and Secrets Manager stay on moto), as `TOKO_LOCAL_AWS=localstack make dev` runs them:
// LocalStack checks presigned requests as AWS does (signature, signed length and type,
// expiry) and keeps sent mail at /_aws/ses. Skipped, with the reason, where LocalStack
// cannot run (no CPython >= 3.13).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startShop, attachAndDownloadFiles, addProductWithPicture } from './shop.mjs';

const PORT = Number(process.env.TOKO_E2E_LOCALSTACK_SITE_PORT || 8383);
let shop;
let skip = false;

before(async () => {
  shop = await startShop({
    port: PORT,
    moto: PORT - 3000,
    env: { TOKO_PREFIX: 'e2els-', TOKO_LOCAL_AWS: 'localstack', TOKO_LOCALSTACK_PORT: String(PORT - 3700) },
  });
  if (!shop.log.includes('LocalStack ready')) skip = 'LocalStack is not available here (see the dev setup log): the dev setup ran on moto';
});

after(async () => {
  await shop?.stop();
});

test('on LocalStack: a customer sends files to an accepted order, the acceptance mail is at /_aws/ses, the operator downloads', { timeout: 300_000 }, async (t) => {
  if (skip) return t.skip(skip);
  assert.match(shop.mailLog, /\/_aws\/ses$/);
  const budi = await shop.apiAs('budi@example.com', 'customer-demo-123');
  const products = (await (await fetch(`${shop.base}/api/products`)).json()).items;
  const placed = await budi('POST', '/orders', {
    items: [{ productId: products[0].id, quantity: 1 }],
    shippingAddress: { recipient: 'Budi Santoso', phone: '+62 812 5550 0101', street: 'Jl. Merdeka 10', city: 'Bandung', postalCode: '40111' },
  });
  assert.equal(placed.status, 201, JSON.stringify(placed.body));
  const admin = await shop.apiAs('admin@toko.example', 'admin-demo-123');
  const accepted = await admin('POST', `/admin/orders/${placed.body.id}/confirm`, { decision: 'accept' });
  assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
  const mails = await shop.sentMailTo('budi@example.com');
  assert.ok(mails.some((m) => m.subject.includes(placed.body.invoiceCode)), JSON.stringify(mails.map((m) => m.subject)));

  const site = await shop.siteAs('budi@example.com', 'customer-demo-123');
  await site.goto(`${shop.base}/#/orders/${placed.body.id}`);
  await site.waitForSelector('#order-status[data-status=accepted]');
  await attachAndDownloadFiles(shop, site, 'ls');
});

test('on LocalStack: an admin adds a product picture and the site serves it from the private bucket', { timeout: 120_000 }, async (t) => {
  if (skip) return t.skip(skip);
  await addProductWithPicture(shop, 'ls');
  assert.deepEqual(shop.cspViolations, [], 'no page broke the Content Security Policy');
});
