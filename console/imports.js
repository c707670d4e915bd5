// Past sales from the shop's books (managers, admins: `sales.import`), on the dashboard:
// choose a CSV, check it (every bad line listed with its number, nothing imported), then
// import it; the dashboard redraws with the imported figures marked. Each import can be
// undone. The file goes to the API as it is (text/csv), checked there.
import { makeApi } from '/assets/api.js';
import { extend, lang, money, t, when } from '/assets/i18n.js';
import { $, el } from '/assets/dom.js';
import { may } from '/console/may.js';
import { postCsv, resultBox } from '/console/files.js';

extend({
  en: {
    'imp.title': 'Past sales from your books',
    'imp.help': 'A CSV with the columns month,category,units,revenue (one line per category and month), or date,invoice,customer e-mail,product or category,quantity,unit price (one line per order line). Checked first: nothing is imported until every line is right.',
    'imp.file': 'CSV file', 'imp.check': 'Check the file', 'imp.apply': 'Import', 'imp.undo': 'Undo',
    'imp.ready': '{rows} lines: {months} months, {units} units, {revenue}{customers}. Nothing is imported yet.',
    'imp.customers': ', {n} customers', 'imp.again': 'This file was imported already: importing it again changes nothing.',
    'imp.taken': 'These months already hold imported sales: {months}. Undo that import first.',
    'imp.done': 'Imported: the dashboard now includes it, marked as imported.',
    'imp.undone': 'Undone.', 'imp.history': 'Imports', 'imp.state.applied': 'counted', 'imp.state.undone': 'undone', 'imp.state.applying': 'being written',
    'imp.row': '{file} · {months} · {revenue} · by {by}, {at}',
    'code.months_already_imported': 'Some months already hold imported sales: undo that import first.',
    'code.import_not_applied': 'This import is not counted (undone already).',
  },
  id: {
    'imp.title': 'Penjualan lama dari pembukuan',
    'imp.help': 'CSV dengan kolom month,category,units,revenue (satu baris per kategori dan bulan), atau date,invoice,customer e-mail,product or category,quantity,unit price (satu baris per barang pesanan). Diperiksa dulu: tidak ada yang diimpor sampai semua baris benar.',
    'imp.file': 'Berkas CSV', 'imp.check': 'Periksa berkas', 'imp.apply': 'Impor', 'imp.undo': 'Batalkan',
    'imp.ready': '{rows} baris: {months} bulan, {units} unit, {revenue}{customers}. Belum ada yang diimpor.',
    'imp.customers': ', {n} pelanggan', 'imp.again': 'Berkas ini sudah pernah diimpor: mengimpornya lagi tidak mengubah apa pun.',
    'imp.taken': 'Bulan ini sudah berisi penjualan impor: {months}. Batalkan impor itu dulu.',
    'imp.done': 'Sudah diimpor: dasbor kini memuatnya, bertanda impor.',
    'imp.undone': 'Dibatalkan.', 'imp.history': 'Riwayat impor', 'imp.state.applied': 'dihitung', 'imp.state.undone': 'dibatalkan', 'imp.state.applying': 'sedang ditulis',
    'imp.row': '{file} · {months} · {revenue} · oleh {by}, {at}',
    'code.months_already_imported': 'Beberapa bulan sudah berisi penjualan impor: batalkan impor itu dulu.',
    'code.import_not_applied': 'Impor ini tidak dihitung (sudah dibatalkan).',
  },
});

const api = makeApi('toko.console.token');
let checked = null; // { text, name } of the file that passed its check
const result = resultBox('imp-result');

const send = (query, text) => postCsv('/admin/imports/sales', query, text);
const showProblem = (body) => result.problem(body);

/// Shows `key` (with `vars`) in the result box.
function say(key, vars, cls = 'notice') {
  result.show(() => result.say(t(key, typeof vars === 'function' ? vars() : vars), cls));
}

