// Two-step sign-in in the console: a staff member turns it on (key for the app, first
// code, recovery codes) or off; an admin can require it of every admin. An admin who
// signs in without it while the shop requires it sees only this.
import { makeApi } from '/assets/api.js';
import { apply, extend, showError, t } from '/assets/i18n.js';
import { $, el } from '/assets/dom.js';

extend({
  en: {
    'totp.title': 'Two-step sign-in', 'totp.on': 'On: signing in asks for a code from your authenticator app.',
    'totp.offText': 'Off. With it on, signing in also asks for a 6-digit code from an app on your phone (Google Authenticator, Microsoft Authenticator, Aegis, …).',
    'totp.start': 'Set it up', 'totp.key': 'Add this key to the app (or open the link on the phone):', 'totp.open': 'Open in the authenticator app',
    'totp.code': 'Code from the app', 'totp.enable': 'Turn on', 'totp.codes': 'Recovery codes: each signs you in once if the phone is lost. Keep them somewhere safe; they are not shown again.',
    'totp.password': 'Your password', 'totp.disable': 'Turn off', 'totp.require': 'Require two-step sign-in for every admin',
    'totp.requireSaved': 'Saved.', 'totp.enrol': 'The shop requires admins to use two-step sign-in. Set it up to continue.',
    'totp.needed': 'Enter the 6-digit code from your authenticator app (or a recovery code).',
  },
  id: {
    'totp.title': 'Verifikasi dua langkah', 'totp.on': 'Aktif: saat masuk diminta kode dari aplikasi autentikator Anda.',
    'totp.offText': 'Nonaktif. Jika aktif, saat masuk juga diminta kode 6 angka dari aplikasi di ponsel Anda (Google Authenticator, Microsoft Authenticator, Aegis, …).',
    'totp.start': 'Atur sekarang', 'totp.key': 'Tambahkan kunci ini ke aplikasi (atau buka tautannya di ponsel):', 'totp.open': 'Buka di aplikasi autentikator',
    'totp.code': 'Kode dari aplikasi', 'totp.enable': 'Aktifkan', 'totp.codes': 'Kode pemulihan: masing-masing bisa dipakai sekali untuk masuk jika ponsel hilang. Simpan di tempat aman; kode ini tidak ditampilkan lagi.',
    'totp.password': 'Kata sandi Anda', 'totp.disable': 'Nonaktifkan', 'totp.require': 'Wajibkan verifikasi dua langkah untuk semua admin',
    'totp.requireSaved': 'Tersimpan.', 'totp.enrol': 'Toko mewajibkan admin memakai verifikasi dua langkah. Atur dulu untuk melanjutkan.',
    'totp.needed': 'Masukkan kode 6 angka dari aplikasi autentikator Anda (atau kode pemulihan).',
  },
});

const api = makeApi('toko.console.token');
const me = () => JSON.parse(localStorage.getItem('toko.console.user') || 'null');
const i18n = (node, key) => { node.dataset.i18n = key; node.textContent = t(key); return node; };
const form = (...children) => el('form', { noValidate: true }, el('p', { className: 'form-error', hidden: true }), ...children);
const field = (key, props) => el('label', {}, i18n(el('span'), key), el('input', props));

/// After a change the token and the account are the server's new ones.
function signedInAgain(res) {
  api.setToken(res.token);
  localStorage.setItem('toko.console.user', JSON.stringify(res.user));
  localStorage.removeItem('toko.console.enrol');
}

/// The recovery codes just made (shown until the page is left).
let shownCodes = null;

function render() {
  const box = $('#totp-body');
  const user = me();
  if (!user) return;
  const parts = [];
  if (user.twoFactor) {
    parts.push(i18n(el('p', { className: 'notice approved', id: 'totp-state' }), 'totp.on'));
    // Shown once, right after turning it on (until the page is left).
    if (shownCodes) {
      parts.push(i18n(el('p', { className: 'notice pending' }), 'totp.codes'),
        el('ol', { className: 'recovery-codes', id: 'recovery-codes' }, ...shownCodes.map((c) => el('li', {}, el('code', { textContent: c })))));
    }
    const off = form(field('totp.password', { name: 'password', type: 'password', autocomplete: 'current-password', required: true }),
      el('div', { className: 'row-actions' }, i18n(el('button', { className: 'btn light', type: 'submit' }), 'totp.disable')));
    off.addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        signedInAgain(await api.post('/auth/totp/disable', { password: off.password.value }));
        shownCodes = null;
        render();
      } catch (err) { showError(off, err); }
    });
    parts.push(off);
  } else {
    parts.push(i18n(el('p', { className: 'muted', id: 'totp-state' }), 'totp.offText'));
    const steps = el('div');
    const start = i18n(el('button', { className: 'btn', type: 'button', id: 'totp-start' }), 'totp.start');
    start.addEventListener('click', async () => {
      const key = await api.post('/auth/totp/setup');
      const grouped = key.secret.match(/.{1,4}/g).join(' ');
      const confirmForm = form(field('totp.code', { name: 'code', inputMode: 'numeric', autocomplete: 'one-time-code', required: true }),
        i18n(el('button', { className: 'btn', type: 'submit' }), 'totp.enable'));
      confirmForm.addEventListener('submit', async (e) => {
        e.preventDefault();
        try {
          const res = await api.post('/auth/totp/enable', { code: confirmForm.code.value });
          signedInAgain(res);
          shownCodes = res.recoveryCodes;
          render();
          document.dispatchEvent(new CustomEvent('toko:enrolled'));
        } catch (err) { showError(confirmForm, err); }
      });
      steps.replaceChildren(i18n(el('p'), 'totp.key'), el('p', {}, el('code', { className: 'totp-key', id: 'totp-key', textContent: grouped })),
        el('p', {}, i18n(el('a', { href: key.otpauthUrl }), 'totp.open')), confirmForm);
      start.hidden = true;
      confirmForm.code.focus();
    });
    parts.push(start, steps);
  }
  if (user.permissions?.includes('settings') && !localStorage.getItem('toko.console.enrol')) {
    const require = el('input', { type: 'checkbox', id: 'totp-require' });
    const saved = i18n(el('span', { className: 'muted', hidden: true }), 'totp.requireSaved');
    const rule = form(el('label', { className: 'check' }, require, ' ', i18n(el('span'), 'totp.require'), ' ', saved));
    const shown = () => api.get('/admin/settings/security').then((s) => { require.checked = s.requireAdminTotp; }).catch(() => {});
    shown();
    require.addEventListener('change', async () => {
      saved.hidden = true;
      try { await api.request('PUT', '/admin/settings/security', { requireAdminTotp: require.checked }); saved.hidden = false; } catch (err) {
        showError(rule, err);
        await shown(); // what the shop's rule really is
      }
    });
    parts.push(rule);
  }
  box.replaceChildren(...parts);
  apply(box);
}

document.addEventListener('toko:security', render);
