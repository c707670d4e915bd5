// The activity log in the console (admins, managers; GET /api/admin/activity): every
// staff action, newest first — who, when, what, on which record, what changed —
// filtered by area and, from a click on a name, by person; page after page.
import { makeApi } from '/assets/api.js';
import { apply, extend, t, when } from '/assets/i18n.js';
import { $, el } from '/assets/dom.js';
import { may } from '/console/may.js';

const AREAS = ['orders', 'customers', 'catalog', 'promos', 'messages', 'settings', 'staff'];

extend({
  en: {
    'act.tab': 'Activity', 'act.intro': 'Every staff action: who did what, when, on which record, and what changed. Nothing here can be edited or deleted.',
    'act.when': 'When', 'act.who': 'Who', 'act.what': 'What', 'act.record': 'Record', 'act.change': 'Change', 'act.area': 'Area', 'act.all': 'All areas',
    'act.only': 'Only {name}', 'act.everyone': 'Show everyone', 'act.onlyOf': 'Show only what {name} did', 'act.none': 'Nothing recorded yet.',
    'act.area.orders': 'Orders', 'act.area.customers': 'Customers', 'act.area.catalog': 'Catalogue', 'act.area.promos': 'Promos and vouchers',
    'act.area.messages': 'Messages', 'act.area.settings': 'Settings', 'act.area.staff': 'Staff',
    'act.order.accepted': 'Accepted an order', 'act.order.rejected': 'Turned down an order', 'act.order.moved': 'Moved an order', 'act.order.proof_sent': 'Sent a proof', 'act.quote.offered': 'Priced a quote', 'act.sales.imported': 'Imported past sales', 'act.products.imported': 'Imported products from a file', 'act.testimonial.decided': 'Decided on a testimonial', 'act.sales.import_undone': 'Undid a sales import',
    'act.customer.approved': 'Approved a registration', 'act.customer.rejected': 'Turned down a registration', 'act.customer.note_added': 'Wrote a staff note',
    'act.customer.points_adjusted': 'Adjusted points', 'act.customer.exported': 'Exported a customer’s data', 'act.customer.erased': 'Erased a customer’s account',
    'act.product.created': 'Added a product', 'act.product.updated': 'Changed a product', 'act.product.deleted': 'Deleted a product', 'act.product.picture_changed': 'Changed a product’s picture',
    'act.promo.created': 'Created a promo', 'act.promo.updated': 'Changed a promo', 'act.promo.deleted': 'Deleted a promo', 'act.promo.mailed': 'Mailed a promo',
    'act.voucher.created': 'Created a voucher', 'act.voucher.updated': 'Changed a voucher', 'act.message.sent': 'Wrote to a customer',
    'act.settings.changed': 'Changed settings', 'act.staff.invited': 'Invited a staff member', 'act.staff.invited_again': 'Sent an invitation again', 'act.staff.changed': 'Changed a staff member’s access',
    'act.kind.order': 'Order', 'act.kind.customer': 'Customer', 'act.kind.product': 'Product', 'act.kind.promo': 'Promo', 'act.kind.voucher': 'Voucher', 'act.kind.staff': 'Staff', 'act.kind.settings': 'Settings',
  },
  id: {
    'act.tab': 'Aktivitas', 'act.intro': 'Setiap tindakan staf: siapa melakukan apa, kapan, pada data mana, dan apa yang berubah. Tidak ada yang bisa diubah atau dihapus di sini.',
    'act.when': 'Waktu', 'act.who': 'Siapa', 'act.what': 'Tindakan', 'act.record': 'Data', 'act.change': 'Perubahan', 'act.area': 'Bagian', 'act.all': 'Semua bagian',
    'act.only': 'Hanya {name}', 'act.everyone': 'Tampilkan semua orang', 'act.onlyOf': 'Tampilkan hanya tindakan {name}', 'act.none': 'Belum ada yang tercatat.',
    'act.area.orders': 'Pesanan', 'act.area.customers': 'Pelanggan', 'act.area.catalog': 'Katalog', 'act.area.promos': 'Promo dan voucher',
    'act.area.messages': 'Pesan', 'act.area.settings': 'Pengaturan', 'act.area.staff': 'Staf',
    'act.order.accepted': 'Menerima pesanan', 'act.order.rejected': 'Menolak pesanan', 'act.order.moved': 'Memindahkan status pesanan', 'act.order.proof_sent': 'Mengirim proof', 'act.quote.offered': 'Memberi harga penawaran', 'act.sales.imported': 'Mengimpor penjualan lama', 'act.products.imported': 'Mengimpor produk dari berkas', 'act.testimonial.decided': 'Memutuskan testimoni', 'act.sales.import_undone': 'Membatalkan impor penjualan',
    'act.customer.approved': 'Menyetujui pendaftaran', 'act.customer.rejected': 'Menolak pendaftaran', 'act.customer.note_added': 'Menulis catatan staf',
    'act.customer.points_adjusted': 'Menyesuaikan poin', 'act.customer.exported': 'Mengekspor data pelanggan', 'act.customer.erased': 'Menghapus akun pelanggan',
    'act.product.created': 'Menambahkan produk', 'act.product.updated': 'Mengubah produk', 'act.product.deleted': 'Menghapus produk', 'act.product.picture_changed': 'Mengganti gambar produk',
    'act.promo.created': 'Membuat promo', 'act.promo.updated': 'Mengubah promo', 'act.promo.deleted': 'Menghapus promo', 'act.promo.mailed': 'Mengirim e-mail promo',
    'act.voucher.created': 'Membuat voucher', 'act.voucher.updated': 'Mengubah voucher', 'act.message.sent': 'Menulis ke pelanggan',
    'act.settings.changed': 'Mengubah pengaturan', 'act.staff.invited': 'Mengundang anggota staf', 'act.staff.invited_again': 'Mengirim ulang undangan', 'act.staff.changed': 'Mengubah akses anggota staf',
    'act.kind.order': 'Pesanan', 'act.kind.customer': 'Pelanggan', 'act.kind.product': 'Produk', 'act.kind.promo': 'Promo', 'act.kind.voucher': 'Voucher', 'act.kind.staff': 'Staf', 'act.kind.settings': 'Pengaturan',
  },
});

