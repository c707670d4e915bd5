// The console's voucher codes (marketing, admin), under the promos: list with uses,
// create, edit or switch off, and the orders that used each.
import { makeApi } from '/assets/api.js';
import { $, el } from '/assets/dom.js';
import { day, money, showError, t, when } from '/assets/i18n.js';

const api = makeApi('toko.console.token');
const form = $('#voucher-form');

// <input type="datetime-local"> works in local time; the API in UTC.
const toInput = (iso) => {
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
};

function label(v) {
  const off = v.discountPercent ? `${v.discountPercent}%` : money(v.discountAmount);
  const rules = [off, v.minSpend ? `≥ ${money(v.minSpend)}` : '', v.maxDiscount ? `≤ ${money(v.maxDiscount)}` : '', v.categories.join(', ')];
  return rules.filter(Boolean).join(' · ');
}

function edit(v) {
  form.editing.value = v.code;
  form.code.value = v.code;
  form.code.readOnly = true;
  form.discountPercent.value = v.discountPercent || '';
  form.discountAmount.value = v.discountAmount || '';
  form.minSpend.value = v.minSpend || '';
  form.maxDiscount.value = v.maxDiscount || '';
  form.totalUses.value = v.totalUses || '';
  form.perCustomer.value = v.perCustomer > 1 ? v.perCustomer : '';
  form.categories.value = v.categories.join(', ');
  form.startsAt.value = toInput(v.startsAt);
  form.endsAt.value = toInput(v.endsAt);
  form.firstOrderOnly.checked = v.firstOrderOnly;
  form.enabled.checked = v.enabled;
  form.scrollIntoView();
}

async function showRedemptions(v) {
  const page = await api.get(`/admin/vouchers/${encodeURIComponent(v.code)}/redemptions?limit=50`);
  $('#redemptions-title').textContent = `${t('console.redemptions')} ${v.code}`;
  $('#redemption-rows').replaceChildren(...page.items.map((r) => el('tr', { className: r.returned ? 'muted' : '' },
    el('td', { textContent: r.invoiceCode }),
    el('td', { textContent: r.customerName }),
    el('td', { textContent: `−${money(r.discount)}` }),
    el('td', { textContent: r.returned ? t('console.returned') : when(r.at) }))));
  $('#voucher-redemptions').hidden = false;
}

function row(v) {
  const change = el('button', { className: 'btn light', textContent: t('console.edit') });
  change.addEventListener('click', () => edit(v));
  const used = el('button', { className: 'btn light', textContent: `${v.used}${v.totalUses ? ` / ${v.totalUses}` : ''} ${t('console.uses')}` });
  used.addEventListener('click', () => showRedemptions(v).catch(() => {}));
  const tr = el('tr', {},
    el('td', {}, el('strong', { textContent: v.code }), v.enabled ? '' : el('span', { className: 'mail-blocked', textContent: ` ${t('console.voucherOff')}` })),
    el('td', { textContent: label(v) }),
    el('td', { textContent: `${day(v.startsAt)} – ${day(v.endsAt)}` }),
    el('td', {}, el('div', { className: 'row-actions' }, used, change)));
  tr.dataset.code = v.code;
  return tr;
}

async function load() {
  const page = await api.get('/admin/vouchers?limit=50');
  $('#voucher-rows').replaceChildren(...page.items.map(row));
}

form.addEventListener('reset', () => { form.editing.value = ''; form.code.readOnly = false; });

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  form.querySelector('.form-error').hidden = true;
  const number = (name) => (form[name].value ? Number(form[name].value) : undefined);
  const body = {
    discountPercent: number('discountPercent'),
    discountAmount: number('discountAmount'),
    minSpend: number('minSpend'),
    maxDiscount: number('maxDiscount'),
    totalUses: number('totalUses'),
    perCustomer: number('perCustomer'),
    categories: form.categories.value.split(',').map((c) => c.trim()).filter(Boolean),
    firstOrderOnly: form.firstOrderOnly.checked,
    enabled: form.enabled.checked,
    startsAt: form.startsAt.value && new Date(form.startsAt.value).toISOString(),
    endsAt: form.endsAt.value && new Date(form.endsAt.value).toISOString(),
  };
  try {
    if (form.editing.value) await api.request('PUT', `/admin/vouchers/${encodeURIComponent(form.editing.value)}`, body);
    else await api.post('/admin/vouchers', { code: form.code.value, ...body });
    form.reset();
    load();
  } catch (err) { showError(form, err); }
});

document.addEventListener('toko:promos', () => load().catch(() => {}));
