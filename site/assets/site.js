// The customer site. Hash routes: #/, #/register, #/login, #/account, #/contact,
// #/products, #/products/{id}, #/promos, #/cart, #/orders, #/orders/{id},
// #/orders/{id}/invoice, #/inbox.
import { makeApi } from './api.js';
import { apply, day, lang, load, money, setLang, showError, t, when } from './i18n.js';
import { categories, categoryName, lineDetails, loadShop, renderShop } from './shop.js';
import { attach } from './upload.js';
import { $, el } from './dom.js';
import { loadPoints, showPoints, typedPoints } from './points.js';

const api = makeApi('toko.token');

// --- cart, kept in the browser --------------------------------------------------
const cart = {
  lines() { try { return JSON.parse(localStorage.getItem('toko.cart') || '[]'); } catch { return []; } },
  save(lines) { localStorage.setItem('toko.cart', JSON.stringify(lines)); badges(); },
  /// A made-to-order product's choices (`config`: options, size) make a line of their own.
  add(p, quantity, config = {}, price = p.price) {
    const lines = cart.lines();
    const same = (l) => l.productId === p.id && JSON.stringify(l.config || {}) === JSON.stringify(config);
    const line = lines.find(same);
    if (line) line.quantity = Math.min(999, line.quantity + quantity);
    else lines.push({ productId: p.id, name: p.name, price, quantity, config });
    cart.save(lines);
  },
};

let me = null;
async function refreshMe() {
  if (!api.token()) { me = null; return; }
  try { me = await api.get('/me'); } catch { me = null; }
}

function setBadge(id, n) {
  const b = $(id);
  b.textContent = n;
  b.hidden = !n;
}

function badges() {
  setBadge('#cart-count', cart.lines().reduce((n, l) => n + l.quantity, 0));
  setBadge('#pending-badge', me?.pendingOrders || 0);
  setBadge('#unread-badge', me?.unreadMessages || 0);
}

function show(view) {
  document.querySelectorAll('[data-view]').forEach((e) => { e.hidden = e.dataset.view !== view; });
  const signedIn = Boolean(api.token());
  document.querySelectorAll('[data-guest]').forEach((e) => { e.hidden = signedIn; });
  document.querySelectorAll('[data-member]').forEach((e) => { e.hidden = !signedIn; });
  badges();
  window.scrollTo(0, 0);
  // The page's title names the view (its heading) and the shop.
  const heading = view === 'home' ? '' : document.querySelector(`[data-view=${view}] h1`)?.textContent;
  document.title = [heading, $('.logo').textContent].filter(Boolean).join(' · ');
}

// --- account --------------------------------------------------------------------
async function loadAccount() {
  if (!me) { location.hash = '#/login'; return; }
  $('#account-name').textContent = me.user.name;
  $('#account-email').textContent = me.user.email;
  $('#account-status').textContent = t(`status.${me.user.status}`);
  $('#account-status').dataset.status = me.user.status;
  const notice = $('#account-notice');
  notice.className = `notice ${me.user.status}`;
  notice.textContent = t(`account.${me.user.status}.text`);
  $('#account-optin').checked = Boolean(me.user.marketingOptIn);
  $('#account-pending-orders').textContent = me.pendingOrders;
  $('#account-unread').textContent = me.unreadMessages;
  $('#verify-box').hidden = me.user.emailVerified !== false;
  // (`form.name` is the form's own name attribute: fields are read by their elements.)
  const field = (n) => $('#profile-form').elements.namedItem(n);
  field('name').value = me.user.name;
  field('phone').value = me.user.phone || '';
  field('whatsapp').value = me.user.whatsapp || '';
  field('locale').value = me.user.locale;
  $('#verify-resent').hidden = true;
  const customer = me.user.role === 'customer';
  (await import('./privacy.js')).loadPrivacy(api, {
    user: me.user.id,
    customer,
    onDeleted: () => { api.setToken(null); me = null; location.hash = '#/deleted'; },
  });
  if (customer) await Promise.all([loadPoints(api), import('./addresses.js').then((m) => m.loadBook(api))]);
}

// --- catalogue ------------------------------------------------------------------
let productCursor = null;
// The cart's latest price question (answers to earlier ones are dropped).
let cartAsk = 0;
let productCategory = '';

/// "★★★★☆ 4.2 (12)", or nothing before the first review.
function stars(average, count) {
  if (!count) return '';
  const full = Math.round(average);
  return `${'★'.repeat(full)}${'☆'.repeat(5 - full)} ${average.toFixed(1)} (${count})`;
}

function productCard(p) {
  return el('a', { className: 'product', href: `#/products/${p.id}` },
    el('img', { src: p.imageUrl || '/assets/products/printing.svg', alt: '', loading: 'lazy' }),
    el('strong', { textContent: p.name }),
    el('span', { className: 'muted', textContent: categoryName(p.category) }),
    el('span', { className: 'stars', textContent: stars(p.ratingAverage, p.ratingCount) }),
    el('span', { textContent: p.madeToOrder ? t('products.from', { price: money(p.price) }) : money(p.price) }));
}

