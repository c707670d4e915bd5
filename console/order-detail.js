// One order in full, to fulfil it from: the address with call and WhatsApp links, the
// customer's note, the lines and money, payment, files and the history (who did what),
// and a packing slip to print. Opened from the queue ("Details").
import { lineDetails } from '/assets/shop.js';
import { makeApi } from '/assets/api.js';
import { apply, extend, money, t, when } from '/assets/i18n.js';
import { $, el } from '/assets/dom.js';
import { proofHistory, proofSection } from '/console/proofs.js';

extend({
  en: {
    'detail.open': 'Details', 'detail.shipTo': 'Ship to', 'detail.call': 'Call', 'detail.whatsapp': 'WhatsApp',
    'detail.note': 'Note from the customer', 'detail.noNote': 'No note.', 'detail.lines': 'What was ordered',
    'detail.qty': 'Qty', 'detail.item': 'Item', 'detail.price': 'Price', 'detail.amount': 'Amount',
    'detail.history': 'History', 'detail.print': 'Print packing slip', 'detail.close': 'Close',
    'detail.pay': 'To transfer', 'detail.due': 'by', 'detail.tracking': 'Tracking number', 'detail.files': 'Files',
    'detail.noFiles': 'No files.', 'detail.by': 'by', 'detail.customer': 'Customer',
  },
  id: {
    'detail.open': 'Rincian', 'detail.shipTo': 'Kirim ke', 'detail.call': 'Telepon', 'detail.whatsapp': 'WhatsApp',
    'detail.note': 'Catatan dari pelanggan', 'detail.noNote': 'Tidak ada catatan.', 'detail.lines': 'Yang dipesan',
    'detail.qty': 'Jml', 'detail.item': 'Barang', 'detail.price': 'Harga', 'detail.amount': 'Jumlah',
    'detail.history': 'Riwayat', 'detail.print': 'Cetak slip pengiriman', 'detail.close': 'Tutup',
    'detail.pay': 'Transfer', 'detail.due': 'paling lambat', 'detail.tracking': 'Nomor resi', 'detail.files': 'File',
    'detail.noFiles': 'Tidak ada file.', 'detail.by': 'oleh', 'detail.customer': 'Pelanggan',
  },
});

const api = makeApi('toko.console.token');
const i18n = (node, key) => { node.dataset.i18n = key; node.textContent = t(key); return node; };

/// An Indonesian number as WhatsApp wants it: digits, 62 instead of a leading 0.
function waNumber(phone) {
  const digits = phone.replace(/\D/g, '');
  return digits.startsWith('0') ? `62${digits.slice(1)}` : digits;
}

function address(a) {
  const phone = el('p', {}, el('span', { textContent: a.phone }), ' · ',
    i18n(el('a', { href: `tel:${a.phone.replace(/[^\d+]/g, '')}` }), 'detail.call'), ' · ',
    i18n(el('a', { href: `https://wa.me/${waNumber(a.phone)}`, target: '_blank', rel: 'noopener' }), 'detail.whatsapp'));
  phone.className = 'no-print-links';
  return el('div', { className: 'ship-to' }, i18n(el('h3'), 'detail.shipTo'),
    el('p', {}, el('strong', { textContent: a.recipient })), phone,
    ...[a.street, a.district, [a.city, a.province].filter(Boolean).join(', '), a.postalCode].filter(Boolean).map((l) => el('p', { textContent: l })));
}

function lines(o) {
  const head = el('tr', {}, ...['detail.qty', 'detail.item', 'detail.price', 'detail.amount'].map((k) => i18n(el('th'), k)));
  const rows = o.items.map((l) => el('tr', {},
    el('td', { textContent: String(l.quantity) }),
    el('td', {}, el('span', { textContent: l.name + (l.discount ? ` (−${money(l.discount)})` : '') }), el('div', { className: 'muted', textContent: lineDetails(l) })),
    el('td', { textContent: money(l.unitPrice) }),
    el('td', { textContent: money(l.unitPrice * l.quantity - (l.discount || 0)) })));
  return el('table', { className: 'ledger keep-cols detail-lines' }, el('thead', {}, head), el('tbody', {}, ...rows));
}

