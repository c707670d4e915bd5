// The manager's dashboard: totals, a stacked bar per month (revenue by category), the
// revenue line, a satisfaction gauge, best customers with RFM scores, and the CSVs.
// Charts are plain SVG built here: no chart library to load or keep up to date.
import { makeApi } from '/assets/api.js';
import { $, el } from '/assets/dom.js';
import { money, t } from '/assets/i18n.js';
import { download as fetchFile } from '/console/files.js';

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
      // What came from the shop's books (a sales import) is its own, striped part.
      const imported = r.importedRevenue ?? 0;
      for (const [value, fromBooks] of [[r.revenue - imported, false], [imported, true]]) {
        if (value <= 0 && !(value === 0 && !fromBooks && imported === 0)) continue;
        const part = el('span', { title: `${r.category}: ${money(value)}${fromBooks ? ` (${t('console.imported')})` : ` (${r.units - (r.importedUnits ?? 0)})`}` });
        part.style.width = `${(value / max) * 100}%`;
        part.style.backgroundColor = color(r.category);
        part.dataset.category = r.category;
        if (fromBooks) {
          part.className = 'imported';
          part.dataset.imported = String(value);
        }
        bar.append(part);
      }
    }
    return el('div', { className: 'month' }, el('span', { textContent: m }), bar);
  });
  const legend = el('div', { className: 'legend' }, ...categories.map((c) => {
    const swatch = el('i');
    swatch.style.background = color(c);
    return el('span', {}, swatch, c);
  }));
  if (rows.some((r) => r.importedRevenue > 0)) legend.append(el('span', {}, el('i', { className: 'imported' }), t('console.imported')));
  return [legend, ...bars];
}

const SVG = 'http://www.w3.org/2000/svg';
function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  node.append(...children);
  return node;
}

/// Revenue per month as a line with a dot and a label per month.
function revenueLine(months) {
  const w = 640, h = 200, pad = 36;
  const max = Math.max(1, ...months.map((m) => m.revenue));
  const step = months.length > 1 ? (w - 2 * pad) / (months.length - 1) : 0;
  const x = (i) => (months.length > 1 ? pad + i * step : w / 2);
  const y = (v) => h - pad - (v / max) * (h - 2 * pad);
  const points = months.map((m, i) => `${x(i).toFixed(1)},${y(m.revenue).toFixed(1)}`).join(' ');
  const chart = svg('svg', { viewBox: `0 0 ${w} ${h}`, role: 'img', class: 'line-chart', 'aria-label': t('console.revenueLine') },
    svg('line', { x1: pad, y1: h - pad, x2: w - pad, y2: h - pad, class: 'axis' }),
    svg('polyline', { points, class: 'line' }));
  months.forEach((m, i) => {
    const dot = svg('circle', { cx: x(i), cy: y(m.revenue), r: 4, class: 'dot' }, svg('title', {}, `${m.month}: ${money(m.revenue)}`));
    dot.dataset.month = m.month;
    dot.dataset.revenue = m.revenue;
    chart.append(dot, svg('text', { x: x(i), y: h - pad + 16, 'text-anchor': 'middle' }, m.month));
  });
  chart.append(svg('text', { x: pad, y: pad - 12 }, money(max)));
  return chart;
}

/// The share of 4–5 star reviews as a half-circle gauge, with the average and count.
function gauge(s) {
  const r = 80, cx = 100, cy = 100;
  const share = s.count ? Math.min(100, Math.max(0, s.index)) / 100 : 0;
  const angle = Math.PI * (1 - share);
  const end = [cx + r * Math.cos(angle), cy - r * Math.sin(angle)];
  const arc = (x, y) => `M ${cx - r} ${cy} A ${r} ${r} 0 0 1 ${x.toFixed(1)} ${y.toFixed(1)}`;
  const label = s.count ? `${s.index}%` : '–';
  const node = svg('svg', { viewBox: '0 0 200 130', role: 'img', class: 'gauge', 'aria-label': `${t('console.satisfaction')}: ${label}` },
    svg('path', { d: arc(cx + r, cy), class: 'track' }));
  if (share > 0) node.append(svg('path', { d: arc(...end), class: 'fill' }));
  node.append(
    svg('text', { x: cx, y: cy - 10, 'text-anchor': 'middle', class: 'value' }, label),
    svg('text', { x: cx, y: cy + 22, 'text-anchor': 'middle' }, s.count ? `${s.average} ★ · ${s.count} ${t('console.reviews')}` : t('console.noReviews')));
  node.dataset.index = String(s.index);
  return node;
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
      stat(t('console.discountsGiven'), money(r.totals.discounts)),
      stat(t('console.vouchersRedeemed'), String(r.totals.vouchersRedeemed)),
      stat(t('console.pointsIssued'), String(r.totals.pointsIssued ?? 0)),
      stat(t('console.pointsSpent'), String(r.totals.pointsSpent ?? 0)),
      stat(t('console.satisfaction'), r.satisfaction.count ? `${r.satisfaction.average} ★ · ${r.satisfaction.index}%` : '–'));
    $('#dash-chart').replaceChildren(...chart(r.salesByCategoryByMonth));
    $('#dash-line').replaceChildren(revenueLine(r.totals.byMonth));
    $('#dash-gauge').replaceChildren(gauge(r.satisfaction));
    // Money per month: net revenue, what discounts and vouchers took, points in and out.
    $('#dash-month-rows').replaceChildren(...r.totals.byMonth.map((m) => el('tr', {},
      el('td', { textContent: m.month }), el('td', { textContent: money(m.revenue) }),
      el('td', { textContent: money(m.discounts) }), el('td', { textContent: String(m.vouchersRedeemed) }),
      el('td', { textContent: String(m.pointsIssued) }), el('td', { textContent: String(m.pointsSpent) }),
      el('td', { textContent: m.importedRevenue ? money(m.importedRevenue) : '' }))));
    $('#dash-top').replaceChildren(...r.topCustomers.map((c) => el('tr', {},
      el('td', {}, c.name || c.email, ...(c.importedRevenue ? [' ', el('span', { className: 'badge imported', textContent: t('console.imported') })] : [])),
      el('td', { textContent: c.email }),
      el('td', { textContent: String(c.orders) }), el('td', { textContent: money(c.revenue) }),
      el('td', { textContent: `RFM ${c.rfm.score}` }))));
  } catch (err) {
    $('#dash-error').textContent = err.message;
    $('#dash-error').hidden = false;
  }
}

// CSVs need the bearer token, so they are fetched and handed over as files.
const download = (q, name) => fetchFile(`/admin/analytics?${q}`, name);

$('#dash-csv').addEventListener('click', (e) => {
  e.preventDefault();
  const q = new URLSearchParams({ format: 'csv', from: $('#dash-from').value, to: $('#dash-to').value });
  download(q, `sales-${q.get('from')}-${q.get('to')}.csv`);
});
$('#dash-months').addEventListener('click', (e) => {
  e.preventDefault();
  const q = new URLSearchParams({ format: 'months', from: $('#dash-from').value, to: $('#dash-to').value });
  download(q, `months-${q.get('from')}-${q.get('to')}.csv`);
});
$('#dash-customers').addEventListener('click', (e) => {
  e.preventDefault();
  download(new URLSearchParams({ format: 'customers' }), 'customers.csv');
});

document.addEventListener('toko:dashboard', load);
$('#dash-load').addEventListener('click', load);
