// The storefront in the console (admins): what the site shows of the shop — contact
// lines, the home page's texts in English and Indonesian, the product categories with
// their names (PUT /api/admin/settings/storefront; the site shows it within a minute).
import { makeApi } from '/assets/api.js';
import { extend, showError, t } from '/assets/i18n.js';
import { $, el } from '/assets/dom.js';
import { may } from '/console/may.js';

extend({
  en: {
    'store.title': 'What the site shows', 'store.help': 'Left empty, the site shows its own texts (how to buy, questions) and the six standard categories; empty contact lines are not shown.',
    'store.phone': 'Phone', 'store.whatsapp': 'WhatsApp number', 'store.email': 'E-mail', 'store.hoursEn': 'Opening hours (English)', 'store.hoursId': 'Opening hours (Indonesian)',
    'store.aboutEn': 'About the shop (English)', 'store.aboutId': 'About the shop (Indonesian)',
    'store.stepsEn': 'How to buy, one step per line (English)', 'store.stepsId': 'How to buy, one step per line (Indonesian, as many lines)',
    'store.categories': 'Categories, one per line: code | English name | Indonesian name', 'store.faq': 'Questions and answers',
    'store.qEn': 'Question (English)', 'store.qId': 'Question (Indonesian)', 'store.aEn': 'Answer (English)', 'store.aId': 'Answer (Indonesian)',
    'store.addFaq': 'Add a question', 'store.removeFaq': 'Remove this question', 'store.stepsMismatch': 'Give as many steps in Indonesian as in English.',
  },
  id: {
    'store.title': 'Yang ditampilkan situs', 'store.help': 'Jika kosong, situs menampilkan teksnya sendiri (cara membeli, pertanyaan) dan enam kategori standar; baris kontak yang kosong tidak ditampilkan.',
    'store.phone': 'Telepon', 'store.whatsapp': 'Nomor WhatsApp', 'store.email': 'E-mail', 'store.hoursEn': 'Jam buka (Inggris)', 'store.hoursId': 'Jam buka (Indonesia)',
    'store.aboutEn': 'Tentang toko (Inggris)', 'store.aboutId': 'Tentang toko (Indonesia)',
    'store.stepsEn': 'Cara membeli, satu langkah per baris (Inggris)', 'store.stepsId': 'Cara membeli, satu langkah per baris (Indonesia, jumlah baris sama)',
    'store.categories': 'Kategori, satu per baris: kode | nama Inggris | nama Indonesia', 'store.faq': 'Tanya jawab',
    'store.qEn': 'Pertanyaan (Inggris)', 'store.qId': 'Pertanyaan (Indonesia)', 'store.aEn': 'Jawaban (Inggris)', 'store.aId': 'Jawaban (Indonesia)',
    'store.addFaq': 'Tambah pertanyaan', 'store.removeFaq': 'Hapus pertanyaan ini', 'store.stepsMismatch': 'Isi langkah berbahasa Indonesia sebanyak yang berbahasa Inggris.',
  },
});

const api = makeApi('toko.console.token');
const form = $('#storefront-form');
const field = (key, name, tag = 'input', props = {}) => el('label', {}, el('span', { textContent: t(key) }), el(tag, { name, ...props }));
const lines = (v) => v.split('\n').map((s) => s.trim()).filter(Boolean);

function faqBlock(i, q = { question: {}, answer: {} }) {
  const box = el('fieldset', { className: 'faq-edit' },
    el('legend', { textContent: `${t('store.faq')} ${i + 1}` }),
    field('store.qEn', `faq[${i}].question.en`, 'input', { value: q.question.en || '', maxLength: 200 }),
    field('store.qId', `faq[${i}].question.id`, 'input', { value: q.question.id || '', maxLength: 200 }),
    field('store.aEn', `faq[${i}].answer.en`, 'textarea', { value: q.answer.en || '', rows: 2, maxLength: 1000 }),
    field('store.aId', `faq[${i}].answer.id`, 'textarea', { value: q.answer.id || '', rows: 2, maxLength: 1000 }));
  const remove = el('button', { type: 'button', className: 'btn light', textContent: t('store.removeFaq') });
  remove.addEventListener('click', () => { const all = faqs(); all.splice(i, 1); draw({ ...read(), faq: all }); });
  box.append(remove);
  return box;
}

/// The questions as the form holds them now.
function faqs() {
  return [...form.querySelectorAll('.faq-edit')].map((_, i) => {
    const v = (k) => form.elements[`faq[${i}].${k}`].value;
    return { question: { en: v('question.en'), id: v('question.id') }, answer: { en: v('answer.en'), id: v('answer.id') } };
  });
}

