// A product's pictures in the console (admins): up to 8, the first the main one. Add
// more (each checked by the server like any upload), move them, remove them; the new
// order is saved with one request, on the pictures as they were read.
import { makeApi } from '/assets/api.js';
import { putWithProgress } from '/assets/upload.js';
import { extend, t } from '/assets/i18n.js';
import { $, el } from '/assets/dom.js';

extend({
  en: {
    'pp.title': 'Pictures (up to 8; the first is the main one)', 'pp.add': 'Add pictures', 'pp.main': 'main',
    'pp.left': 'Move earlier', 'pp.right': 'Move later', 'pp.remove': 'Remove', 'pp.save': 'Save the pictures', 'pp.saved': 'Pictures saved.',
    'code.too_many_pictures': 'A product has at most 8 pictures: remove one to add another.', 'code.invalid_upload': 'That file is not a JPEG, PNG or WebP picture of at most 5 MB.',
  },
  id: {
    'pp.title': 'Gambar (paling banyak 8; yang pertama gambar utama)', 'pp.add': 'Tambah gambar', 'pp.main': 'utama',
    'pp.left': 'Pindah ke depan', 'pp.right': 'Pindah ke belakang', 'pp.remove': 'Hapus', 'pp.save': 'Simpan gambar', 'pp.saved': 'Gambar tersimpan.',
    'code.too_many_pictures': 'Satu produk paling banyak 8 gambar: hapus satu untuk menambah.', 'code.invalid_upload': 'Berkas itu bukan gambar JPEG, PNG, atau WebP maks. 5 MB.',
  },
});

const api = makeApi('toko.console.token');
let product = null; // as read: its pictures are what the saved order is checked against
let order = [];

function say(text, error = false) {
  const box = $('#pp-status');
  box.className = error ? 'form-error' : 'muted';
  box.textContent = text;
  box.hidden = false;
}

function problem(err) {
  const known = t(`code.${err.code}`);
  say(known !== `code.${err.code}` ? known : err.message, true);
}

function draw() {
  $('#pp-list').replaceChildren(...order.map((src, i) => {
    const move = (by) => { order.splice(i + by, 0, order.splice(i, 1)[0]); draw(); };
    const button = (label, text, action, disabled) => {
      const b = el('button', { type: 'button', className: 'btn light', textContent: text, title: t(label), disabled });
      b.setAttribute('aria-label', `${t(label)} (${i + 1})`);
      b.addEventListener('click', action);
      return b;
    };
    const li = el('li', {}, el('img', { src, alt: '' }),
      ...(i === 0 ? [el('span', { className: 'badge applied', textContent: t('pp.main') })] : []),
      el('div', { className: 'row-actions' },
        button('pp.left', '◀', () => move(-1), i === 0),
        button('pp.right', '▶', () => move(1), i === order.length - 1),
        button('pp.remove', '✕', () => { order.splice(i, 1); draw(); }, false)));
    li.dataset.src = src;
    return li;
  }));
  $('#pp-add').disabled = order.length >= 8;
}

/// Shows the pictures of `p` (a product's detail) for editing, or hides them (`null`).
export function showPictures(p) {
  product = p;
  order = p ? [...(p.pictures || [])] : [];
  $('#pp-box').hidden = !p;
  $('#pp-status').hidden = true;
  if (p) draw();
}

async function upload(file) {
  const started = await api.post(`/admin/products/${product.id}/image`, { contentType: file.type, size: file.size });
  await putWithProgress(started.upload, file, () => {});
  return api.post(`/admin/products/${product.id}/image/complete`, { key: started.key, add: true });
}

$('#pp-add').addEventListener('change', async (e) => {
  for (const file of e.target.files) {
    try { showPictures(await upload(file)); } catch (err) { problem(err); break; }
  }
  e.target.value = '';
  document.dispatchEvent(new Event('toko:products'));
});

$('#pp-save').addEventListener('click', async () => {
  try {
    showPictures(await api.request('PUT', `/admin/products/${product.id}/pictures`, { pictures: order }));
    say(t('pp.saved'));
    document.dispatchEvent(new Event('toko:products'));
  } catch (err) { problem(err); }
});