async function loadReviews(productId) {
  const page = await api.get(`/products/${encodeURIComponent(productId)}/reviews?limit=20`);
  $('#product-rating').textContent = stars(page.ratingAverage, page.ratingCount);
  $('#reviews-empty').hidden = page.items.length > 0;
  $('#review-list').replaceChildren(...page.items.map((r) => el('div', { className: 'review' },
    el('strong', { className: 'stars', textContent: '★'.repeat(r.rating) + '☆'.repeat(5 - r.rating) }),
    el('span', { className: 'muted', textContent: ` ${r.former ? t('reviews.former') : r.authorName} · ${day(r.createdAt)}` }),
    el('p', { textContent: r.comment }))));
}

/// A review form per product of a completed order.
function reviewForm(line) {
  let rating = 0;
  const picker = el('div', { className: 'star-input' });
  const buttons = [1, 2, 3, 4, 5].map((n) => {
    const b = el('button', { type: 'button', textContent: '★', title: String(n) });
    b.dataset.rating = String(n);
    b.addEventListener('click', () => { rating = n; buttons.forEach((x, i) => x.setAttribute('aria-pressed', String(i < n))); });
    return b;
  });
  picker.append(...buttons);
  const comment = el('textarea', { rows: 2, maxLength: 2000, placeholder: t('reviews.comment') });
  const error = el('p', { className: 'form-error', hidden: true });
  const send = el('button', { className: 'btn', type: 'submit', textContent: t('reviews.send') });
  const form = el('form', { className: 'review-form' }, el('strong', { textContent: line.name }), picker, comment, error, send);
  form.dataset.productId = line.productId;
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    send.disabled = true;
    try {
      await api.post(`/products/${line.productId}/reviews`, { rating, comment: comment.value });
      form.replaceChildren(el('p', { className: 'notice approved', textContent: `${line.name}: ${t('reviews.thanks')}` }));
    } catch (err) {
      error.textContent = err.code === 'already_reviewed' ? err.message : (err.errors[0] ? `${err.errors[0].field} ${err.errors[0].message}` : err.message);
      error.hidden = false;
      send.disabled = false;
    }
  });
  return form;
}

// What the search box says (words of names, descriptions, categories; prefixes as typed):
// the list then comes from the search index, in the chosen category.
let productQuery = '';
let productAsk = 0;
async function loadProducts(reset) {
  const ask = ++productAsk;
  const q = new URLSearchParams({ limit: '12' });
  if (productCategory) q.set('category', productCategory);
  if (productQuery) q.set('q', productQuery); else q.set('sort', $('#product-sort').value);
  if (productCursor && !reset) q.set('cursor', productCursor);
  let page = await api.get(`/products${productQuery ? '/search' : ''}?${q}`);
  // A search page can come back empty while more follow (matches are checked after the
  // index is read): read on, a few pages at most, before saying nothing matches.
  for (let more = 0; productQuery && !page.items.length && page.nextCursor && more < 4; more += 1) {
    q.set('cursor', page.nextCursor);
    page = await api.get(`/products/search?${q}`);
  }
  if (ask !== productAsk) return; // a later question was asked meanwhile
  if (reset) $('#product-list').replaceChildren();
  $('#products-none').hidden = !reset || page.items.length > 0 || Boolean(page.nextCursor);
  page.items.forEach((p) => $('#product-list').append(productCard(p)));
  productCursor = page.nextCursor;
  $('#products-more').hidden = !productCursor;
}

let searchTimer = null;
$('#product-search').addEventListener('input', (e) => {
  clearTimeout(searchTimer);
  // One letter finds nothing yet: the whole list stays until a word has two.
  searchTimer = setTimeout(() => { const v = e.target.value.trim(); productQuery = v.length >= 2 ? v : ''; loadProducts(true).catch(() => {}); }, 250);
});

function renderCategories() {
  const tabs = $('#categories');
  tabs.replaceChildren(...['', ...categories()].map((c) => {
    const b = el('button', { textContent: c ? categoryName(c) : t('products.all') });
    b.setAttribute('role', 'tab');
    b.setAttribute('aria-selected', String(c === productCategory));
    b.addEventListener('click', () => { productCategory = c; renderCategories(); loadProducts(true); });
    return b;
  }));
}

