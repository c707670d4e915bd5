// An order the shop accepted at a changed price (loaded for such an order only): what
// changed and why, the old total and the new, and "Agree to the new price"
// (POST /api/orders/{id}/agree); cancelling is the order's usual button.
import { extend, money, t } from './i18n.js';
import { $, el } from './dom.js';

extend({
  en: { 'reprice.title': 'The shop changed the price:', 'reprice.was': 'Was', 'reprice.now': 'now', 'reprice.agree': 'Agree to the new price' },
  id: { 'reprice.title': 'Toko mengubah harga:', 'reprice.was': 'Semula', 'reprice.now': 'sekarang', 'reprice.agree': 'Setujui harga baru' },
});

export function showChange(api, o, reload) {
  const a = o.adjustment;
  const agree = el('button', { className: 'btn', id: 'order-agree', type: 'button', textContent: t('reprice.agree') });
  const error = el('p', { className: 'form-error', role: 'alert', hidden: true });
  agree.onclick = async () => {
    agree.disabled = true;
    try { await api.post(`/orders/${o.id}/agree`); await reload(); } catch (err) { error.textContent = err.message; error.hidden = false; } finally { agree.disabled = false; }
  };
  $('#order-repriced').replaceChildren(
    el('p', {}, el('strong', { textContent: t('reprice.title') }), ' ', el('span', { id: 'reprice-reason', textContent: a.reason })),
    el('ul', { id: 'reprice-changes' }, ...a.lines.map((c) => el('li', { textContent: `${c.name}: ${money(c.from)} → ${money(c.to)}` })),
      ...a.fees.map((f) => el('li', { textContent: `+ ${f.label}: ${money(f.amount)}` }))),
    el('p', {}, `${t('reprice.was')} `, el('s', { id: 'reprice-before', textContent: money(a.totalBefore) }), ` · ${t('reprice.now')} `, el('strong', { id: 'reprice-after', textContent: money(o.total) })),
    agree, error);
}