const api = makeApi('toko.console.token');
const filter = { by: null, name: '', area: '' };
let cursor = null;
// Only the newest request draws (a filter changed while a page was on its way).
let asked = 0;

/// A string of the page's language for a code the server sends, or the code itself.
const known = (key, fallback) => { const s = t(key); return s === key ? fallback : s; };

function row(e) {
  const who = el('button', { type: 'button', className: 'link', textContent: e.by.name || e.by.id });
  who.title = t('act.onlyOf', { name: e.by.name });
  who.addEventListener('click', () => { Object.assign(filter, { by: e.by.id, name: e.by.name }); load(true); });
  const record = `${known(`act.kind.${e.record.kind}`, e.record.kind)} ${e.record.label || e.record.id}`;
  return el('tr', {},
    el('td', { className: 'nowrap', textContent: when(e.at) }),
    el('td', {}, who, el('div', { className: 'muted', textContent: known(`staff.role.${e.by.role}`, e.by.role).split(' (')[0] })),
    el('td', { textContent: known(`act.${e.action}`, e.action) }),
    el('td', { className: 'change', textContent: record }),
    el('td', { className: 'change', textContent: e.change || '—' }));
}

async function load(fresh) {
  if (!may('activity')) return;
  if (fresh) cursor = null;
  const q = new URLSearchParams({ limit: '25' });
  if (filter.by) q.set('by', filter.by);
  if (filter.area) q.set('area', filter.area);
  if (cursor) q.set('cursor', cursor);
  $('#activity-person').hidden = !filter.by;
  $('#activity-person-name').textContent = t('act.only', { name: filter.name });
  $('#activity-error').hidden = true;
  $('#activity-view').setAttribute('aria-busy', 'true');
  const mine = ++asked;
  try {
    const page = await api.get(`/admin/activity?${q}`);
    if (mine !== asked) return;
    const rows = page.items.map(row);
    if (fresh) $('#activity-rows').replaceChildren(...rows); else $('#activity-rows').append(...rows);
    $('#activity-empty').hidden = $('#activity-rows').children.length > 0;
    cursor = page.nextCursor;
    $('#activity-more').hidden = !cursor;
  } catch (err) {
    if (mine !== asked) return;
    $('#activity-error').textContent = err.status === 0 ? t('error.network') : err.message;
    $('#activity-error').hidden = false;
  } finally {
    $('#activity-view').removeAttribute('aria-busy');
  }
}

function areas() {
  const select = $('#activity-area');
  select.replaceChildren(el('option', { value: '', textContent: t('act.all') }),
    ...AREAS.map((a) => el('option', { value: a, textContent: t(`act.area.${a}`), selected: a === filter.area })));
}

$('#activity-area').addEventListener('change', (e) => { filter.area = e.target.value; load(true); });
$('#activity-everyone').addEventListener('click', () => { Object.assign(filter, { by: null, name: '' }); load(true); });
$('#activity-more').addEventListener('click', () => load(false));
document.addEventListener('toko:activity', () => { areas(); load(true); });
document.querySelectorAll('[data-lang]').forEach((b) => b.addEventListener('click', () => setTimeout(() => { apply($('#activity-view')); })));