let shownProduct = null;
let configurator = null;
async function loadProduct(id) {
  $('#product-added').hidden = true;
  try {
    const p = await api.get(`/products/${encodeURIComponent(id)}`);
    shownProduct = p;
    $('#product-image').src = p.imageUrl || '/assets/products/printing.svg';
    $('#product-thumbs').hidden = true;
    if (p.pictures?.length > 1) (await import('./gallery.js')).showGallery(p);
    $('#product-name').textContent = p.name;
    $('#product-quote').href = `#/quotes?product=${p.id}`;
    $('#product-category').textContent = categoryName(p.category);
    $('#product-price').textContent = money(p.price);
    $('#product-description').textContent = p.description || '';
    // Made to order: the choices and the server's price of them (a module of its own).
    configurator = p.pricing ? await import('./configure.js') : null;
    if (configurator) configurator.renderConfigurator(p, (body) => api.post('/orders/quote', body));
    else $('#product-config').hidden = true;
    await loadReviews(p.id);
  } catch { location.hash = '#/products'; }
}

// --- cart and checkout ------------------------------------------------------------
/// A priced line's promo ("Promo title: −Rp 6.000"), or nothing.
function showLinePromo(node, line) {
  node.hidden = !line?.discount;
  node.textContent = line?.discount ? `${line.promo?.title || t('orders.discount')}: −${money(line.discount)}` : '';
}

/// A cart line's choices as a quote line has them (before the server priced it).
const configured = (l) => ({ size: l.config?.size, options: Object.entries(l.config?.options || {}).map(([option, choice]) => ({ option, name: choice })) });

/// A note for the next drawing of the cart (what "Order again" could not add).
let cartNotice = '';

function renderCart() {
  const lines = cart.lines();
  $('#cart-notice').hidden = !cartNotice;
  $('#cart-notice').textContent = cartNotice;
  cartNotice = '';
  $('#cart-empty').hidden = lines.length > 0;
  $('#cart-table').hidden = !lines.length;
  $('#cart-lines').replaceChildren(...lines.map((l, i) => {
    const qty = el('input', { type: 'number', min: 1, max: 999, value: l.quantity, style: 'width:80px' });
    qty.addEventListener('change', () => { const ls = cart.lines(); ls[i].quantity = Math.max(1, Math.min(999, Number(qty.value) || 1)); cart.save(ls); renderCart(); });
    const remove = el('button', { className: 'btn light', textContent: t('cart.remove') });
    remove.addEventListener('click', () => { const ls = cart.lines(); ls.splice(i, 1); cart.save(ls); renderCart(); });
    return el('tr', {}, el('td', {}, el('span', { textContent: l.name }), el('div', { className: 'muted line-details', textContent: lineDetails(configured(l)) }), el('div', { className: 'line-promo', hidden: true })), el('td', {}, qty), el('td', { className: 'line-total', textContent: money(l.price * l.quantity) }), el('td', {}, remove));
  }));
  $('#cart-subtotal').textContent = money(lines.reduce((s, l) => s + l.price * l.quantity, 0));
  $('#cart-quote').hidden = true;
  $('#cart-discount-row').hidden = true;
  if (lines.length) {
    // The server's price of the cart (current prices and shipping), as the order will be.
    const body = { items: lines.map((l) => ({ productId: l.productId, quantity: l.quantity, ...(l.config || {}) })) };
    if (cartVoucher) body.voucherCode = cartVoucher;
    if (cartPoints) body.points = cartPoints;
    // Shipping is priced by the city the order goes to.
    const city = $('#checkout-form [name=city]')?.value.trim();
    if (city) body.city = city;
    // Only the latest question's answer is shown: an earlier one (another city) that
    // arrives late must not overwrite it.
    const ask = ++cartAsk;
    api.post('/orders/quote', body)
      .then((q) => {
        if (ask !== cartAsk) return;
        showVoucher(q);
        showPoints(q, cartPoints);
        // Each line's promo, under its name (so it shows on a phone too).
        [...$('#cart-lines').children].forEach((tr, i) => {
          showLinePromo(tr.querySelector('.line-promo'), q.items[i]);
          // Today's price of the line (tiers and choices priced by the server).
          tr.querySelector('.line-total').textContent = money(q.items[i].unitPrice * q.items[i].quantity);
          tr.querySelector('.line-details').textContent = lineDetails(q.items[i]);
        });
        $('#cart-subtotal').textContent = money(q.subtotal);
        $('#cart-discount-row').hidden = !q.discount;
        $('#cart-discount').textContent = `−${money(q.discount)}`;
        $('#cart-shipping').textContent = money(q.shippingCost);
        $('#cart-free').hidden = !q.freeShippingFrom;
        $('#cart-free').textContent = q.shippingCost ? t('cart.freeFrom', { amount: money(q.freeShippingFrom) }) : t('cart.freeShipping');
        $('#cart-total').textContent = money(q.total);
        $('#cart-quote').hidden = false;
      })
      .catch(() => { if (ask === cartAsk && cartVoucher) showVoucher({ voucherRefusal: { code: 'voucher_unknown' } }); });
  }
  const approved = me?.user.status === 'approved';
  const full = approved && me.pendingOrders >= 5;
  $('#cart-full').hidden = !full;
  $('#cart-signin').hidden = approved || !lines.length;
  $('#checkout-form').hidden = !approved || full || !lines.length;
  $('#voucher-form').hidden = !lines.length;
}

