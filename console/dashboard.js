// The manager's dashboard: totals, a stacked bar per month (revenue by category),
// best customers with RFM scores, satisfaction, and the CSV download.
import { makeApi } from '/assets/api.js';
import { $, el } from '/assets/dom.js';
import { money, t } from '/assets/i18n.js';

const api = makeApi('toko.console.token');
const COLORS = ['#0f5132', '#198754', '#20c997', '#0dcaf0', '#6f42c1', '#fd7e14', '#d63384', '#6c757d'];

function stat(label, value) {
  return el('div', { className: 'stat' }, el('b', { textContent: value }), el('span', { textContent: label }));
}

function chart(rows) {
  const categories = [...new Set(rows.map((r) => r.category))].sort();
  const months = [...new Set(rows.map((r) => r.month))].sort();
  const max = Math.max(1, ...months.map((m) => rows.filter((r) => r.month === m).reduce((s, r) => s + r.revenue, 0)));
  const color = (c) => COLORS[categories.indexOf(c) % COLORS.length];
  const bars = months.map((m) => {
    const bar = el('div', { className: 'bar' });
    for (const r of rows.filter((x) => x.month === m)) {
      const part = el('span', { title: `${r.category}: ${money(r.revenue)} (${r.units})` });
      part.style.width = `${(r.revenue / max) * 100}%`;
      part.style.background = color(r.category);
      part.dataset.category = r.category;
      bar.append(part);
    }
    return el('div', { className: 'month' }, el('span', { textContent: m }), bar);
  });
  const legend = el('div', { className: 'legend' }, ...categories.map((c) => {
    const swatch = el('i');
    swatch.style.background = color(c);
    return el('span', {}, swatch, c);
  }));
  return [legend, ...bars];
}

async function load() {
  $('#dash-error').hidden = true;
  const q = new URLSearchParams();
  if ($('#dash-from').value) q.set('from', $('#dash-from').value);
  if ($('#dash-to').value) q.set('to', $('#dash-to').value);
  try {
    const r = await api.get(`/admin/analytics?${q}`);
    $('#dash-from').value = r.from;
    $('#dash-to').value = r.to;
    $('#dash-totals').replaceChildren(
      stat(t('console.revenue'), money(r.totals.revenue)),
      stat(t('console.ordersCount'), String(r.totals.orders)),
      stat(t('console.satisfaction'), r.satisfaction.count ? `${r.satisfaction.average} ★ · ${r.satisfaction.index}%` : '–'));
    $('#dash-chart').replaceChildren(...chart(r.salesByCategoryByMonth));
    $('#dash-top').replaceChildren(...r.topCustomers.map((c) => el('tr', {},
      el('td', { textContent: c.name }), el('td', { textContent: c.email }),
      el('td', { textContent: String(c.orders) }), el('td', { textContent: money(c.revenue) }),
      el('td', { textContent: `RFM ${c.rfm.score}` }))));
  } catch (err) {
    $('#dash-error').textContent = err.message;
    $('#dash-error').hidden = false;
  }
}

// CSVs need the bearer token, so they are fetched and handed over as files.
async function download(q, name) {
  const res = await fetch(`/api/admin/analytics?${q}`, { headers: { authorization: `Bearer ${api.token()}` } });
  const url = URL.createObjectURL(await res.blob());
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(url);
}

$('#dash-csv').addEventListener('click', (e) => {
  e.preventDefault();
  const q = new URLSearchParams({ format: 'csv', from: $('#dash-from').value, to: $('#dash-to').value });
  download(q, `sales-${q.get('from')}-${q.get('to')}.csv`);
});
$('#dash-customers').addEventListener('click', (e) => {
  e.preventDefault();
  download(new URLSearchParams({ format: 'customers' }), 'customers.csv');
});

document.addEventListener('toko:dashboard', load);
$('#dash-load').addEventListener('click', load);
