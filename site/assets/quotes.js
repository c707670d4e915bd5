// Quotes (loaded with their page): ask the shop to price custom work, see its offers,
// accept one (it becomes an order; shipping by the address's city) or decline it.
import { apply, day, extend, money, showError, t, when } from './i18n.js';
import { $, el } from './dom.js';

extend({
  en: {
    'q.new': 'Ask for a quote', 'q.about': 'About: {name}', 'q.description': 'What do you need? (size, material, colours, finishing…)',
    'q.quantities': 'Quantities (e.g. 300, or 500 A5 + 200 A4)', 'q.deadline': 'Needed by (optional)', 'q.send': 'Send the request',
    'q.sent': 'Sent: the shop will price it and tell you by mail.', 'q.mine': 'Your quotes', 'q.none': 'No quotes yet.',
    'q.requested': 'Waiting for the shop', 'q.quoted': 'Priced: waiting for you', 'q.accepted': 'Accepted', 'q.declined': 'Declined', 'q.expired': 'Expired',
    'q.request': 'Your request', 'q.offer': "The shop's offer",
    'q.total': 'Total for the goods (shipping is added by your address)', 'q.validUntil': 'Valid until {day}',
    'q.accept': 'Accept and order', 'q.acceptTitle': 'Accept: where should it go?', 'q.decline': 'Decline', 'q.reason': 'Why? (the shop reads it)',
    'q.order': 'See the order', 'q.declinedBecause': 'You declined: {reason}', 'q.expiredNote': 'This offer has passed its last day: ask the shop for a new one.',
    'q.back': 'All quotes', 'q.history': 'History', 'q.note': 'Note for the shop (optional)',
    'q.h.requested': 'Request sent', 'q.h.quoted': 'Priced by the shop', 'q.h.accepted': 'Accepted: it became an order', 'q.h.declined': 'Declined', 'q.h.expired': 'Expired',
    'code.quote_not_open': 'This quote is no longer open: the page shows where it stands.', 'code.quote_changed': 'The shop changed this quote since you opened it: look at the new offer first.', 'code.quote_expired': 'This offer has passed its last day: ask the shop for a new one.',
  },
  id: {
    'q.new': 'Minta penawaran', 'q.about': 'Tentang: {name}', 'q.description': 'Apa yang Anda butuhkan? (ukuran, bahan, warna, finishing…)',
    'q.quantities': 'Jumlah (mis. 300, atau 500 A5 + 200 A4)', 'q.deadline': 'Dibutuhkan paling lambat (opsional)', 'q.send': 'Kirim permintaan',
    'q.sent': 'Terkirim: toko akan memberi harga dan mengabari Anda lewat e-mail.', 'q.mine': 'Penawaran Anda', 'q.none': 'Belum ada penawaran.',
    'q.requested': 'Menunggu toko', 'q.quoted': 'Sudah diberi harga: menunggu Anda', 'q.accepted': 'Diterima', 'q.declined': 'Ditolak', 'q.expired': 'Kedaluwarsa',
    'q.request': 'Permintaan Anda', 'q.offer': 'Penawaran toko',
    'q.total': 'Total barang (ongkos kirim menurut alamat Anda)', 'q.validUntil': 'Berlaku sampai {day}',
    'q.accept': 'Terima dan pesan', 'q.acceptTitle': 'Terima: dikirim ke mana?', 'q.decline': 'Tolak', 'q.reason': 'Alasannya? (dibaca toko)',
    'q.order': 'Lihat pesanan', 'q.declinedBecause': 'Anda menolak: {reason}', 'q.expiredNote': 'Penawaran ini sudah lewat hari terakhirnya: minta penawaran baru ke toko.',
    'q.back': 'Semua penawaran', 'q.history': 'Riwayat', 'q.note': 'Catatan untuk toko (opsional)',
    'q.h.requested': 'Permintaan dikirim', 'q.h.quoted': 'Diberi harga oleh toko', 'q.h.accepted': 'Diterima: menjadi pesanan', 'q.h.declined': 'Ditolak', 'q.h.expired': 'Kedaluwarsa',
    'code.quote_not_open': 'Penawaran ini sudah tidak terbuka: halaman menampilkan statusnya.', 'code.quote_changed': 'Toko mengubah penawaran ini sejak Anda membukanya: lihat penawaran barunya dulu.', 'code.quote_expired': 'Penawaran ini sudah lewat hari terakhirnya: minta penawaran baru ke toko.',
  },
});

const field = (key, input) => el('label', {}, el('span', { textContent: t(key) }), input);
const formError = () => el('p', { className: 'form-error', role: 'alert', hidden: true });
const LOOK = { requested: 'pending', quoted: 'pending', accepted: 'approved', declined: 'rejected', expired: 'rejected' };
const state = (q) => { const s = el('strong', { className: `quote-state notice ${LOOK[q.state]}`, textContent: t(`q.${q.state}`) }); s.dataset.state = q.state; return s; };

/// `#/quotes` (the list and a new request, `?product=` naming a product) or `#/quotes/{id}`.
export async function renderQuotes(api, id, query) {
  const box = $('#quotes-page');
  box.replaceChildren(...(id ? await detail(api, id) : await list(api, new URLSearchParams(query).get('product'))));
  apply(box);
}

