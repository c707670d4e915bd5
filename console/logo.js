// The shop's logo in the console (admins; Orders → Shop details): uploaded straight to
// storage with a progress bar, checked by the server (a JPEG, PNG or WebP of at most
// 5 MiB), shown by the site's header and the printable invoice; removable.
import { makeApi } from '/assets/api.js';
import { putWithProgress } from '/assets/upload.js';
import { extend, t } from '/assets/i18n.js';
import { $ } from '/assets/dom.js';
import { may } from '/console/may.js';

extend({
  en: { 'logo.title': 'Logo', 'logo.help': 'A JPEG, PNG or WebP picture of at most 5 MiB; the site shows it beside the shop\'s name, and so does the printable invoice.', 'logo.file': 'Upload a logo', 'logo.remove': 'Remove the logo', 'logo.current': 'The current logo' },
  id: { 'logo.title': 'Logo', 'logo.help': 'Gambar JPEG, PNG, atau WebP maksimal 5 MiB; situs menampilkannya di samping nama toko, begitu juga faktur cetak.', 'logo.file': 'Unggah logo', 'logo.remove': 'Hapus logo', 'logo.current': 'Logo saat ini' },
});

const api = makeApi('toko.console.token');

function show(logo) {
  $('#logo-preview').hidden = !logo;
  $('#logo-remove').hidden = !logo;
  if (logo) { $('#logo-preview').src = logo; $('#logo-preview').alt = t('logo.current'); }
}

function fail(err) {
  $('#logo-error').textContent = err.status === 0 ? t('error.network') : err.message;
  $('#logo-error').hidden = false;
}

$('#logo-file').addEventListener('change', async (e) => {
  const file = e.target.files[0];
  if (!file) return;
  $('#logo-error').hidden = true;
  const bar = $('#logo-progress');
  bar.hidden = false;
  bar.value = 0;
  try {
    const started = await api.post('/admin/settings/logo', { contentType: file.type, size: file.size });
    await putWithProgress(started.upload, file, (p) => { bar.value = p; });
    show((await api.post('/admin/settings/logo/complete', { key: started.key })).logo);
  } catch (err) {
    fail(err);
  } finally {
    bar.hidden = true;
    e.target.value = '';
  }
});

$('#logo-remove').addEventListener('click', async () => {
  try { await api.request('DELETE', '/admin/settings/logo'); show(null); } catch (err) { fail(err); }
});

document.addEventListener('toko:orders', async () => {
  $('#logo-box').hidden = !may('settings');
  if (!may('settings')) return;
  // The public answer may be a minute old: ask past the cache.
  try { show((await (await fetch('/api/shop', { cache: 'no-cache' })).json()).logo); } catch { /* shown on the next visit */ }
});