/// The voucher the customer typed: its discount, or why it does not apply (in their
/// language, by its code).
let cartVoucher = '';
/// The points the customer chose to spend (the quote says what they take off).
let cartPoints = 0;
function showVoucher(q) {
  const out = $('#voucher-result');
  out.hidden = !cartVoucher;
  out.classList.toggle('field-error', Boolean(q.voucherRefusal));
  if (q.voucher) out.textContent = `${q.voucher.code}: −${money(q.voucher.discount)}`;
  else if (q.voucherRefusal) out.textContent = t(`voucher.${q.voucherRefusal.code}`) === `voucher.${q.voucherRefusal.code}` ? q.voucherRefusal.detail : t(`voucher.${q.voucherRefusal.code}`);
}

/// What the customer typed in the voucher field, as codes are written (upper case).
const typedVoucher = () => $('#voucher-form').voucherCode.value.trim().toUpperCase();

$('#voucher-form').addEventListener('submit', (e) => {
  e.preventDefault();
  cartVoucher = typedVoucher();
  if (cartVoucher && !/^[A-Z0-9-]{3,32}$/.test(cartVoucher)) {
    showVoucher({ voucherRefusal: { code: 'voucher_unknown' } });
    cartVoucher = '';
    return;
  }
  renderCart();
});

$('#points-form').addEventListener('submit', (e) => {
  e.preventDefault();
  cartPoints = typedPoints();
  renderCart();
});

let checkoutKey = null;
async function checkout(form) {
  const data = Object.fromEntries(new FormData(form));
  const body = {
    items: cart.lines().map((l) => ({ productId: l.productId, quantity: l.quantity, ...(l.config || {}) })),
    shippingAddress: { recipient: data.recipient, phone: data.phone, street: data.street, district: data.district, city: data.city, province: data.province, postalCode: data.postalCode },
    note: data.note,
  };
  // A code typed but not applied counts too; one that is not a code at all is left out.
  const typed = typedVoucher();
  if (/^[A-Z0-9-]{3,32}$/.test(typed)) cartVoucher = typed;
  if (cartVoucher) body.voucherCode = cartVoucher;
  cartPoints = typedPoints() || cartPoints;
  if (cartPoints) body.points = cartPoints;
  checkoutKey ||= crypto.randomUUID(); // the same key on a retry of this checkout
  const order = await api.post('/orders', body, { 'idempotency-key': checkoutKey });
  checkoutKey = null;
  await (await import('./addresses.js')).keepIfAsked(api, data);
  cart.save([]);
  cartVoucher = '';
  cartPoints = 0;
  $('#voucher-form').reset();
  $('#points-form').reset();
  await refreshMe();
  location.hash = `#/orders/${order.id}`;
}

// --- orders -----------------------------------------------------------------------
async function loadOrders() {
  const page = await api.get('/orders?limit=50');
  $('#orders-empty').hidden = page.items.length > 0;
  $('#orders-list').replaceChildren(...page.items.map((o) => el('tr', {},
    el('td', {}, el('a', { href: `#/orders/${o.id}`, textContent: o.invoiceCode })),
    el('td', { textContent: day(o.createdAt) }),
    el('td', { textContent: t(`st.${o.status}`) }),
    el('td', { textContent: money(o.total) }))));
  if (page.items.some((o) => o.status === 'completed')) (await import('./testimonial-form.js')).offerTestimonial(api);
}