async function list(api, productId) {
  const [mine, product] = await Promise.all([api.get('/quotes?limit=50'), productId ? api.get(`/products/${productId}`).catch(() => null) : null]);
  const description = el('textarea', { name: 'description', rows: 4, required: true, maxLength: 5000 });
  const form = el('form', { id: 'quote-form' },
    el('h2', { textContent: t('q.new') }),
    product ? el('p', { className: 'muted', textContent: t('q.about', { name: product.name }) }) : '',
    formError(),
    field('q.description', description),
    field('q.quantities', el('input', { name: 'quantities', maxLength: 200 })),
    field('q.deadline', el('input', { name: 'deadline', type: 'date' })),
    el('button', { className: 'btn', type: 'submit', textContent: t('q.send') }));
  const sent = el('p', { className: 'notice approved', id: 'quote-sent', hidden: true, textContent: t('q.sent') });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const data = Object.fromEntries(new FormData(form));
    if (product) data.productId = product.id;
    try {
      const q = await api.post('/quotes', data);
      location.hash = `#/quotes/${q.id}`;
    } catch (err) { showError(form, err); }
  });
  const rows = mine.items.map((q) => el('tr', {},
    el('td', {}, el('a', { href: `#/quotes/${q.id}`, textContent: q.request.product?.name || q.request.description.slice(0, 60) })),
    el('td', { textContent: day(q.createdAt) }),
    el('td', {}, state(q)),
    el('td', { textContent: q.offer ? money(q.offer.total) : '' })));
  return [form, sent, el('h2', { textContent: t('q.mine') }),
    rows.length ? el('table', { className: 'queue keep-cols' }, el('tbody', { id: 'quotes-list' }, ...rows)) : el('p', { className: 'muted', textContent: t('q.none') })];
}

/// The offer's lines as the order page shows lines: what, how many at what price, amount.
function offerTable(o) {
  const rows = o.lines.map((l) => el('tr', {},
    el('td', {}, el('span', { textContent: l.description }), el('div', { className: 'muted', textContent: `${l.quantity} × ${money(l.unitPrice)}` })),
    el('td', { textContent: money(l.unitPrice * l.quantity) })));
  return el('table', { className: 'queue keep-cols offer-lines' }, el('tbody', {}, ...rows));
}

/// Where the order goes: the address book's default filled in.
async function acceptForm(api, q) {
  const book = await api.get('/account/addresses').catch(() => ({ items: [] }));
  const a = book.items.find((x) => x.isDefault) || {};
  const input = (name, key, value, required = true) => field(key, el('input', { name, value: value || '', required, maxLength: name === 'postalCode' ? 20 : 200 }));
  const form = el('form', { id: 'quote-accept' },
    el('h3', { textContent: t('q.acceptTitle') }), formError(),
    input('recipient', 'field.recipient', a.recipient), input('phone', 'field.recipientPhone', a.phone),
    input('street', 'field.street', a.street), input('district', 'field.district', a.district, false),
    input('city', 'field.city', a.city), input('province', 'field.province', a.province, false),
    input('postalCode', 'field.postalCode', a.postalCode),
    field('q.note', el('textarea', { name: 'note', rows: 2, maxLength: 1000 })),
    el('button', { className: 'btn', type: 'submit', textContent: t('q.accept') }));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const { note, ...shippingAddress } = Object.fromEntries(new FormData(form));
    try {
      const done = await api.post(`/quotes/${q.id}/accept`, { shippingAddress, note, updatedAt: q.updatedAt });
      location.hash = `#/orders/${done.order.id}`;
    } catch (err) { showError(form, err); }
  });
  return form;
}

function declineForm(api, q) {
  const form = el('form', { id: 'quote-decline' }, formError(),
    field('q.reason', el('textarea', { name: 'reason', rows: 2, maxLength: 1000, required: true })),
    el('button', { className: 'btn light', type: 'submit', textContent: t('q.decline') }));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await api.post(`/quotes/${q.id}/decline`, { ...Object.fromEntries(new FormData(form)), updatedAt: q.updatedAt });
      await renderQuotes(api, q.id, '');
    } catch (err) { showError(form, err); }
  });
  return form;
}

async function detail(api, id) {
  const q = await api.get(`/quotes/${id}`);
  const r = q.request;
  const parts = [
    el('p', {}, el('a', { href: '#/quotes', textContent: `← ${t('q.back')}` })),
    el('p', {}, state(q)),
    el('h2', { textContent: t('q.request') }),
    r.product ? el('p', { className: 'muted', textContent: t('q.about', { name: r.product.name }) }) : '',
    el('p', { className: 'pre', textContent: r.description }),
    r.quantities ? el('p', { textContent: `${t('q.quantities')}: ${r.quantities}` }) : '',
    r.deadline ? el('p', { textContent: `${t('q.deadline')}: ${day(r.deadline)}` }) : '',
  ];
  if (q.offer) {
    parts.push(el('h2', { textContent: t('q.offer') }), offerTable(q.offer),
      el('p', {}, `${t('q.total')}: `, el('strong', { id: 'quote-total', textContent: money(q.offer.total) })),
      el('p', { className: 'muted', textContent: t('q.validUntil', { day: day(q.offer.validUntil) }) }),
      q.offer.note ? el('blockquote', { textContent: q.offer.note }) : '');
  }
  if (q.state === 'quoted') parts.push(await acceptForm(api, q), declineForm(api, q));
  if (q.state === 'accepted') parts.push(el('p', {}, el('a', { className: 'btn', id: 'quote-order', href: `#/orders/${q.orderId}`, textContent: t('q.order') })));
  if (q.state === 'declined') parts.push(el('p', { className: 'muted', textContent: t('q.declinedBecause', { reason: q.declineReason }) }));
  if (q.state === 'expired') parts.push(el('p', { className: 'notice pending', textContent: t('q.expiredNote') }));
  parts.push(el('h2', { textContent: t('q.history') }),
    el('ol', { className: 'steps' }, ...q.history.map((h) => el('li', { textContent: `${t(`q.h.${h.state}`)} — ${when(h.at)}${h.note ? ` — ${h.note}` : ''}` }))));
  return parts;
}
