// The console's order queue: accept or reject pending orders, move accepted
// orders along production with a tracking number when they ship (as the permission map allows).
import { lineDetails } from '/assets/shop.js';
import { makeApi } from '/assets/api.js';
import { money, showError, t, when } from '/assets/i18n.js';
import { $, el } from '/assets/dom.js';
import { may } from '/console/may.js';
import { proofBadge } from '/console/proofs.js';
import { repriceForm } from '/console/reprice.js';

const api = makeApi('toko.console.token');
const NEXT = { accepted: 'paid', paid: 'in_production', in_production: 'shipped', shipped: 'completed' };
const TABS = ['pending', 'awaiting_customer', 'accepted', 'paid', 'in_production', 'shipped', 'completed'];
let status = 'pending';
let cursor = null;

function fail(err) {
  // Known refusals in the page's language; anything else as the server phrased it.
  const known = t(`code.${err.code}`);
  $('#orders-error').textContent = known === `code.${err.code}` ? err.message : known;
  $('#orders-error').hidden = false;
}

async function act(path, body, row) {
  row.querySelectorAll('button').forEach((b) => { b.disabled = true; });
  try {
    await api.post(path, body);
    row.remove();
    $('#orders-empty').hidden = $('#orders').children.length > 0;
  } catch (err) {
    fail(err);
    row.querySelectorAll('button').forEach((b) => { b.disabled = false; });
  }
}

async function showFiles(o, box) {
  box.replaceChildren();
  const page = await api.get(`/orders/${o.id}/files`);
  for (const f of page.items) {
    const line = el('div', { className: 'row-actions' }, el('span', { textContent: `${f.name} (${t(`files.${f.kind}`)}, ${t(`files.${f.status}`)})` }));
    if (f.status === 'uploaded') {
      const get = el('button', { className: 'btn light', textContent: t('files.download') });
      get.dataset.fileId = f.id;
      get.addEventListener('click', async () => {
        const link = await api.get(`/orders/${o.id}/files/${f.id}`);
        window.location.assign(link.url);
      });
      line.append(get);
    }
    box.append(line);
  }
  if (!page.items.length) box.append(el('span', { className: 'muted', textContent: t('console.empty') }));
}

function row(o) {
  const badges = el('div');
  if (o.fileCount) badges.append(el('span', { className: 'badge', textContent: `${o.fileCount} ${t('files.count')}` }), ' ');
  if (o.proofToCheck) badges.append(el('span', { className: 'badge proof', textContent: t('files.proof') }));
  if (o.proof) badges.append(' ', proofBadge(o));
  if (o.paymentOverdue) badges.append(' ', el('span', { className: 'mail-blocked overdue', textContent: t('payment.overdue') }));
  if (o.payment && o.status === 'accepted') badges.append(' ', el('span', { className: 'muted', textContent: `${t('payment.expect')} ${money(o.payment.amount)}` }));
  const files = el('div', { className: 'files' });
  const filesButton = el('button', { className: 'btn light', textContent: t('files.title') });
  // The whole order, to fulfil it from (console/order-detail.js).
  const details = el('button', { className: 'btn light', textContent: t('detail.open') });
  details.dataset.action = 'details';
  details.addEventListener('click', () => document.dispatchEvent(new CustomEvent('toko:order-detail', { detail: o })));
  filesButton.addEventListener('click', () => showFiles(o, files).catch(fail));
  const tr = el('tr', {}, el('td', {}, el('strong', { textContent: o.invoiceCode }), el('br'), el('span', { className: 'muted', textContent: when(o.createdAt) }), badges, details, ' ', filesButton, files),
    el('td', { textContent: `${o.customerName} — ${o.shippingAddress.city}` }),
    el('td', { textContent: o.items.map((l) => `${l.quantity} × ${l.name}${lineDetails(l) ? ` (${lineDetails(l)})` : ''}`).join(', ') }),
    el('td', { textContent: money(o.total) }));
  tr.dataset.orderId = o.id;
  const actions = el('div', { className: 'row-actions' });
  const note = el('input', { placeholder: t('console.note'), ariaLabel: t('console.note') });
  if (o.status === 'pending' && may('orders.decide')) {
    const accept = el('button', { className: 'btn', textContent: t('console.accept') });
    const reject = el('button', { className: 'btn danger', textContent: t('console.reject') });
    accept.dataset.action = 'accept';
    reject.dataset.action = 'reject';
    for (const b of [accept, reject]) {
      b.addEventListener('click', () => act(`/admin/orders/${o.id}/confirm`, { decision: b.dataset.action, note: note.value }, tr));
    }
    actions.append(note, accept, reject);
    if (may('orders.reprice') && !o.voucher && !o.points) {
      const change = el('button', { className: 'btn light', textContent: t('rp.open') });
      change.dataset.action = 'reprice';
      change.addEventListener('click', () => {
        if (!tr.querySelector('.reprice-form')) actions.after(repriceForm(o, () => { tr.remove(); $('#orders-empty').hidden = $('#orders').children.length > 0; }));
      });
      actions.append(change);
    }
  } else if (o.status === 'awaiting_customer' && may('orders.decide')) {
    // A changed price the customer has not agreed to: the shop may withdraw it.
    const reject = el('button', { className: 'btn danger', textContent: t('console.reject') });
    reject.dataset.action = 'reject';
    reject.addEventListener('click', () => act(`/admin/orders/${o.id}/confirm`, { decision: 'reject', note: note.value }, tr));
    actions.append(note, reject);
  } else if (NEXT[o.status] && may('orders.move')) {
    const next = NEXT[o.status];
    const tracking = el('input', { placeholder: t('console.tracking') });
    const move = el('button', { className: 'btn', textContent: `${t('console.next')}: ${t(`st.${next}`)}` });
    move.dataset.action = next;
    move.addEventListener('click', () => {
      const body = { status: next, note: note.value };
      if (next === 'shipped') body.trackingNumber = tracking.value;
      act(`/admin/orders/${o.id}/status`, body, tr);
    });
    if (next === 'shipped') actions.append(tracking);
    actions.append(note, move);
  }
  tr.append(el('td', {}, actions));
  return tr;
}

