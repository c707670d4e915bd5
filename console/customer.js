// The customer page in the console (GET /api/admin/customers/{id}): the account, what
// their orders add up to and the segment they make, newest orders and messages, reviews,
// points, and staff notes (never shown to the customer) with a form to add one.
import { makeApi } from '/assets/api.js';
import { day, extend, money, showError, t, when } from '/assets/i18n.js';
import { $, el } from '/assets/dom.js';
import { may } from '/console/may.js';

extend({
  en: {
    'cust.button': 'Customer page', 'cust.orders': 'Orders', 'cust.spend': 'Spent (completed orders)', 'cust.last': 'Last order', 'cust.segment': 'Segment',
    'cust.seg.champion': 'Champion: recent, frequent, big', 'cust.seg.loyal': 'Loyal: orders often', 'cust.seg.new': 'New: a first order lately', 'cust.seg.at_risk': 'At risk: used to order often, not lately',
    'cust.seg.lapsed': 'Lapsed: not lately, not often', 'cust.seg.prospect': 'No order yet', 'cust.seg.regular': 'Regular',
    'cust.rfm': 'Recency {r} · frequency {f} · spend {m} (of 5)', 'cust.messages': 'Messages', 'cust.reviews': 'Reviews', 'cust.notes': 'Staff notes (the customer never sees them)',
    'cust.addNote': 'Add the note', 'cust.note': 'Note', 'cust.none': 'None yet.', 'cust.verified': 'e-mail confirmed', 'cust.unverified': 'e-mail not confirmed', 'cust.close': 'Close',
  },
  id: {
    'cust.button': 'Halaman pelanggan', 'cust.orders': 'Pesanan', 'cust.spend': 'Belanja (pesanan selesai)', 'cust.last': 'Pesanan terakhir', 'cust.segment': 'Segmen',
    'cust.seg.champion': 'Juara: baru-baru ini, sering, besar', 'cust.seg.loyal': 'Setia: sering memesan', 'cust.seg.new': 'Baru: pesanan pertama baru-baru ini', 'cust.seg.at_risk': 'Berisiko: dulu sering memesan, akhir-akhir ini tidak',
    'cust.seg.lapsed': 'Tidak aktif: tidak baru-baru ini, tidak sering', 'cust.seg.prospect': 'Belum pernah memesan', 'cust.seg.regular': 'Biasa',
    'cust.rfm': 'Kebaruan {r} · frekuensi {f} · belanja {m} (dari 5)', 'cust.messages': 'Pesan', 'cust.reviews': 'Ulasan', 'cust.notes': 'Catatan staf (tidak pernah dilihat pelanggan)',
    'cust.addNote': 'Tambahkan catatan', 'cust.note': 'Catatan', 'cust.none': 'Belum ada.', 'cust.verified': 'e-mail terkonfirmasi', 'cust.unverified': 'e-mail belum dikonfirmasi', 'cust.close': 'Tutup',
  },
});

const api = makeApi('toko.console.token');
const h2 = (key) => el('h2', { textContent: t(key) });
const empty = () => el('p', { className: 'muted', textContent: t('cust.none') });

function noteItem(n) {
  return el('li', {}, el('p', { textContent: n.text }), el('p', { className: 'muted', textContent: `${n.byName} · ${when(n.at)}` }));
}

async function open(id) {
  const panel = $('#customer-panel');
  let c;
  try { c = await api.get(`/admin/customers/${encodeURIComponent(id)}`); } catch (err) {
    panel.replaceChildren(el('p', { className: 'form-error', textContent: err.message }));
    panel.hidden = false;
    return;
  }
  const u = c.customer;
  const f = c.figures;
  const contact = [u.phone, u.whatsapp && `WhatsApp ${u.whatsapp}`].filter(Boolean).join(' · ');
  const close = el('button', { type: 'button', className: 'btn light', textContent: t('cust.close') });
  close.addEventListener('click', () => { panel.hidden = true; });
  const stat = (key, value) => el('div', { className: 'stat' }, el('span', { className: 'muted', textContent: t(key) }), el('strong', { textContent: value }));
  const orders = c.orders.length ? el('table', { className: 'queue keep-cols' }, el('tbody', {}, ...c.orders.map((o) => el('tr', {},
    el('td', { textContent: o.invoiceCode }), el('td', { textContent: day(o.createdAt) }), el('td', { textContent: t(`st.${o.status}`) }), el('td', { className: 'nums', textContent: money(o.total) }))))) : empty();
  const messages = c.messages.length ? el('ul', { className: 'plain' }, ...c.messages.map((m) => el('li', { textContent: `${when(m.createdAt)} — ${m.subject}` }))) : empty();
  const reviews = c.reviews.length ? el('ul', { className: 'plain' }, ...c.reviews.map((r) => el('li', { textContent: `${'★'.repeat(r.rating)}${'☆'.repeat(5 - r.rating)} ${r.comment}` }))) : empty();
  const notes = el('ul', { className: 'plain notes', id: 'customer-notes' }, ...c.notes.map(noteItem));
  panel.replaceChildren(
    el('div', { className: 'row-actions' }, el('h2', { textContent: u.name }), close),
    el('p', { textContent: `${u.email} (${t(u.emailVerified ? 'cust.verified' : 'cust.unverified')})${contact ? ` · ${contact}` : ''}` }),
    el('div', { className: 'stats' }, stat('cust.orders', String(f.orders)), stat('cust.spend', money(f.spend)),
      stat('cust.last', f.lastOrderAt ? day(f.lastOrderAt) : '—'), stat('points.title', String(c.points.balance))),
    el('p', {}, el('strong', { textContent: `${t('cust.segment')}: ${t(`cust.seg.${f.segment}`)}` }),
      el('span', { className: 'muted', textContent: ` — ${t('cust.rfm', { r: f.recency, f: f.frequency, m: f.monetary })}` })),
    h2('cust.orders'), orders, h2('cust.messages'), messages, h2('cust.reviews'), reviews, h2('cust.notes'), c.notes.length ? notes : empty());
  if (!c.notes.length) panel.append(notes);
  if (may('customers.note')) {
    const form = el('form', { className: 'inline-form', id: 'note-form', noValidate: true }, el('p', { className: 'form-error', hidden: true }),
      el('label', {}, el('span', { textContent: t('cust.note') }), el('textarea', { name: 'text', rows: 2, maxLength: 1000, required: true })),
      el('button', { className: 'btn', type: 'submit', textContent: t('cust.addNote') }));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        const n = await api.post(`/admin/customers/${encodeURIComponent(id)}/notes`, { text: form.text.value });
        notes.prepend(noteItem(n));
        panel.querySelectorAll(':scope > p.muted').forEach((p) => { if (p.nextSibling === notes) p.remove(); });
        form.reset();
      } catch (err) { showError(form, err); }
    });
    panel.append(form);
  }
  panel.hidden = false;
  panel.scrollIntoView({ block: 'start' });
  panel.querySelector('h2').focus?.();
}

document.addEventListener('toko:customer-page', (e) => open(e.detail.id));