async function loadOrder(id) {
  const o = await api.get(`/orders/${encodeURIComponent(id)}`);
  $('#order-code').textContent = o.invoiceCode;
  $('#order-status').textContent = t(`st.${o.status}`);
  $('#order-status').dataset.status = o.status;
  $('#order-lines').replaceChildren(...o.items.map((l) => {
    const promo = el('div', { className: 'line-promo' });
    showLinePromo(promo, l);
    return el('tr', {}, el('td', {}, el('span', { textContent: l.name }), el('div', { className: 'muted', textContent: lineDetails(l) }), promo), el('td', { textContent: `× ${l.quantity}` }), el('td', { textContent: money(l.unitPrice * l.quantity) }));
  }));
  $('#order-subtotal').textContent = money(o.subtotal);
  $('#order-discount-row').hidden = !o.discount;
  $('#order-discount').textContent = `−${money(o.discount)}`;
  // Accepted at a changed price: what changed and why, to agree to (or cancel).
  $('#order-repriced').hidden = o.status !== 'awaiting_customer';
  if (o.status === 'awaiting_customer') (await import('./reprice.js')).showChange(api, o, () => loadOrder(o.id));
  // An accepted order: what to transfer, where, by when.
  const pay = o.status === 'accepted' ? o.payment : null;
  $('#order-payment').hidden = !pay;
  if (pay) {
    $('#payment-amount').textContent = money(pay.amount);
    $('#payment-due').textContent = new Date(pay.dueAt).toLocaleString(lang() === 'id' ? 'id-ID' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
    $('#payment-code').textContent = String(pay.uniqueCode).padStart(3, '0');
    $('#payment-accounts').replaceChildren(...(pay.accounts.length ? pay.accounts.map((a) => el('li', {}, el('strong', { textContent: `${a.bank} ${a.number}` }), ` — ${a.holder}`)) : [el('li', { textContent: t('payment.noAccounts') })]));
    $('#payment-overdue').hidden = Date.now() <= Date.parse(pay.dueAt);
  }
  $('#order-voucher-row').hidden = !o.voucher;
  $('#order-voucher').textContent = o.voucher ? `${o.voucher.code} −${money(o.voucher.discount)}` : '';
  $('#order-points-row').hidden = !o.points;
  $('#order-points').textContent = o.points ? `${o.points.points} ${t('points.unit')} −${money(o.points.discount)}` : '';
  $('#order-earned').hidden = !o.pointsEarned;
  $('#order-earned').textContent = t('points.earnedOrder', { n: o.pointsEarned });
  $('#order-invoice').href = `#/orders/${o.id}/invoice`;
  $('#order-invoice-pdf').onclick = async () => (await import('./invoice.js')).downloadPdf(api, o.id, o.invoiceCode);
  $('#order-shipping').textContent = money(o.shippingCost);
  $('#order-total').textContent = money(o.total);
  $('#order-tracking-row').hidden = !o.trackingNumber;
  $('#order-tracking').textContent = o.trackingNumber || '';
  // A design proof (and its entries in the history) is drawn by its own module.
  const proofs = o.proof ? await import('./proof.js') : null;
  const step = (h) => (h.proof && proofs ? proofs.historyLine(h) : t(`st.${h.status}`));
  $('#order-history').replaceChildren(...o.history.map((h) => el('li', { textContent: `${step(h)} — ${when(h.at)}${h.note ? ` — ${h.note}` : ''}` })));
  if (proofs) await proofs.renderProof(api, o, () => loadOrder(o.id));
  else $('#order-proof').hidden = true;
  $('#proof-pick').hidden = o.status !== 'accepted';
  $('#order-reviews').hidden = o.status !== 'completed';
  if (o.status === 'completed') {
    const seen = new Set();
    $('#review-forms').replaceChildren(...o.items.filter((l) => !seen.has(l.productId) && seen.add(l.productId)).map(reviewForm));
  }
  $('#design-pick').hidden = ['completed', 'cancelled', 'rejected'].includes(o.status);
  shownOrder = o.id;
  await loadFiles(o.id);
  // Order again: the same lines and choices at today's prices (the server says which
  // are still offered); what is not goes in a note on the cart.
  const again = $('#order-again');
  again.hidden = !['completed', 'cancelled', 'rejected'].includes(o.status);
  again.onclick = async () => {
    const { items } = await api.get(`/orders/${o.id}/reorder`);
    for (const l of items.filter((x) => x.state === 'available')) {
      const config = { ...(l.options ? { options: l.options } : {}), ...(l.size ? { size: l.size } : {}) };
      cart.add({ id: l.productId, name: l.name }, l.quantity, config, l.unitPrice);
    }
    const missing = items.filter((x) => x.state !== 'available').map((x) => x.name);
    cartNotice = missing.length ? t('orders.againMissing', { names: missing.join(', ') }) : '';
    location.hash = '#/cart';
  };
  const cancel = $('#order-cancel');
  cancel.hidden = !['pending', 'awaiting_customer'].includes(o.status);
  cancel.onclick = async () => { if (!confirm(t('orders.cancelSure'))) return; cancel.disabled = true; try { await api.post(`/orders/${o.id}/cancel`); await refreshMe(); await loadOrder(o.id); } finally { cancel.disabled = false; } };
}

// --- files of an order -------------------------------------------------------------
let shownOrder = null;

function fileRow(f) {
  const status = el('span', { className: 'file-status', textContent: t(`files.${f.status}`) });
  status.dataset.status = f.status;
  const cells = [
    el('td', { textContent: f.name }),
    el('td', { textContent: t(`files.${f.kind}`) }),
    el('td', { textContent: `${(f.size / 1048576).toFixed(1)} MB` }),
    el('td', {}, status, f.reason ? el('div', { className: 'field-error', textContent: f.reason }) : ''),
  ];
  const tr = el('tr', {}, ...cells);
  tr.dataset.fileId = f.id;
  return tr;
}

async function loadFiles(orderId) {
  const page = await api.get(`/orders/${orderId}/files`);
  $('#order-files').replaceChildren(...page.items.map(fileRow));
}

async function sendFiles(files, kind) {
  const orderId = shownOrder;
  for (const file of files) {
    const bar = el('progress', { max: 100, value: 0 });
    const status = el('span', { className: 'file-status', textContent: t('files.awaiting_upload') });
    const tr = el('tr', { className: 'uploading' }, el('td', { textContent: file.name }), el('td', { textContent: t(`files.${kind}`) }), el('td', {}, bar), el('td', {}, status));
    $('#order-files').append(tr);
    let events = 0;
    try {
      const done = await attach(api, orderId, file, kind, (p, fromEvent) => { bar.value = p; if (fromEvent) events += 1; });
      const row = fileRow(done);
      // What the progress bar showed, for people and for the browser test.
      row.dataset.uploadProgress = String(bar.value);
      row.dataset.progressEvents = String(events);
      // The list may have been drawn again while the bytes went (opening the order
      // loads it): replace whichever row stands for this file, or add it.
      const listed = $('#order-files').querySelector(`tr[data-file-id="${done.id}"]`);
      if (tr.isConnected) { listed?.remove(); tr.replaceWith(row); } else if (listed) listed.replaceWith(row); else $('#order-files').append(row);
    } catch (err) {
      status.textContent = err.message;
      status.className = 'field-error';
      if (!tr.isConnected) $('#order-files').append(tr);
    }
  }
  await refreshMe();
  badges();
}

$('#account-optin').addEventListener('change', async (e) => {
  try { me = await api.request('PUT', '/me', { marketingOptIn: e.target.checked }); } catch { e.target.checked = !e.target.checked; }
});

$('#message-form').addEventListener('submit', (e) => {
  e.preventDefault();
  submit(e.target, async (data) => {
    await api.post('/messages', { kind: data.kind, subject: data.subject, body: data.body });
    e.target.reset();
    $('#write-box').open = false;
    await refreshMe();
    badges();
    await loadInbox();
  });
});

$('#design-input').addEventListener('change', (e) => { sendFiles([...e.target.files], 'design'); e.target.value = ''; });
$('#proof-input').addEventListener('change', (e) => { sendFiles([...e.target.files], 'payment_proof'); e.target.value = ''; });

// --- inbox: inbox.js, loaded with the page ---------------------------------------
async function loadInbox() {
  await (await import('./inbox.js')).loadInbox(api, async () => { await refreshMe(); badges(); });
}

// --- promos: a section on the home page and a page of their own ------------------------
/// "Title — 15% off", "Title — Rp 5.000 off each", with "from 10 units" when it has a minimum.
function promoHeadline(p) {
  const off = p.discountPercent ? `${p.discountPercent}% ${t('promos.off')}` : p.discountAmount ? `${money(p.discountAmount)} ${t('promos.offEach')}` : '';
  const min = off && p.minQuantity > 1 ? ` (${t('promos.from')} ${p.minQuantity} ${t('promos.units')})` : '';
  return off ? `${p.title} — ${off}${min}` : p.title;
}

function promoCard(p) {
  const card = el('article', { className: 'promo' });
  if (p.imageUrl) card.append(el('img', { src: p.imageUrl, alt: '', loading: 'lazy' }));
  card.append(
    el('strong', { textContent: promoHeadline(p) }),
    el('p', { textContent: p.body }),
    el('span', { className: 'muted', textContent: `${t('promos.until')} ${day(p.endsAt)}` }));
  card.dataset.promoId = p.id;
  return card;
}

async function loadPromos() {
  try {
    const page = await api.get('/promos');
    $('#promos').hidden = page.items.length === 0;
    $('#promo-list').replaceChildren(...page.items.slice(0, 3).map(promoCard));
    $('#all-promos').hidden = page.items.length <= 3;
  } catch { $('#promos').hidden = true; }
}

// What customers say: loaded only when the shop has approved some.
async function loadTestimonials() {
  const { items } = await api.get('/testimonials').catch(() => ({ items: [] }));
  if (items.length) (await import('./testimonials.js')).showTestimonials(items);
}

async function loadPromoPage() {
  const page = await api.get('/promos');
  $('#promos-empty').hidden = page.items.length > 0;
  $('#promo-page').replaceChildren(...page.items.map(promoCard));
}

// --- routing ----------------------------------------------------------------------
async function route() {
  const [path, query = ''] = (location.hash.replace(/^#/, '') || '/').split('?');
  const [, first, second, third] = path.split('/');
  if (path === '/logout') { api.setToken(null); me = null; location.hash = '#/'; return; }
  $('#page-error').hidden = true;
  document.body.setAttribute('aria-busy', 'true');
  try { await render(path, query, first, second, third); } catch (err) {
    // The API down or unreachable: say so, and offer to try again (never a blank page).
    $('#page-error span').textContent = t(err.status === 0 ? 'error.network' : 'error.unavailable');
    $('#page-error').hidden = false;
  } finally { document.body.removeAttribute('aria-busy'); }
}

async function render(path, query, first, second, third) {
  await refreshMe();
  if (path === '/contact') { show('home'); $('#contact').scrollIntoView(); return; }
  if (path === '/deleted') { show('deleted'); return; }
  const needsAccount = ['account', 'orders', 'inbox', 'quotes'].includes(first);
  if (needsAccount && !me) { location.hash = '#/login'; return; }
  try {
    if (first === 'account') { show('account'); await loadAccount(); return; }
    if (first === 'products' && second) { show('product'); await shopReady; await loadProduct(second); return; }
    if (first === 'products') { show('products'); $('#catalogue-link').href = `/api/catalogue?lang=${lang()}`; await shopReady; renderCategories(); await loadProducts(true); return; }
    if (first === 'cart') {
      show('cart'); renderCart();
      if (me?.user.status === 'approved') await (await import('./addresses.js')).offerAtCheckout(api, $('#checkout-form'));
      return;
    }
    if (first === 'orders' && second && third === 'invoice') { show('invoice'); await (await import('./invoice.js')).loadInvoice(api, second); return; }
    if (first === 'orders' && second) { show('order'); await loadOrder(second); return; }
    if (first === 'orders') { show('orders'); await loadOrders(); return; }
    if (first === 'inbox') { show('inbox'); await loadInbox(); return; }
    if (first === 'quotes') { show('quotes'); await (await import('./quotes.js')).renderQuotes(api, second, query); return; }
    if (first === 'promos') { show('promos'); await loadPromoPage(); return; }
  } catch (err) {
    if (err.status === 401) { location.hash = '#/login'; return; }
    if (err.status === 404) { location.hash = '#/'; return; }
    throw err;
  }
  if (first === 'verify') {
    // The link from the registration mail confirms the address.
    show('verify');
    $('#verify-title').dataset.i18n = 'verify.title';
    $('#verify-title').textContent = t('verify.title');
    $('#verify-done').hidden = true;
    $('#verify-invalid').hidden = true;
    const token = new URLSearchParams(query).get('token') || '';
    try {
      // Once per link: a language switch redraws the page without asking again.
      if (token !== verifiedToken) verifiedChange = (await api.post('/auth/verify', { token })).changed;
      verifiedToken = token;
      // A change of address: the account now signs in with the new one.
      $('#verify-done').dataset.i18n = verifiedChange ? 'verify.changed' : 'verify.done';
      $('#verify-done').textContent = t($('#verify-done').dataset.i18n);
      $('#verify-done').hidden = false;
      $('#verify-title').dataset.i18n = 'verify.doneTitle';
      $('#verify-title').textContent = t('verify.doneTitle');
    } catch { $('#verify-invalid').hidden = false; }
    return;
  }
  if (first === 'reset') {
    // The link from the mail: the token stays in this page only.
    const params = new URLSearchParams(query);
    resetToken = params.get('token') || '';
    // A staff invitation: the same link, a welcome of its own.
    $('#reset-title').dataset.i18n = params.get('invite') ? 'reset.welcome' : 'reset.title';
    $('#reset-title').textContent = t($('#reset-title').dataset.i18n);
    $('#reset-form').hidden = false;
    $('#reset-done').hidden = true;
    $('#reset-staff').hidden = true;
    $('#reset-invalid').hidden = Boolean(resetToken);
    if (!resetToken) $('#reset-form').hidden = true;
    show('reset');
    return;
  }
  if (first === 'forgot') { $('#forgot-form').hidden = false; $('#forgot-sent').hidden = true; }
  const view = ['register', 'login', 'forgot'].includes(first) ? first : 'home';
  show(view);
  if (view === 'home') { loadPromos(); loadTestimonials(); }
}

function values(form) {
  const data = Object.fromEntries(new FormData(form));
  form.querySelectorAll('input[type=checkbox]').forEach((c) => { data[c.name] = c.checked; });
  return data;
}

async function submit(form, action) {
  const button = form.querySelector('button[type=submit]');
  form.querySelector('.form-error').hidden = true;
  form.querySelectorAll('.field-error').forEach((e) => e.remove());
  button.disabled = true;
  try { await action(values(form)); } catch (err) { showError(form, err); } finally { button.disabled = false; }
}

$('#register-form').addEventListener('submit', (e) => {
  e.preventDefault();
  submit(e.target, async (data) => {
    if (!data.phone) delete data.phone;
    data.locale = document.documentElement.lang;
    await api.post('/auth/register', data);
    e.target.hidden = true;
    $('#register-done').hidden = false;
  });
});

$('#login-form').addEventListener('submit', (e) => {
  e.preventDefault();
  submit(e.target, async (data) => {
    const res = await api.post('/auth/login', data);
    api.setToken(res.token);
    e.target.reset();
    location.hash = '#/account';
  });
});

let verifiedChange = false;
let verifiedToken = '';
$('#verify-resend').addEventListener('click', async (e) => {
  e.target.disabled = true;
  try { await api.post('/auth/verify/resend'); $('#verify-resent').hidden = false; } catch { /* the limit: the button stays off */ }
});

// --- forgotten and changed passwords ------------------------------------------------
let resetToken = '';
$('#forgot-form').addEventListener('submit', (e) => {
  e.preventDefault();
  submit(e.target, async (data) => {
    await api.post('/auth/forgot', { email: data.email, locale: lang() });
    e.target.hidden = true;
    $('#forgot-sent').hidden = false;
  });
});

$('#reset-form').addEventListener('submit', (e) => {
  e.preventDefault();
  submit(e.target, async (data) => {
    let res;
    try {
      res = await api.post('/auth/reset', { token: resetToken, password: data.password });
    } catch (err) {
      if (err.code !== 'invalid_reset_link') throw err;
      e.target.hidden = true;
      $('#reset-invalid').hidden = false;
      return;
    }
    api.setToken(null);
    me = null;
    e.target.reset();
    e.target.hidden = true;
    $(res.staff ? '#reset-staff' : '#reset-done').hidden = false;
  });
});

$('#profile-form').addEventListener('submit', (e) => {
  e.preventDefault();
  $('#profile-done').hidden = true;
  submit(e.target, async (data) => {
    // Blank phone fields remove the numbers.
    await api.request('PUT', '/me', { name: data.name, phone: data.phone || null, whatsapp: data.whatsapp || null, locale: data.locale });
    await refreshMe();
    $('#account-name').textContent = me.user.name;
    $('#profile-done').hidden = false;
  });
});

$('#password-form').addEventListener('submit', (e) => {
  e.preventDefault();
  $('#password-done').hidden = true;
  submit(e.target, async (data) => {
    try {
      const res = await api.post('/auth/password', data);
      api.setToken(res.token);
    } catch (err) {
      if (err.code === 'wrong_password') err.message = t('password.wrong');
      throw err;
    }
    e.target.reset();
    $('#password-done').hidden = false;
  });
});

// Shipping is priced by the city: a new one (typed, or from the address book) asks again.
$('#checkout-form').addEventListener('change', (e) => { if (['city', 'savedAddress'].includes(e.target.name)) renderCart(); });
$('#checkout-form').addEventListener('submit', (e) => {
  e.preventDefault();
  submit(e.target, async () => {
    try { await checkout(e.target); } catch (err) {
      if (err.code === 'order_limit_reached') { await refreshMe(); renderCart(); }
      // A voucher that stopped applying (used up meanwhile…): say why in the reader's language.
      if (err.code?.startsWith('voucher_')) { err.message = t(`voucher.${err.code}`); renderCart(); }
      if (err.code?.startsWith('points_')) { err.message = t(`points.${err.code}`); renderCart(); }
      throw err;
    }
  });
});

$('#product-add').addEventListener('click', () => {
  if (!shownProduct) return;
  const quantity = Math.max(1, Math.min(999, Number($('#product-qty').value) || 1));
  if (configurator) {
    // Only a choice the server priced goes in the cart.
    if (configurator.quotedPrice() === null) return;
    cart.add(shownProduct, quantity, configurator.configuration(), configurator.quotedPrice());
  } else cart.add(shownProduct, quantity);
  $('#product-added').hidden = false;
});
$('#product-qty').addEventListener('change', () => configurator?.price((body) => api.post('/orders/quote', body)));
$('#products-more').addEventListener('click', () => loadProducts(false));
$('#product-sort').addEventListener('change', () => loadProducts(true));
document.querySelectorAll('[data-lang]').forEach((b) => b.addEventListener('click', async () => { await setLang(b.dataset.lang); renderShop(); route(); }));
window.addEventListener('hashchange', route);
// Phones: the menu opens and closes the navigation; any move closes it.
const menu = (open) => { $('#site-nav').classList.toggle('open', open); $('#menu-toggle').setAttribute('aria-expanded', String(open)); };
$('#menu-toggle').addEventListener('click', () => menu(!$('#site-nav').classList.contains('open')));
window.addEventListener('hashchange', () => menu(false));
$('#page-error button').addEventListener('click', route);
// The page's language first (one module of strings), then everything else.
await load(lang());
apply();
// The shop's texts and categories: the product pages wait for them (one cached request).
const shopReady = loadShop(api);
route();
// The other language's strings once the page is drawn, so a switch is immediate.
setTimeout(() => load(lang() === 'en' ? 'id' : 'en'), 2000);
// The badges keep up while the page is open (an order accepted, a reply from the shop).
setInterval(async () => {
  if (document.hidden || !api.token()) return;
  await refreshMe();
  badges();
}, 30_000);
