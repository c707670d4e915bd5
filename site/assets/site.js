// The customer site: hash routes #/, #/register, #/login, #/account, #/contact.
import { makeApi } from './api.js';
import { apply, setLang, showError, t } from './i18n.js';

const api = makeApi('toko.token');
const $ = (sel) => document.querySelector(sel);

function show(view) {
  document.querySelectorAll('[data-view]').forEach((el) => { el.hidden = el.dataset.view !== view; });
  const signedIn = Boolean(api.token());
  document.querySelectorAll('[data-guest]').forEach((el) => { el.hidden = signedIn; });
  document.querySelectorAll('[data-member]').forEach((el) => { el.hidden = !signedIn; });
  window.scrollTo(0, 0);
}

async function loadAccount() {
  try {
    const me = await api.get('/me');
    $('#account-name').textContent = me.user.name;
    $('#account-email').textContent = me.user.email;
    $('#account-status').textContent = t(`status.${me.user.status}`);
    $('#account-status').dataset.status = me.user.status;
    const notice = $('#account-notice');
    notice.className = `notice ${me.user.status}`;
    notice.textContent = t(`account.${me.user.status}.text`);
    $('#account-pending-orders').textContent = me.pendingOrders;
    $('#account-unread').textContent = me.unreadMessages;
  } catch (err) {
    if (err.status === 401) { location.hash = '#/login'; return; }
    $('#account-notice').textContent = t('error.generic');
  }
}

async function route() {
  const path = location.hash.replace(/^#/, '') || '/';
  if (path === '/logout') { api.setToken(null); location.hash = '#/'; return; }
  if (path === '/contact') { show('home'); $('#contact').scrollIntoView(); return; }
  if (path === '/account') {
    if (!api.token()) { location.hash = '#/login'; return; }
    show('account');
    await loadAccount();
    return;
  }
  show(['/register', '/login'].includes(path) ? path.slice(1) : 'home');
}

function values(form) {
  const data = Object.fromEntries(new FormData(form));
  form.querySelectorAll('input[type=checkbox]').forEach((c) => { data[c.name] = c.checked; });
  return data;
}

async function submit(form, action) {
  const button = form.querySelector('button[type=submit]');
  form.querySelector('.form-error').hidden = true;
  form.querySelectorAll('.field-error').forEach((e) => e.remove());
  button.disabled = true;
  try { await action(values(form)); } catch (err) { showError(form, err); } finally { button.disabled = false; }
}

$('#register-form').addEventListener('submit', (e) => {
  e.preventDefault();
  submit(e.target, async (data) => {
    if (!data.phone) delete data.phone;
    data.locale = document.documentElement.lang;
    await api.post('/auth/register', data);
    e.target.hidden = true;
    $('#register-done').hidden = false;
  });
});

$('#login-form').addEventListener('submit', (e) => {
  e.preventDefault();
  submit(e.target, async (data) => {
    const res = await api.post('/auth/login', data);
    api.setToken(res.token);
    e.target.reset();
    location.hash = '#/account';
  });
});

document.querySelectorAll('[data-lang]').forEach((b) => b.addEventListener('click', () => { setLang(b.dataset.lang); route(); }));
window.addEventListener('hashchange', route);
apply();
route();
