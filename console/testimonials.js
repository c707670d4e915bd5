// Customers' testimonials (marketing, admin: `testimonials`), under Promos: those waiting,
// approved and hidden; approving shows one on the home page. A decision names the text
// it was made on, so a testimonial rewritten meanwhile is read again first.
import { makeApi } from '/assets/api.js';
import { extend, t, when } from '/assets/i18n.js';
import { $, el } from '/assets/dom.js';
import { may } from '/console/may.js';
import { stars } from '/assets/testimonials.js';

extend({
  en: {
    'ct.title': 'Testimonials', 'ct.pending': 'Waiting', 'ct.approved': 'Shown', 'ct.hidden': 'Hidden',
    'ct.approve': 'Show on the home page', 'ct.hide': 'Hide', 'ct.none': 'None.',
    'code.testimonial_changed': 'The customer rewrote it meanwhile: read it again.',
  },
  id: {
    'ct.title': 'Testimoni', 'ct.pending': 'Menunggu', 'ct.approved': 'Ditampilkan', 'ct.hidden': 'Disembunyikan',
    'ct.approve': 'Tampilkan di beranda', 'ct.hide': 'Sembunyikan', 'ct.none': 'Tidak ada.',
    'code.testimonial_changed': 'Pelanggan menulis ulang sementara itu: baca lagi.',
  },
});

const api = makeApi('toko.console.token');
let state = 'pending';
let cursor = null; // the next page of this state's list, if there is one
let asked = 0; // the latest list asked for: an older answer is dropped

function row(x) {
  const actions = el('div', { className: 'row-actions' });
  for (const [decision, key, cls] of [['approve', 'ct.approve', 'btn'], ['hide', 'ct.hide', 'btn light']]) {
    if ((decision === 'approve' && x.state === 'approved') || (decision === 'hide' && x.state === 'hidden')) continue;
    const b = el('button', { className: cls, type: 'button', textContent: t(key) });
    b.addEventListener('click', async () => {
      try {
        await api.post(`/admin/testimonials/${x.customerId}/decide`, { decision, writtenAt: x.writtenAt });
      } catch (err) {
        $('#ct-error').textContent = t(`code.${err.code}`) !== `code.${err.code}` ? t(`code.${err.code}`) : err.message;
        $('#ct-error').hidden = false;
      }
      load();
    });
    actions.append(b);
  }
  const tr = el('tr', {},
    el('td', {}, el('b', { textContent: x.name }), el('br'), stars(x.rating)),
    el('td', {}, el('span', { className: 'pre', textContent: x.text }), el('br'), el('small', { className: 'muted', textContent: when(x.writtenAt) })),
    el('td', {}, actions));
  tr.dataset.customerId = x.customerId;
  return tr;
}

/// The first page of the chosen state's list (`fresh`), or the next one after it.
async function load(fresh = true) {
  const q = new URLSearchParams({ state });
  if (!fresh && cursor) q.set('cursor', cursor);
  if (fresh) { cursor = null; $('#ct-more').hidden = true; } // another list's cursor is no use here
  const mine = ++asked;
  const page = await api.get(`/admin/testimonials?${q}`);
  if (mine !== asked) return;
  const rows = page.items.map(row);
  if (fresh) $('#ct-list').replaceChildren(...rows); else $('#ct-list').append(...rows);
  $('#ct-empty').hidden = $('#ct-list').children.length > 0;
  cursor = page.nextCursor;
  $('#ct-more').hidden = !cursor;
}

function build() {
  if ($('#ct-section') || !may('testimonials')) return;
  const tabs = el('div', { className: 'tabs', role: 'tablist' });
  for (const s of ['pending', 'approved', 'hidden']) {
    const b = el('button', { role: 'tab', type: 'button', textContent: t(`ct.${s}`) });
    b.dataset.state = s;
    b.dataset.i18n = `ct.${s}`;
    b.setAttribute('aria-selected', String(s === state));
    b.addEventListener('click', () => {
      state = s;
      tabs.querySelectorAll('button').forEach((x) => x.setAttribute('aria-selected', String(x.dataset.state === s)));
      $('#ct-error').hidden = true;
      load();
    });
    tabs.append(b);
  }
  const title = el('h2', { id: 'ct-title', textContent: t('ct.title') });
  title.dataset.i18n = 'ct.title';
  const empty = el('p', { id: 'ct-empty', className: 'muted', hidden: true, textContent: t('ct.none') });
  empty.dataset.i18n = 'ct.none';
  const more = el('button', { id: 'ct-more', className: 'btn light', type: 'button', hidden: true, textContent: t('console.more') });
  more.dataset.i18n = 'console.more';
  more.addEventListener('click', () => load(false).catch(() => {}));
  $('#promos-view').append(el('div', { id: 'ct-section' }, title, tabs,
    el('p', { id: 'ct-error', className: 'form-error', hidden: true }),
    el('table', { className: 'queue' }, el('tbody', { id: 'ct-list' })), empty, more));
}

document.addEventListener('toko:promos', () => { build(); if ($('#ct-section')) load().catch(() => {}); });