/// The order shown, drawn again in the other language when the language changes.
let current = null;

async function open(o) {
  current = o;
  const box = $('#order-detail');
  const [order, files] = await Promise.all([api.get(`/orders/${o.id}`), api.get(`/orders/${o.id}/files`).catch(() => ({ items: [] }))]);
  const close = i18n(el('button', { type: 'button', className: 'btn light no-print' }), 'detail.close');
  close.addEventListener('click', () => { box.hidden = true; box.replaceChildren(); current = null; });
  const print = i18n(el('button', { type: 'button', className: 'btn no-print', id: 'print-slip' }), 'detail.print');
  print.addEventListener('click', () => {
    document.body.classList.add('printing-slip');
    window.print();
    document.body.classList.remove('printing-slip');
  });
  const note = order.note
    ? el('p', { className: 'notice pending customer-note', textContent: order.note })
    : i18n(el('p', { className: 'muted' }), 'detail.noNote');
  const pay = order.payment
    ? el('p', {}, i18n(el('span'), 'detail.pay'), ` ${money(order.payment.amount)} `, i18n(el('span'), 'detail.due'), ` ${when(order.payment.dueAt)}`)
    : '';
  const sums = el('p', {}, `${t('cart.subtotal')}: ${money(order.subtotal)}`,
    order.discount ? ` · ${t('orders.discount')}: −${money(order.discount)}` : '',
    ` · ${t('orders.shipping')}: ${money(order.shippingCost)} · `, el('strong', { textContent: `${t('orders.total')}: ${money(order.total)}` }));
  const tracking = order.trackingNumber ? el('p', {}, i18n(el('span'), 'detail.tracking'), `: ${order.trackingNumber}`) : '';
  const fileList = files.items.length
    ? el('ul', {}, ...files.items.map((f) => el('li', { textContent: `${f.name} — ${t(`files.${f.kind}`)}, ${t(`files.${f.status}`)}` })))
    : i18n(el('p', { className: 'muted' }), 'detail.noFiles');
  const history = el('ol', { className: 'history' }, ...order.history.map((h) => el('li', {
    textContent: `${h.proof ? proofHistory(h) : t(`st.${h.status}`)} — ${when(h.at)}${h.by ? ` — ${t('detail.by')} ${h.by}` : ''}${h.note ? ` — ${h.note}` : ''}`,
  })));
  box.replaceChildren(
    el('div', { className: 'row-actions no-print' }, print, close),
    el('h2', { textContent: `${order.invoiceCode} · ${t(`st.${order.status}`)}` }),
    el('p', { className: 'muted', textContent: `${when(order.createdAt)} · ${t('detail.customer')}: ${order.customerName}` }),
    el('div', { className: 'detail-grid' }, address(order.shippingAddress), el('div', {}, i18n(el('h3'), 'detail.note'), note)),
    i18n(el('h3'), 'detail.lines'), lines(order), sums, pay, tracking,
    proofSection(api, order, () => open(o)),
    el('div', { className: 'no-print' }, i18n(el('h3'), 'detail.files'), fileList, i18n(el('h3'), 'detail.history'), history));
  box.hidden = false;
  apply(box);
  box.scrollIntoView({ block: 'start' });
  close.focus();
}

document.addEventListener('toko:order-detail', (e) => { open(e.detail).catch((err) => { $('#orders-error').textContent = err.message; $('#orders-error').hidden = false; }); });
document.querySelectorAll('[data-lang]').forEach((b) => b.addEventListener('click', () => setTimeout(() => {
  if (current && !$('#order-detail').hidden) open(current).catch(() => {});
})));
