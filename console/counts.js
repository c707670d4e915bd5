// Badges of waiting work on the console's tabs (GET /api/admin/counts): asked at once
// and then every 30 s while the page is visible; the browser revalidates with the ETag,
// so an unchanged count costs a 304. New work also shows in the page title.
import { makeApi } from '/assets/api.js';
import { extend, t } from '/assets/i18n.js';
import { $, el } from '/assets/dom.js';

extend({
  en: { 'counts.orders': '{a} to accept, {b} payment proofs to check', 'counts.registrations': '{a} waiting for a decision', 'counts.messages': '{a} unanswered' },
  id: { 'counts.orders': '{a} menunggu diterima, {b} bukti bayar perlu dicek', 'counts.registrations': '{a} menunggu keputusan', 'counts.messages': '{a} belum dibalas' },
});

const api = makeApi('toko.console.token');

function badge(section, n, text) {
  const tab = $(`#sections [data-section=${section}]`);
  if (!tab) return;
  let b = tab.querySelector('.badge');
  if (!n) { b?.remove(); return; }
  if (!b) { b = el('span', { className: 'badge' }); tab.append(' ', b); }
  b.textContent = String(n);
  b.title = text;
  b.setAttribute('aria-label', text);
}

export async function refreshCounts() {
  if (!api.token() || document.hidden) return;
  let c;
  try { c = await api.get('/admin/counts'); } catch { return; }
  const orders = (c.pendingOrders || 0) + (c.proofsToCheck || 0);
  badge('orders', orders, t('counts.orders', { a: c.pendingOrders || 0, b: c.proofsToCheck || 0 }));
  badge('registrations', c.registrations || 0, t('counts.registrations', { a: c.registrations || 0 }));
  badge('messages', c.unansweredMessages || 0, t('counts.messages', { a: c.unansweredMessages || 0 }));
  const all = orders + (c.registrations || 0) + (c.unansweredMessages || 0);
  const title = document.title.replace(/^\(\d+\) /, '');
  document.title = all ? `(${all}) ${title}` : title;
}

setInterval(refreshCounts, 30_000);
document.addEventListener('visibilitychange', refreshCounts);
// Moving between tabs (and deciding, which reloads a queue) asks again at once.
for (const s of ['orders', 'registrations', 'messages', 'promos', 'dashboard', 'products', 'staff']) {
  document.addEventListener(`toko:${s}`, refreshCounts);
}
