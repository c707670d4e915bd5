// The account page's privacy part: a change of e-mail address (confirmed from the new
// address), "Download my data" and "Delete my account". Loaded with the account page.
import { apply, extend, showError, t } from './i18n.js';
import { $, el } from './dom.js';

extend({
  en: {
    'email.change': 'Change e-mail address', 'email.new': 'New e-mail address', 'email.password': 'Your password',
    'email.save': 'Send the confirmation link', 'email.sent': 'We sent a link to {email}. Your address changes when you open it (within 24 hours).',
    'data.title': 'Your data', 'data.text': 'Download everything the shop holds about you (profile, addresses, orders, messages, reviews, points, consents) as one file.',
    'data.download': 'Download my data', 'data.ready': 'Your file is ready (the link works for 15 minutes):', 'data.file': 'Download the file',
    'delete.text': 'Your profile, addresses, messages, files and points are erased. Orders stay in the shop\'s books without your name, address or e-mail; your reviews stay under "a former customer". You can register again later with the same e-mail address.',
    'delete.password': 'Your password, to confirm', 'delete.understand': 'I understand this cannot be undone', 'delete.button': 'Delete my account',
    'delete.orders_in_progress': 'An order is still pending or on its way: cancel the pending ones, or wait until the shop completes them.',
  },
  id: {
    'email.change': 'Ubah alamat e-mail', 'email.new': 'Alamat e-mail baru', 'email.password': 'Kata sandi Anda',
    'email.save': 'Kirim tautan konfirmasi', 'email.sent': 'Kami mengirim tautan ke {email}. Alamat e-mail Anda baru berubah setelah tautan itu dibuka (dalam 24 jam).',
    'data.title': 'Salinan data Anda', 'data.text': 'Unduh semua data yang disimpan toko tentang Anda (profil, alamat, pesanan, pesan, ulasan, poin, persetujuan) dalam satu file.',
    'data.download': 'Unduh data saya', 'data.ready': 'File Anda siap (tautan berlaku 15 menit):', 'data.file': 'Unduh file',
    'delete.text': 'Profil, alamat, pesan, file, dan poin Anda dihapus. Pesanan tetap tercatat di pembukuan toko tanpa nama, alamat, atau e-mail Anda; ulasan Anda tetap tampil sebagai "mantan pelanggan". Anda dapat mendaftar lagi nanti dengan alamat e-mail yang sama.',
    'delete.password': 'Kata sandi Anda, untuk konfirmasi', 'delete.understand': 'Saya mengerti ini tidak dapat dibatalkan', 'delete.button': 'Hapus akun saya',
    'delete.orders_in_progress': 'Masih ada pesanan yang menunggu atau sedang berjalan: batalkan yang menunggu, atau tunggu sampai toko menyelesaikannya.',
  },
});

const i18n = (node, key) => { node.dataset.i18n = key; node.textContent = t(key); return node; };
const field = (key, props) => el('label', {}, i18n(el('span'), key), el('input', props));
const form = (...children) => el('form', { noValidate: true }, el('p', { className: 'form-error', hidden: true }), ...children);

async function send(f, action) {
  const button = f.querySelector('button[type=submit]');
  f.querySelector('.form-error').hidden = true;
  f.querySelectorAll('.field-error').forEach((e) => e.remove());
  button.disabled = true;
  try { await action(Object.fromEntries(new FormData(f))); } catch (err) { showError(f, err); } finally { button.disabled = false; }
}

/// What follows the language beyond `data-i18n` (text with the address in it).
let redraw = () => {};

/// Draws the part once; a redraw (a language switch) keeps what is being typed.
export function loadPrivacy(api, { user, customer, onDeleted }) {
  const box = $('#account-privacy');
  if (box.dataset.drawn === user) { apply(box); redraw(); return; }
  box.dataset.drawn = user;

  const emailForm = form(
    field('email.new', { name: 'newEmail', type: 'email', autocomplete: 'email', required: true }),
    field('email.password', { name: 'password', type: 'password', autocomplete: 'current-password', required: true }),
    i18n(el('button', { className: 'btn', type: 'submit' }), 'email.save'));
  const emailSent = el('p', { className: 'notice approved', role: 'status', hidden: true, id: 'email-sent' });
  redraw = () => { if (emailSent.dataset.email) emailSent.textContent = t('email.sent', { email: emailSent.dataset.email }); };
  emailForm.addEventListener('submit', (e) => {
    e.preventDefault();
    send(emailForm, async (data) => {
      await api.post('/auth/email', data);
      emailSent.dataset.email = data.newEmail;
      redraw();
      emailSent.hidden = false;
      emailForm.reset();
    });
  });
  // Beside "Change password", where people look for it.
  document.getElementById('email-box')?.remove();
  $('#password-box').after(el('details', { id: 'email-box' }, i18n(el('summary'), 'email.change'), emailForm, emailSent));
  const parts = [];

  if (customer) {
    const ready = el('p', { id: 'data-ready', hidden: true });
    const download = i18n(el('button', { className: 'btn light', type: 'button', id: 'data-download' }), 'data.download');
    const dataError = el('p', { className: 'form-error', hidden: true });
    download.addEventListener('click', async () => {
      download.disabled = true;
      dataError.hidden = true;
      try {
        const r = await api.post('/account/export');
        ready.replaceChildren(i18n(el('span'), 'data.ready'), ' ', i18n(el('a', { href: r.url, id: 'data-file' }), 'data.file'));
        ready.hidden = false;
      } catch (err) {
        dataError.textContent = err.message;
        dataError.hidden = false;
      } finally { download.disabled = false; }
    });

    const deleteForm = form(
      field('delete.password', { name: 'password', type: 'password', autocomplete: 'current-password', required: true }),
      el('label', { className: 'check' }, el('input', { type: 'checkbox', name: 'understand', required: true }), ' ', i18n(el('span'), 'delete.understand')),
      i18n(el('button', { className: 'btn danger', type: 'submit' }), 'delete.button'));
    const sure = deleteForm.querySelector('[name=understand]');
    const button = deleteForm.querySelector('button');
    button.disabled = true;
    sure.addEventListener('change', () => { button.disabled = !sure.checked; });
    deleteForm.addEventListener('submit', (e) => {
      e.preventDefault();
      if (!sure.checked) return;
      send(deleteForm, async (data) => {
        try {
          await api.post('/account/delete', { password: data.password });
        } catch (err) {
          if (err.code === 'orders_in_progress') err.message = t('delete.orders_in_progress');
          throw err;
        }
        delete box.dataset.drawn;
        onDeleted();
      });
      button.disabled = !sure.checked;
    });
    parts.push(el('details', { id: 'data-box' }, i18n(el('summary'), 'data.title'), i18n(el('p', { className: 'muted' }), 'data.text'), download, dataError, ready));
    parts.push(el('details', { id: 'delete-box' }, i18n(el('summary'), 'delete.title'), i18n(el('p', { className: 'muted' }), 'delete.text'), deleteForm));
  }
  box.replaceChildren(...parts);
}
