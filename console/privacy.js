// Privacy requests in the console (admins): a customer's data exported or the account
// erased on their request, with the reason on record, and the record of every run.
import { makeApi } from '/assets/api.js';
import { apply, extend, showError, t, when } from '/assets/i18n.js';
import { $, el } from '/assets/dom.js';
import { may } from '/console/may.js';

extend({
  en: {
    'privacy.button': 'Privacy', 'privacy.title': 'Privacy request', 'privacy.reason': 'How the customer asked (recorded)',
    'privacy.export': 'Export their data', 'privacy.erase': 'Erase the account', 'privacy.download': 'Download the export (link valid 15 minutes)',
    'privacy.confirm': 'Erase this account for good? Orders stay without the person; this cannot be undone.',
    'privacy.erased': 'The account was erased.', 'privacy.runs': 'Privacy requests on record', 'privacy.none': 'No requests yet.',
    'privacy.when': 'When', 'privacy.what': 'What (customer ID)', 'privacy.by': 'By',
    'privacy.kind.export': 'Data export', 'privacy.kind.erasure': 'Erasure', 'privacy.self': 'the customer',
    'privacy.orders_in_progress': 'An order of this customer is pending or on its way: it must be completed or cancelled first.',
  },
  id: {
    'privacy.button': 'Privasi', 'privacy.title': 'Permintaan privasi', 'privacy.reason': 'Cara pelanggan meminta (dicatat)',
    'privacy.export': 'Ekspor data pelanggan', 'privacy.erase': 'Hapus akun pelanggan', 'privacy.download': 'Unduh ekspor (tautan berlaku 15 menit)',
    'privacy.confirm': 'Hapus akun ini selamanya? Pesanan tetap ada tanpa data orangnya; ini tidak dapat dibatalkan.',
    'privacy.erased': 'Akun telah dihapus.', 'privacy.runs': 'Catatan permintaan privasi', 'privacy.none': 'Belum ada permintaan.',
    'privacy.when': 'Waktu', 'privacy.what': 'Jenis (ID pelanggan)', 'privacy.by': 'Oleh',
    'privacy.kind.export': 'Ekspor data', 'privacy.kind.erasure': 'Penghapusan', 'privacy.self': 'pelanggan sendiri',
    'privacy.orders_in_progress': 'Ada pesanan pelanggan ini yang menunggu atau sedang berjalan: selesaikan atau batalkan dulu.',
  },
});

const api = makeApi('toko.console.token');
const i18n = (node, key) => { node.dataset.i18n = key; node.textContent = t(key); return node; };

/// The record of runs, newest first.
async function loadRuns() {
  const box = $('#privacy-runs');
  box.hidden = !may('privacy');
  if (box.hidden) return;
  const page = await api.get('/admin/privacy?limit=50');
  const rows = page.items.map((r) => el('tr', {},
    el('td', { textContent: when(r.at) }),
    el('td', {}, el('span', { textContent: t(`privacy.kind.${r.kind}`) }), el('div', { className: 'break muted', textContent: r.customerId })),
    el('td', { textContent: r.byRole === 'customer' ? t('privacy.self') : `${r.byRole}${r.reason ? ` — ${r.reason}` : ''}` })));
  const head = el('tr', {}, ...['privacy.when', 'privacy.what', 'privacy.by'].map((k) => i18n(el('th'), k)));
  box.replaceChildren(i18n(el('h2'), 'privacy.runs'),
    rows.length ? el('table', { className: 'keep-cols' }, el('thead', {}, head), el('tbody', {}, ...rows)) : i18n(el('p', { className: 'muted' }), 'privacy.none'));
}

/// The panel for one customer's request.
function open(c) {
  const panel = $('#privacy-panel');
  const form = el('form', { className: 'inline-form', noValidate: true }, el('p', { className: 'form-error', hidden: true }));
  const reason = el('input', { name: 'reason', maxLength: 1000, required: true });
  form.append(el('label', {}, i18n(el('span'), 'privacy.reason'), reason));
  const out = el('p', { role: 'status' });
  const run = async (kind) => {
    out.replaceChildren();
    form.querySelector('.form-error').hidden = true;
    if (kind === 'erase' && !confirm(t('privacy.confirm'))) return;
    try {
      const r = await api.post(`/admin/customers/${encodeURIComponent(c.id)}/${kind}`, { reason: reason.value });
      if (kind === 'export') out.append(i18n(el('a', { href: r.url, className: 'btn light' }), 'privacy.download'));
      else { out.append(i18n(el('span', { className: 'notice approved' }), 'privacy.erased')); form.remove(); }
      await loadRuns();
    } catch (err) {
      if (err.code === 'orders_in_progress') err.message = t('privacy.orders_in_progress');
      showError(form, err);
    }
  };
  const exp = i18n(el('button', { type: 'button', className: 'btn light' }), 'privacy.export');
  exp.addEventListener('click', () => run('export'));
  const erase = i18n(el('button', { type: 'button', className: 'btn danger' }), 'privacy.erase');
  erase.dataset.action = 'erase';
  erase.addEventListener('click', () => run('erase'));
  form.append(el('div', { className: 'row-actions' }, exp, erase));
  panel.replaceChildren(i18n(el('h2'), 'privacy.title'), el('p', { textContent: `${c.name} · ${c.email}` }), form, out);
  panel.hidden = false;
  panel.scrollIntoView({ block: 'start' });
  reason.focus();
}

document.addEventListener('toko:customer-privacy', (e) => open(e.detail));
document.addEventListener('toko:registrations', () => { loadRuns().catch(() => {}); });
document.querySelectorAll('[data-lang]').forEach((b) => b.addEventListener('click', () => setTimeout(() => apply($('#privacy-runs')))));