/// The storefront as the form holds it now.
function read() {
  const f = form.elements;
  const both = (en, id) => (f[en].value.trim() || f[id].value.trim() ? { en: f[en].value, id: f[id].value } : null);
  const en = lines(f.stepsEn.value);
  const id = lines(f.stepsId.value);
  return {
    phone: f.phone.value || null, whatsapp: f.whatsapp.value || null, email: f.email.value || null,
    hours: both('hoursEn', 'hoursId'), about: both('aboutEn', 'aboutId'),
    howToBuy: en.map((s, i) => ({ en: s, id: id[i] || '' })), stepsMismatch: en.length !== id.length,
    faq: faqs().filter((q) => Object.values(q.question).concat(Object.values(q.answer)).some((x) => x.trim())),
    categories: lines(f.categories.value).map((l) => { const [slug = '', n = '', i = ''] = l.split('|').map((s) => s.trim()); return { slug, en: n, id: i }; }),
  };
}

function draw(s) {
  // The product form offers the shop's categories.
  if (s.categories?.length) $('#category-list').replaceChildren(...s.categories.map((c) => el('option', { value: c.slug, label: `${c.en} / ${c.id}` })));
  const steps = (k) => (s.howToBuy || []).map((x) => x[k]).join('\n');
  form.replaceChildren(el('p', { className: 'form-error', hidden: true }), el('p', { className: 'muted', textContent: t('store.help') }),
    field('store.phone', 'phone', 'input', { value: s.phone || '', type: 'tel', maxLength: 30 }),
    field('store.whatsapp', 'whatsapp', 'input', { value: s.whatsapp || '', type: 'tel', maxLength: 30 }),
    field('store.email', 'email', 'input', { value: s.email || '', type: 'email', maxLength: 254 }),
    field('store.hoursEn', 'hoursEn', 'input', { value: s.hours?.en || '', maxLength: 100 }),
    field('store.hoursId', 'hoursId', 'input', { value: s.hours?.id || '', maxLength: 100 }),
    field('store.aboutEn', 'aboutEn', 'textarea', { value: s.about?.en || '', rows: 3, maxLength: 1000 }),
    field('store.aboutId', 'aboutId', 'textarea', { value: s.about?.id || '', rows: 3, maxLength: 1000 }),
    field('store.stepsEn', 'stepsEn', 'textarea', { value: steps('en'), rows: 4 }),
    field('store.stepsId', 'stepsId', 'textarea', { value: steps('id'), rows: 4 }),
    field('store.categories', 'categories', 'textarea', { value: (s.categories || []).map((c) => `${c.slug} | ${c.en} | ${c.id}`).join('\n'), rows: 6, placeholder: 'printing | Printing | Cetak' }),
    el('h3', { textContent: t('store.faq') }), ...(s.faq || []).map((q, i) => faqBlock(i, q)));
  const add = el('button', { type: 'button', className: 'btn light', textContent: t('store.addFaq') });
  add.addEventListener('click', () => { const now = read(); draw({ ...now, faq: [...faqs(), { question: {}, answer: {} }] }); });
  form.append(add, el('p', { className: 'notice approved', id: 'storefront-saved', role: 'status', hidden: true, textContent: t('console.saved') }),
    el('button', { className: 'btn', type: 'submit', textContent: t('console.save') }));
}

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  const { stepsMismatch, ...body } = read();
  if (stepsMismatch) { showError(form, { message: t('store.stepsMismatch') }); return; }
  try {
    draw(await api.request('PUT', '/admin/settings/storefront', body));
    $('#storefront-saved').hidden = false;
  } catch (err) {
    showError(form, err);
    // Problems of lines in a text box (a category, a step) have no input of their own.
    const loose = (err.errors || []).filter((x) => !form.querySelector(`[name="${CSS.escape(x.field)}"]`));
    if (loose.length) form.querySelector('.form-error').textContent += ` ${loose.map((x) => `${x.field}: ${x.message}`).join('; ')}`;
  }
});

document.addEventListener('toko:orders', async () => {
  $('#storefront-settings').hidden = !may('settings');
  if (!may('settings')) return;
  if (form.dataset.loaded) { draw(read()); return; } // the language may have changed: labels anew, edits kept
  try { draw(await api.get('/admin/settings/storefront')); form.dataset.loaded = '1'; } catch { /* shown on the next visit */ }
});