let asked = 0;
async function load(reset) {
  const mine = ++asked;
  if (reset) { cursor = null; $('#orders').replaceChildren(); }
  $('#orders-error').hidden = true;
  try {
    // A code typed in the finder: orders by invoice code, whatever their status.
    const find = $('#orders-find').value.trim();
    const q = new URLSearchParams(find ? { q: find, limit: '20' } : { status, limit: '20' });
    if (cursor) q.set('cursor', cursor);
    const page = await api.get(`/admin/orders?${q}`);
    if (mine !== asked) return; // an answer to an earlier question (the finder was typed on)
    page.items.forEach((o) => $('#orders').append(row(o)));
    cursor = page.nextCursor;
    $('#orders-more').hidden = !cursor;
    $('#orders-empty').hidden = $('#orders').children.length > 0;
  } catch (err) { fail(err); }
}

let findTimer;
$('#orders-find').addEventListener('input', () => {
  clearTimeout(findTimer);
  findTimer = setTimeout(() => load(true), 300);
});

function tabs() {
  $('#order-tabs').replaceChildren(...TABS.map((s) => {
    const b = el('button', { textContent: t(`st.${s}`) });
    b.setAttribute('role', 'tab');
    b.setAttribute('aria-selected', String(s === status));
    b.addEventListener('click', () => { status = s; tabs(); load(true); });
    return b;
  }));
}

// Admins set the bank accounts and payment window that accepting an order copies.
const payForm = $('#payment-form');
async function loadPaymentSettings() {
  $('#payment-settings').hidden = !may('settings');
  if (!may('settings')) return;
  const s = await api.get('/admin/settings/payment');
  if (payForm.dataset.dirty) return; // what someone has started typing meanwhile stays
  payForm.accounts.value = s.accounts.map((a) => `${a.bank} | ${a.number} | ${a.holder}`).join('\n');
  payForm.windowHours.value = s.windowHours;
}
payForm.addEventListener('input', () => { payForm.dataset.dirty = '1'; });
payForm.addEventListener('submit', async (e) => {
  e.preventDefault();
  payForm.querySelector('.form-error').hidden = true;
  $('#payment-saved').hidden = true;
  const accounts = payForm.accounts.value.split('\n').map((l) => l.trim()).filter(Boolean).map((l) => {
    const [bank = '', number = '', holder = ''] = l.split('|').map((p) => p.trim());
    return { bank, number, holder };
  });
  try {
    await api.request('PUT', '/admin/settings/payment', { accounts, windowHours: Number(payForm.windowHours.value) });
    delete payForm.dataset.dirty;
    $('#payment-saved').hidden = false;
  } catch (err) {
    // Field names like accounts[1].number point at the one textarea.
    err.errors = (err.errors || []).map((fe) => ({ ...fe, field: fe.field.startsWith('accounts') ? 'accounts' : fe.field, message: `${fe.field}: ${fe.message}` }));
    showError(payForm, err);
  }
});

document.addEventListener('toko:orders', () => { tabs(); load(true); loadPaymentSettings().catch(() => {}); });
$('#orders-more').addEventListener('click', () => load(false));
