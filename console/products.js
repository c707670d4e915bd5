// The console's product management (admin): create, edit, delete, and upload a picture
// straight to storage with a progress bar, then have the server verify it.
import { makeApi } from '/assets/api.js';
import { putWithProgress } from '/assets/upload.js';
import { money, showError, t } from '/assets/i18n.js';
import { $, el } from '/assets/dom.js';
import { fillPricing, readPricing } from '/console/pricing.js';
import { showPictures } from '/console/product-pictures.js';

const api = makeApi('toko.console.token');
let cursor = null;

async function savePicture(id, file) {
  const bar = $('#picture-progress');
  bar.hidden = false;
  bar.value = 0;
  const started = await api.post(`/admin/products/${id}/image`, { contentType: file.type, size: file.size });
  await putWithProgress(started.upload, file, (p) => { bar.value = p; });
  bar.value = 100;
  return api.post(`/admin/products/${id}/image/complete`, { key: started.key });
}

function row(p) {
  const edit = el('button', { className: 'btn light', textContent: t('console.edit') });
  edit.addEventListener('click', async () => {
    const full = await api.get(`/products/${p.id}`);
    const f = $('#product-form');
    f.id.value = full.id;
    f.sku.value = full.sku || '';
    f.name.value = full.name;
    f.category.value = full.category;
    f.price.value = full.price;
    f.description.value = full.description || '';
    fillPricing(f, full.pricing);
    showPictures(full);
    f.scrollIntoView();
  });
  const del = el('button', { className: 'btn danger', textContent: t('console.delete') });
  del.addEventListener('click', async () => {
    if (!confirm(`${t('console.delete')}: ${p.name}?`)) return;
    await api.request('DELETE', `/admin/products/${p.id}`);
    tr.remove();
  });
  const tr = el('tr', {},
    el('td', {}, el('img', { src: p.imageUrl || '', alt: '', width: 64 })),
    el('td', {}, p.name, ...(p.sku ? [el('br'), el('small', { className: 'muted', textContent: p.sku })] : [])),
    el('td', { textContent: p.category }),
    el('td', { textContent: money(p.price) }),
    el('td', {}, el('div', { className: 'row-actions' }, edit, del)));
  tr.dataset.productId = p.id;
  return tr;
}

async function load(reset) {
  if (reset) { cursor = null; $('#products').replaceChildren(); }
  const q = new URLSearchParams({ limit: '50', sort: 'name' });
  if (cursor) q.set('cursor', cursor);
  const page = await api.get(`/products?${q}`);
  page.items.forEach((p) => $('#products').append(row(p)));
  cursor = page.nextCursor;
  $('#products-more').hidden = !cursor;
}

$('#product-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const f = e.target;
  f.querySelector('.form-error').hidden = true;
  f.querySelectorAll('.field-error').forEach((x) => x.remove());
  const body = { sku: f.sku.value, name: f.name.value, category: f.category.value, price: Number(f.price.value), description: f.description.value, pricing: readPricing(f) };
  const button = f.querySelector('button[type=submit]');
  button.disabled = true;
  try {
    let product = f.id.value
      ? await api.request('PUT', `/admin/products/${f.id.value}`, { ...body, imageUrl: undefined })
      : await api.post('/admin/products', body);
    const file = f.picture.files[0];
    if (file) product = await savePicture(product.id, file);
    f.reset();
    f.id.value = '';
    fillPricing(f, null);
    showPictures(null);
    $('#picture-progress').hidden = true;
    load(true);
  } catch (err) {
    showError(f, err);
    // The pricing's problems name their place (pricing.options[0].choices[1].add).
    const loose = (err.errors || []).filter((x) => x.field.startsWith('pricing'));
    if (loose.length) f.querySelector('.form-error').textContent += ` ${loose.map((x) => `${x.field}: ${x.message}`).join('; ')}`;
  } finally {
    button.disabled = false;
  }
});

document.addEventListener('toko:products', () => load(true));
$('#product-form').addEventListener('reset', () => showPictures(null));
$('#products-more').addEventListener('click', () => load(false));
