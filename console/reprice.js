// "Change the price" on a pending order (admins: orders.reprice): new unit prices for its
// lines, fees (rush, design work) and the reason; the order then waits for the customer
// to agree (POST /api/admin/orders/{id}/reprice). Drawn under the order's row.
import { makeApi } from '/assets/api.js';
import { extend, money, showError, t } from '/assets/i18n.js';
import { el } from '/assets/dom.js';

extend({
  en: {
    'rp.open': 'Change the price', 'rp.line': 'Unit price of {name} (now {price})', 'rp.fee': 'Fee (e.g. rush, design)', 'rp.amount': 'Amount (Rp)',
    'rp.reason': 'Why (the customer reads it)', 'rp.send': 'Send to the customer for agreement', 'rp.cancel': 'Close',
    // The site says "waiting for you" to the customer; staff read whom it waits for.
    'st.awaiting_customer': 'New price: waiting for the customer',
  },
  id: {
    'rp.open': 'Ubah harga', 'rp.line': 'Harga satuan {name} (sekarang {price})', 'rp.fee': 'Biaya tambahan (mis. kilat, desain)', 'rp.amount': 'Jumlah (Rp)',
    'rp.reason': 'Alasan (dibaca pelanggan)', 'rp.send': 'Kirim ke pelanggan untuk disetujui', 'rp.cancel': 'Tutup',
    'st.awaiting_customer': 'Harga baru: menunggu pelanggan',
  },
});

const api = makeApi('toko.console.token');
const field = (text, input) => el('label', {}, el('span', { textContent: text }), input);

/// The form for order `o`; `done` runs once it was re-priced (the row leaves the queue).
export function repriceForm(o, done) {
  const lines = o.items.map((l, i) => field(t('rp.line', { name: l.name, price: money(l.unitPrice) }),
    el('input', { name: `price-${i}`, type: 'number', min: 1, value: l.unitPrice })));
  const fees = [0, 1].map((i) => el('div', { className: 'inline-form' },
    field(t('rp.fee'), el('input', { name: `fee-${i}`, maxLength: 120 })),
    field(t('rp.amount'), el('input', { name: `amount-${i}`, type: 'number', min: 1 }))));
  const close = el('button', { type: 'button', className: 'btn light', textContent: t('rp.cancel') });
  const form = el('form', { className: 'reprice-form' }, el('p', { className: 'form-error', role: 'alert', hidden: true }), ...lines, ...fees,
    field(t('rp.reason'), el('input', { name: 'reason', required: true, maxLength: 500 })),
    el('div', { className: 'row-actions' }, el('button', { className: 'btn', type: 'submit', textContent: t('rp.send') }), close));
  close.addEventListener('click', () => form.remove());
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const data = Object.fromEntries(new FormData(form));
    const body = {
      lines: o.items.map((l, index) => ({ index, unitPrice: Number(data[`price-${index}`]) })).filter((c) => c.unitPrice !== o.items[c.index].unitPrice),
      fees: [0, 1].filter((i) => data[`fee-${i}`]).map((i) => ({ label: data[`fee-${i}`], amount: Number(data[`amount-${i}`]) })),
      reason: data.reason,
    };
    try { await api.post(`/admin/orders/${o.id}/reprice`, body); done(); } catch (err) { showError(form, err); }
  });
  return form;
}
