// The console's promo editor (marketing, admin): post, schedule, edit, delete.
import { makeApi } from '/assets/api.js';
import { $, el } from '/assets/dom.js';
import { showError, t } from '/assets/i18n.js';

const api = makeApi('toko.console.token');

// <input type="datetime-local"> works in local time; the API in UTC.
const toInput = (iso) => {
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
};
const fromInput = (value) => new Date(value).toISOString();

function row(p) {
  const edit = el('button', { className: 'btn light', textContent: t('console.edit') });
  edit.addEventListener('click', () => {
    const f = $('#promo-form');
    f.id.value = p.id;
    f.title.value = p.title;
    f.body.value = p.body;
    f.discountPercent.value = p.discountPercent || '';
    f.imageUrl.value = p.imageUrl || '';
    f.startsAt.value = toInput(p.startsAt);
    f.endsAt.value = toInput(p.endsAt);
    f.scrollIntoView();
  });
  const del = el('button', { className: 'btn danger', textContent: t('console.delete') });
  del.addEventListener('click', async () => { await api.request('DELETE', `/admin/promos/${p.id}`); load(); });
  return el('tr', {},
    el('td', { textContent: p.title }),
    el('td', { textContent: `${new Date(p.startsAt).toLocaleString()} – ${new Date(p.endsAt).toLocaleString()}` }),
    el('td', { textContent: p.discountPercent ? `${p.discountPercent}%` : '' }),
    el('td', {}, el('div', { className: 'row-actions' }, edit, del)));
}

async function load() {
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
