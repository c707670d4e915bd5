// The console's promo editor (marketing, admin): post, schedule, edit, delete.
import { makeApi } from '/assets/api.js';
import { $, el } from '/assets/dom.js';
import { money, showError, t, when } from '/assets/i18n.js';

const api = makeApi('toko.console.token');

// <input type="datetime-local"> works in local time; the API in UTC.
const toInput = (iso) => {
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
};
const fromInput = (value) => new Date(value).toISOString();

/// "15%" or "Rp 5.000 / unit", with its minimum and what it targets.
function discountLabel(p) {
  const off = p.discountPercent ? `${p.discountPercent}%` : p.discountAmount ? `${money(p.discountAmount)} / ${t('promos.unit')}` : '';
  if (!off) return '';
  const scope = [...(p.categories || []), ...(p.productIds || []).map((id) => products.get(id) || id)];
  return [off, p.minQuantity > 1 ? `≥ ${p.minQuantity}` : '', scope.join(', ')].filter(Boolean).join(' · ');
}

function row(p) {
  const edit = el('button', { className: 'btn light', textContent: t('console.edit') });
  edit.addEventListener('click', () => {
    const f = $('#promo-form');
    f.id.value = p.id;
    f.title.value = p.title;
    f.body.value = p.body;
    f.discountPercent.value = p.discountPercent || '';
    f.discountAmount.value = p.discountAmount || '';
    f.minQuantity.value = p.minQuantity > 1 ? p.minQuantity : '';
    f.categories.value = (p.categories || []).join(', ');
    // A target not among the listed products stays chosen (saving keeps it).
    for (const id of p.productIds || []) {
      if (![...f.productIds.options].some((o) => o.value === id)) f.productIds.append(el('option', { value: id, textContent: id }));
    }
    for (const o of f.productIds.options) o.selected = (p.productIds || []).includes(o.value);
    f.imageUrl.value = p.imageUrl || '';
    f.startsAt.value = toInput(p.startsAt);
    f.endsAt.value = toInput(p.endsAt);
    f.scrollIntoView();
  });
  const del = el('button', { className: 'btn danger', textContent: t('console.delete') });
  del.addEventListener('click', async () => { await api.request('DELETE', `/admin/promos/${p.id}`); load(); });
  return el('tr', {},
    el('td', { textContent: p.title }),
    el('td', { textContent: `${when(p.startsAt)} – ${when(p.endsAt)}` }),
    el('td', { textContent: discountLabel(p) }),
    el('td', {}, el('div', { className: 'row-actions' }, edit, del)));
}

/// Product names by id, for the product picker and the table.
const products = new Map();
async function loadProducts() {
  const page = await api.get('/products?limit=100');
  products.clear();
  for (const p of page.items) products.set(p.id, p.name);
  $('#promo-form').productIds.replaceChildren(...page.items.map((p) => el('option', { value: p.id, textContent: p.name })));
}

async function load() {
  await loadProducts().catch(() => {});
  const page = await api.get('/admin/promos?limit=50');
  $('#promo-rows').replaceChildren(...page.items.map(row));
}

$('#promo-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const f = e.target;
  f.querySelector('.form-error').hidden = true;
  f.querySelectorAll('.field-error').forEach((x) => x.remove());
  const body = { title: f.title.value, body: f.body.value, startsAt: f.startsAt.value && fromInput(f.startsAt.value), endsAt: f.endsAt.value && fromInput(f.endsAt.value) };
  if (f.discountPercent.value) body.discountPercent = Number(f.discountPercent.value);
  if (f.discountAmount.value) body.discountAmount = Number(f.discountAmount.value);
  if (f.minQuantity.value) body.minQuantity = Number(f.minQuantity.value);
  body.categories = f.categories.value.split(',').map((c) => c.trim()).filter(Boolean);
  body.productIds = [...f.productIds.selectedOptions].map((o) => o.value);
  if (f.imageUrl.value.trim()) body.imageUrl = f.imageUrl.value.trim();
  try {
    let saved;
    if (f.id.value) saved = await api.request('PUT', `/admin/promos/${f.id.value}`, body);
    else saved = await api.post('/admin/promos', body);
    if (f.notify.checked) {
      // Send in batches until every subscriber had their turn (never twice).
      let sent = 0;
      let cursor = '';
      do {
        const r = await api.post(`/admin/promos/${saved.id}/notify${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`);
        sent += r.sent;
        cursor = r.nextCursor;
      } while (cursor);
      $('#promo-sent').textContent = `${t('console.sentTo')} ${sent}`;
      $('#promo-sent').hidden = false;
    }
    f.reset();
    f.id.value = '';
    load();
  } catch (err) { showError(f, err); }
});

document.addEventListener('toko:promos', () => load().catch(() => {}));
