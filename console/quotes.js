// Quote requests in the console (staff with `quotes`): the requests waiting, longest
// first, and the offers by state; "Price it" answers a request (or prices it again) with
// lines, a last day and a note, and the customer is told by inbox and mail.
import { makeApi } from '/assets/api.js';
import { apply, day, extend, money, showError, t, when } from '/assets/i18n.js';
import { $, el } from '/assets/dom.js';

extend({
  en: {
    'cq.tab': 'Quotes', 'cq.requested': 'To price', 'cq.quoted': 'Priced', 'cq.accepted': 'Accepted', 'cq.declined': 'Declined', 'cq.expired': 'Expired',
    'cq.price': 'Price it', 'cq.priceAgain': 'Price again', 'cq.line': 'Item', 'cq.qty': 'Qty', 'cq.unit': 'Unit price (Rp)', 'cq.addLine': 'Add a line',
    'cq.validUntil': 'Valid until', 'cq.note': 'Note for the customer', 'cq.send': 'Send the offer', 'cq.quantities': 'Quantities', 'cq.deadline': 'Needed by',
    'cq.total': 'Total {total}, valid until {day}', 'cq.reason': 'Declined because: {reason}', 'cq.order': 'Became an order', 'cq.about': 'About: {name}',
  },
  id: {
    'cq.tab': 'Penawaran', 'cq.requested': 'Perlu diberi harga', 'cq.quoted': 'Sudah diberi harga', 'cq.accepted': 'Diterima', 'cq.declined': 'Ditolak', 'cq.expired': 'Kedaluwarsa',
    'cq.price': 'Beri harga', 'cq.priceAgain': 'Beri harga lagi', 'cq.line': 'Barang', 'cq.qty': 'Jml', 'cq.unit': 'Harga satuan (Rp)', 'cq.addLine': 'Tambah baris',
    'cq.validUntil': 'Berlaku sampai', 'cq.note': 'Catatan untuk pelanggan', 'cq.send': 'Kirim penawaran', 'cq.quantities': 'Jumlah', 'cq.deadline': 'Dibutuhkan paling lambat',
    'cq.total': 'Total {total}, berlaku sampai {day}', 'cq.reason': 'Ditolak karena: {reason}', 'cq.order': 'Sudah menjadi pesanan', 'cq.about': 'Tentang: {name}',
  },
});

const api = makeApi('toko.console.token');
const STATES = ['requested', 'quoted', 'accepted', 'declined', 'expired'];
let state = 'requested';

const field = (key, input) => el('label', {}, el('span', { textContent: t(key) }), input);

function lineInputs(i) {
  const row = el('div', { className: 'inline-form offer-line' },
    field('cq.line', el('input', { name: `description-${i}`, required: true, maxLength: 120 })),
    field('cq.qty', el('input', { name: `quantity-${i}`, type: 'number', min: 1, max: 999, value: 1, required: true })),
    field('cq.unit', el('input', { name: `unitPrice-${i}`, type: 'number', min: 1, required: true })));
  return row;
}

/// The offer form of quote `q`; `done` redraws the list.
function offerForm(q, done) {
  let count = 1;
  const lines = el('div', {}, lineInputs(0));
  const add = el('button', { type: 'button', className: 'btn light', textContent: t('cq.addLine') });
  add.addEventListener('click', () => { if (count < 20) lines.append(lineInputs(count++)); });
  const week = new Date(Date.now() + 7 * 864e5).toISOString().slice(0, 10);
  const form = el('form', { className: 'offer-form' }, el('p', { className: 'form-error', role: 'alert', hidden: true }), lines, add,
    field('cq.validUntil', el('input', { name: 'validUntil', type: 'date', value: week, required: true })),
    field('cq.note', el('textarea', { name: 'note', rows: 2, maxLength: 1000 })),
    el('button', { className: 'btn', type: 'submit', textContent: t('cq.send') }));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const data = Object.fromEntries(new FormData(form));
    const body = {
      lines: [...Array(count).keys()].map((i) => ({ description: data[`description-${i}`], quantity: Number(data[`quantity-${i}`]), unitPrice: Number(data[`unitPrice-${i}`]) })),
      validUntil: data.validUntil,
      note: data.note,
    };
    try { await api.post(`/admin/quotes/${q.id}/offer`, body); await done(); } catch (err) { showError(form, err); }
  });
  return form;
}

function card(q) {
  const r = q.request;
  const parts = [
    el('h3', { textContent: `${q.customerName} · ${when(q.createdAt)}` }),
    r.product ? el('p', { className: 'muted', textContent: t('cq.about', { name: r.product.name }) }) : '',
    el('p', { className: 'pre', textContent: r.description }),
    r.quantities ? el('p', { textContent: `${t('cq.quantities')}: ${r.quantities}` }) : '',
    r.deadline ? el('p', { textContent: `${t('cq.deadline')}: ${day(r.deadline)}` }) : '',
  ];
  if (q.offer) {
    parts.push(el('ul', {}, ...q.offer.lines.map((l) => el('li', { textContent: `${l.quantity} × ${l.description} @ ${money(l.unitPrice)}` }))),
      el('p', {}, el('strong', { textContent: t('cq.total', { total: money(q.offer.total), day: day(q.offer.validUntil) }) })));
  }
  if (q.declineReason) parts.push(el('p', { className: 'notice rejected', textContent: t('cq.reason', { reason: q.declineReason }) }));
  if (q.orderId) parts.push(el('p', { className: 'notice approved', textContent: t('cq.order') }));
  if (['requested', 'quoted', 'expired'].includes(q.state)) {
    const open = el('button', { type: 'button', className: 'btn', textContent: t(q.state === 'requested' ? 'cq.price' : 'cq.priceAgain') });
    open.dataset.action = 'price';
    open.addEventListener('click', () => { open.replaceWith(offerForm(q, () => load())); });
    parts.push(open);
  }
  const box = el('article', { className: 'card quote' }, ...parts);
  box.dataset.quoteId = q.id;
  return box;
}

function tabs() {
  $('#quote-tabs').replaceChildren(...STATES.map((s) => {
    const b = el('button', { textContent: t(`cq.${s}`) });
    b.setAttribute('role', 'tab');
    b.setAttribute('aria-selected', String(s === state));
    b.dataset.state = s;
    b.addEventListener('click', () => { state = s; tabs(); load(); });
    return b;
  }));
}

async function load() {
  $('#quotes-error').hidden = true;
  try {
    const page = await api.get(`/admin/quotes?state=${state}&limit=50`);
    $('#quote-rows').replaceChildren(...page.items.map(card));
    $('#quotes-empty').hidden = page.items.length > 0;
  } catch (err) {
    $('#quotes-error').textContent = err.message;
    $('#quotes-error').hidden = false;
  }
  apply($('#quotes-view'));
}

document.addEventListener('toko:quotes', () => { tabs(); load(); });
document.querySelectorAll('[data-lang]').forEach((b) => b.addEventListener('click', () => setTimeout(() => {
  if (!$('#quotes-view').hidden) { tabs(); load(); }
})));
