// The catalogue as a spreadsheet (admins): download it as CSV, edit it, then check the
// file (what each line would do: create, update which fields, unchanged; every bad line
// listed) and apply it. Products are matched by SKU (or, without one yet, by id).
import { extend, lang, money, t } from '/assets/i18n.js';
import { $, el } from '/assets/dom.js';
import { download, postCsv, resultBox } from '/console/files.js';

extend({
  en: {
    'pcsv.title': 'Products as a spreadsheet', 'pcsv.export': 'Download products (CSV)',
    'pcsv.help': 'Columns sku,id,name,category,price,description. Lines are matched by SKU (or by id for a product without one): changed ones are updated, new SKUs created. Pictures and made-to-order prices stay as they are.',
    'pcsv.file': 'CSV file', 'pcsv.check': 'Check the file', 'pcsv.apply': 'Apply',
    'pcsv.plan': '{created} new, {updated} changed, {unchanged} unchanged. Nothing is saved yet.',
    'pcsv.done': 'Saved: {created} new, {updated} changed.', 'pcsv.line': 'Line', 'pcsv.action': 'What happens', 'pcsv.changes': 'Changes',
    'pcsv.create': 'new', 'pcsv.update': 'changed', 'pcsv.unchanged': 'unchanged',
    'pcsv.f.sku': 'SKU', 'pcsv.f.name': 'name', 'pcsv.f.category': 'category', 'pcsv.f.price': 'price', 'pcsv.f.description': 'description',
    'code.sku_taken': 'Another product already has this SKU.', 'code.product_changed': 'The product was changed meanwhile: open it again.',
  },
  id: {
    'pcsv.title': 'Produk sebagai lembar kerja', 'pcsv.export': 'Unduh produk (CSV)',
    'pcsv.help': 'Kolom sku,id,name,category,price,description. Baris dicocokkan lewat SKU (atau id untuk produk yang belum punya SKU): yang berubah diperbarui, SKU baru dibuat. Gambar dan harga pesanan khusus tetap.',
    'pcsv.file': 'Berkas CSV', 'pcsv.check': 'Periksa berkas', 'pcsv.apply': 'Terapkan',
    'pcsv.plan': '{created} baru, {updated} berubah, {unchanged} tetap. Belum ada yang disimpan.',
    'pcsv.done': 'Tersimpan: {created} baru, {updated} berubah.', 'pcsv.line': 'Baris', 'pcsv.action': 'Yang terjadi', 'pcsv.changes': 'Perubahan',
    'pcsv.create': 'baru', 'pcsv.update': 'berubah', 'pcsv.unchanged': 'tetap',
    'pcsv.f.sku': 'SKU', 'pcsv.f.name': 'nama', 'pcsv.f.category': 'kategori', 'pcsv.f.price': 'harga', 'pcsv.f.description': 'deskripsi',
    'code.sku_taken': 'Produk lain sudah memakai SKU ini.', 'code.product_changed': 'Produk diubah orang lain sementara itu: buka lagi.',
  },
});

let checked = null;
const result = resultBox('pcsv-result');

function summary(body) {
  $('#pcsv-rows').replaceChildren(...body.rows.map((r) => {
    const tr = el('tr', {},
      el('td', { textContent: String(r.line) }),
      el('td', { textContent: r.sku || '' }),
      el('td', { textContent: r.name }),
      el('td', { textContent: money(r.price) }),
      el('td', {}, el('span', { className: `badge ${r.action}`, textContent: t(`pcsv.${r.action}`) })),
      el('td', { textContent: r.changes.map((c) => t(`pcsv.f.${c}`)).join(', ') }));
    tr.dataset.action = r.action;
    return tr;
  }));
  $('#pcsv-table').hidden = body.rows.length === 0;
}

$('#pcsv-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  $('#pcsv-apply').hidden = true;
  $('#pcsv-table').hidden = true;
  checked = null;
  result.forget();
  const file = $('#pcsv-file').files[0];
  if (!file) return;
  const text = await file.text();
  const { status, body } = await postCsv('/admin/products/import', new URLSearchParams({ dryRun: 'true', lang: lang() }), text);
  if (status !== 200) return result.problem(body);
  result.show(() => { summary(body); result.say(t('pcsv.plan', body)); });
  checked = text;
  $('#pcsv-apply').hidden = body.created + body.updated === 0;
});

$('#pcsv-apply').addEventListener('click', async () => {
  if (checked === null) return;
  $('#pcsv-apply').hidden = true;
  const { status, body } = await postCsv('/admin/products/import', new URLSearchParams({ lang: lang() }), checked);
  checked = null;
  if (status !== 200) return result.problem(body);
  result.show(() => { summary(body); result.say(t('pcsv.done', body)); });
  document.dispatchEvent(new Event('toko:products'));
});

$('#pcsv-export').addEventListener('click', () => download('/admin/products/export', 'products.csv'));
document.addEventListener('toko:products', () => result.redraw());