async function check(e) {
  e.preventDefault();
  $('#imp-apply').hidden = true;
  checked = null;
  const file = $('#imp-file').files[0];
  if (!file) return;
  const text = await file.text();
  const q = new URLSearchParams({ dryRun: 'true', fileName: file.name, lang: lang() });
  const { status, body } = await send(q, text);
  if (status !== 200) return showProblem(body);
  if (body.alreadyImported) return say('imp.again');
  if (body.monthsTaken.length) return say('imp.taken', { months: [...new Set(body.monthsTaken.map((m) => m.month))].join(', ') }, 'form-error');
  say('imp.ready', () => ({
    rows: body.rows, months: body.months.length, units: body.units, revenue: money(body.revenue),
    customers: body.customers ? t('imp.customers', { n: body.customers }) : '',
  }));
  checked = { text, name: file.name };
  $('#imp-apply').hidden = false;
}

async function applyImport() {
  if (!checked) return;
  $('#imp-apply').disabled = true;
  const q = new URLSearchParams({ fileName: checked.name, lang: lang() });
  const { status, body } = await send(q, checked.text);
  $('#imp-apply').disabled = false;
  $('#imp-apply').hidden = true;
  checked = null;
  if (status !== 201 && status !== 200) return showProblem(body);
  say(body.alreadyImported ? 'imp.again' : 'imp.done');
  document.dispatchEvent(new Event('toko:dashboard'));
}

async function undo(id) {
  try {
    await api.post(`/admin/imports/${id}/undo`);
    say('imp.undone');
  } catch (err) {
    showProblem({ code: err.code, detail: err.message });
  }
  document.dispatchEvent(new Event('toko:dashboard'));
}

async function list() {
  const { items } = await api.get('/admin/imports');
  $('#imp-list').replaceChildren(...items.map((i) => {
    const months = i.months.length > 1 ? `${i.months[0]} – ${i.months[i.months.length - 1]}` : i.months[0];
    const row = el('tr', {},
      el('td', { textContent: t('imp.row', { file: i.fileName, months, revenue: money(i.revenue), by: i.by, at: when(i.at) }) }),
      el('td', {}, el('span', { className: `badge ${i.state}`, textContent: t(`imp.state.${i.state}`) })),
      el('td', {}));
    if (i.state === 'applied') {
      const b = el('button', { className: 'btn light', type: 'button', textContent: t('imp.undo') });
      b.addEventListener('click', () => undo(i.id));
      row.lastChild.append(b);
    }
    row.dataset.importId = i.id;
    row.dataset.state = i.state;
    return row;
  }));
  $('#imp-history').hidden = items.length === 0;
}

/// A static text, translated again when the language changes (`apply`).
function text(tag, key, props = {}) {
  const node = el(tag, { ...props, textContent: t(key) });
  node.dataset.i18n = key;
  return node;
}

function build() {
  if ($('#dash-imports') || !may('sales.import')) return;
  const form = el('form', { id: 'imp-form', className: 'inline-form' },
    el('label', {}, text('span', 'imp.file'), el('input', { type: 'file', id: 'imp-file', accept: '.csv,text/csv', required: true })),
    text('button', 'imp.check', { className: 'btn light', type: 'submit' }),
    text('button', 'imp.apply', { className: 'btn', type: 'button', id: 'imp-apply', hidden: true }));
  form.addEventListener('submit', check);
  form.querySelector('#imp-apply').addEventListener('click', applyImport);
  $('#dashboard-view').append(el('div', { id: 'dash-imports' },
    text('h2', 'imp.title'),
    text('p', 'imp.help', { className: 'muted' }),
    form,
    el('div', { id: 'imp-result', role: 'status', hidden: true }),
    el('div', { id: 'imp-history', hidden: true },
      text('h3', 'imp.history'),
      el('table', { className: 'queue' }, el('tbody', { id: 'imp-list' })))));
}

document.addEventListener('toko:dashboard', () => {
  build();
  result.redraw();
  if ($('#dash-imports')) list().catch(() => {});
});
