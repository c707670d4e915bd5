// The staff console shell: sign-in, the sections each role sees, and registrations
// waiting for a decision (orders, products, messages, promos and the dashboard have
// modules of their own).
import '/console/strings.js';
import { makeApi } from '/assets/api.js';
import { apply, lang, load as loadStrings, setLang, showError, t, when } from '/assets/i18n.js';
import { $ } from '/assets/dom.js';
import { may } from '/console/may.js';

const api = makeApi('toko.console.token');
let status = 'pending';
let cursor = null;
let user = JSON.parse(localStorage.getItem('toko.console.user') || 'null');

// Each tab and the permission it needs; each role lands on its main tab; the tab is in
// the address (#orders), so a reload or Back keeps it.
const TABS = { orders: 'orders.view', quotes: 'quotes', registrations: 'customers.view', products: 'catalog', messages: 'messages.view', promos: 'promos', dashboard: 'dashboard', staff: 'staff', activity: 'activity' };
const HOME = { operator: 'orders', marketing: 'promos', manager: 'dashboard', admin: 'orders' };
let section = 'orders';

/// The tab the address names, if the account may open it; else the role's main tab.
function sectionFromHash() {
  const asked = location.hash.replace(/^#/, '');
  if (TABS[asked] && may(TABS[asked])) return asked;
  const home = HOME[user?.role];
  return home && may(TABS[home]) ? home : Object.keys(TABS).find((s) => may(TABS[s])) || 'orders';
}

function view(name) {
  if (Object.keys(TABS).includes(name)) name = section;
  $('#login-view').hidden = name !== 'login';
  $('#sections').hidden = name === 'login' || name === 'not-staff';
  $('#orders-view').hidden = name !== 'orders';
  $('#products-view').hidden = name !== 'products';
  $('#messages-view').hidden = name !== 'messages';
  $('#promos-view').hidden = name !== 'promos';
  $('#dashboard-view').hidden = name !== 'dashboard';
  $('#registrations-view').hidden = name !== 'registrations';
  $('#staff-view').hidden = name !== 'staff';
  $('#activity-view').hidden = name !== 'activity';
  $('#quotes-view').hidden = name !== 'quotes';
  document.querySelectorAll('#sections button').forEach((b) => {
    b.setAttribute('aria-selected', String(b.dataset.section === section));
    b.hidden = !may(TABS[b.dataset.section]);
  });
  $('#not-staff').hidden = name !== 'not-staff';
  $('#password-box').hidden = name === 'login' || name === 'not-staff' || name === 'enrol';
  // Two-step sign-in (console/security.js); an enrol-only session sees nothing else.
  $('#totp-box').hidden = name === 'login' || name === 'not-staff';
  $('#enrol-notice').hidden = name !== 'enrol';
  if (name === 'enrol') { $('#sections').hidden = true; $('#totp-box').open = true; }
  if (!$('#totp-box').hidden) document.dispatchEvent(new CustomEvent('toko:security'));
  $('#not-staff').dataset.i18n = user && user.role !== 'customer' ? 'console.notadmin' : 'console.notstaff';
  apply();
  $('#logout').hidden = name === 'login';
  $('#whoami').textContent = user && name !== 'login' ? `${user.name} (${user.role})` : '';
  const tab = document.querySelector(`#sections [data-section=${section}] span`);
  document.title = [TABS[name] && tab ? tab.textContent : '', t('console.title')].filter(Boolean).join(' · ');
}

function cell(text) {
  const td = document.createElement('td');
  td.textContent = text;
  return td;
}

function row(c) {
  const tr = document.createElement('tr');
  tr.dataset.customerId = c.id;
  const email = cell(c.email);
  email.className = 'email';
  if (c.emailVerified === false) {
    // The owner never confirmed the address: the shop decides knowing it.
    const flag = document.createElement('span');
    flag.className = 'mail-blocked';
    flag.textContent = t('console.unverified');
    email.append(' ', flag);
  }
  if (c.mailBlocked) {
    // SES reported the address: no promo mail goes there.
    const flag = document.createElement('span');
    flag.className = 'mail-blocked';
    flag.textContent = t(`console.mail.${c.mailBlocked}`);
    email.append(' ', flag);
  }
  tr.append(cell(c.name), email, cell(when(c.createdAt)));
  const actions = document.createElement('td');
  if (c.status === 'pending' && may('customers.decide')) {
    const box = document.createElement('div');
    box.className = 'row-actions';
    const note = document.createElement('input');
    note.placeholder = t('console.note');
    note.setAttribute('aria-label', t('console.note'));
    const approve = document.createElement('button');
    approve.className = 'btn';
    approve.textContent = t('console.approve');
    approve.dataset.action = 'approve';
    const reject = document.createElement('button');
    reject.className = 'btn danger';
    reject.textContent = t('console.reject');
    reject.dataset.action = 'reject';
    for (const b of [approve, reject]) {
      b.addEventListener('click', async () => {
        approve.disabled = reject.disabled = true;
        try {
          await api.post(`/admin/customers/${encodeURIComponent(c.id)}/confirm`, { decision: b.dataset.action, note: note.value });
          tr.remove();
          if (!$('#registrations').children.length) $('#registrations-empty').hidden = false;
        } catch (err) {
          approve.disabled = reject.disabled = false;
          showError($('#registrations-view'), err);
          $('#registrations-error').textContent = err.message;
          $('#registrations-error').hidden = false;
          if (err.status === 409) load(true);
        }
      });
    }
    box.append(note, approve, reject);
    actions.append(box);
  } else if (c.status !== 'pending') {
    actions.textContent = c.decidedAt ? `${t('console.decided')}: ${when(c.decidedAt)}${c.decisionNote ? ` — ${c.decisionNote}` : ''}` : (c.decisionNote || '');
    if (c.status === 'approved' && may('points.view')) {
      // The customer's points: balance, ledger, adjustments (console/points.js).
      const points = document.createElement('button');
      points.className = 'btn light';
      points.textContent = t('points.title');
      points.addEventListener('click', () => document.dispatchEvent(new CustomEvent('toko:customer-points', { detail: c })));
      actions.append(' ', points);
    }
  }
  // The whole customer on one page, with staff notes: console/customer.js.
  if (may('customers.view')) {
    const page = document.createElement('button');
    page.className = 'btn light';
    page.textContent = t('cust.button');
    page.dataset.action = 'customer-page';
    page.addEventListener('click', () => document.dispatchEvent(new CustomEvent('toko:customer-page', { detail: c })));
    actions.append(' ', page);
  }
  // A privacy request (export, erasure) for any customer: console/privacy.js.
  if (may('privacy')) {
    const privacy = document.createElement('button');
    privacy.className = 'btn light';
    privacy.textContent = t('privacy.button');
    privacy.dataset.action = 'privacy';
    privacy.addEventListener('click', () => document.dispatchEvent(new CustomEvent('toko:customer-privacy', { detail: c })));
    actions.append(' ', privacy);
  }
  tr.append(actions);
  return tr;
}

let customerAsk = 0;
async function load(reset) {
  const mine = ++customerAsk;
  if (reset) { cursor = null; $('#registrations').replaceChildren(); }
  $('#registrations-error').hidden = true;
  try {
    // Words typed in the finder: customers of any status by name or e-mail.
    const find = $('#customers-find').value.trim();
    const q = new URLSearchParams(find ? { q: find, limit: '20' } : { status, limit: '20' });
    if (cursor) q.set('cursor', cursor);
    const page = await api.get(`/admin/customers?${q}`);
    if (mine !== customerAsk) return; // an answer to an earlier question (the finder was typed on)
    page.items.forEach((c) => $('#registrations').append(row(c)));
    cursor = page.nextCursor;
    $('#more').hidden = !cursor;
    $('#registrations-empty').hidden = $('#registrations').children.length > 0;
  } catch (err) {
    if (err.status === 401) { start(); return; }
    if (err.status === 403) { view('not-staff'); return; }
    if (err.status === 0) { $('#registrations-error').textContent = t('error.network'); }
    $('#registrations-error').textContent = err.message;
    $('#registrations-error').hidden = false;
  }
}

let findTimer;
$('#customers-find').addEventListener('input', () => {
  clearTimeout(findTimer);
  findTimer = setTimeout(() => load(true), 300);
});

function start() {
  if (!api.token()) { view('login'); return; }
  if (!user || user.role === 'customer') { view('not-staff'); return; }
  if (localStorage.getItem('toko.console.enrol')) { view('enrol'); return; }
  section = sectionFromHash();
  view(section);
  if (section === 'registrations') load(true);
  document.dispatchEvent(new CustomEvent(`toko:${section}`));
}

document.querySelectorAll('#sections button').forEach((b) => b.addEventListener('click', () => {
  if (location.hash === `#${b.dataset.section}`) start();
  else location.hash = `#${b.dataset.section}`;
}));
window.addEventListener('hashchange', () => { if (api.token()) start(); });

// Staff change their own password: the other sessions end, this one gets a new token.
$('#password-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const form = e.target;
  form.querySelector('.form-error').hidden = true;
  $('#password-done').hidden = true;
  try {
    const res = await api.post('/auth/password', Object.fromEntries(new FormData(form)));
    api.setToken(res.token);
    form.reset();
    $('#password-done').hidden = false;
  } catch (err) {
    if (err.code === 'wrong_password') err.message = t('password.wrong');
    showError(form, err);
  }
});

$('#login-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const form = e.target;
  form.querySelector('.form-error').hidden = true;
  const data = Object.fromEntries(new FormData(form));
  if (!data.code) delete data.code;
  try {
    const res = await api.post('/auth/login', data);
    user = res.user;
    localStorage.setItem('toko.console.user', JSON.stringify(user));
    if (res.secondFactorSetupRequired) localStorage.setItem('toko.console.enrol', '1');
    else localStorage.removeItem('toko.console.enrol');
    api.setToken(res.token);
    form.reset();
    $('#login-code').hidden = true;
    start();
  } catch (err) {
    // The password was right: the code from the app is asked for.
    if (err.code === 'second_factor_required') {
      $('#login-code').hidden = false;
      form.code.focus();
      return;
    }
    showError(form, err);
  }
});

// Two-step sign-in turned on from an enrol-only session: the console opens.
document.addEventListener('toko:enrolled', () => { user = JSON.parse(localStorage.getItem('toko.console.user') || 'null'); start(); });

$('#logout').addEventListener('click', (e) => {
  e.preventDefault();
  api.setToken(null);
  localStorage.removeItem('toko.console.user');
  localStorage.removeItem('toko.console.enrol');
  user = null;
  view('login');
});

document.querySelectorAll('#registrations-view .tabs button').forEach((b) => b.addEventListener('click', () => {
  document.querySelectorAll('#registrations-view .tabs button').forEach((x) => x.setAttribute('aria-selected', String(x === b)));
  status = b.dataset.status;
  load(true);
}));
$('#more').addEventListener('click', () => load(false));
document.querySelectorAll('[data-lang]').forEach((b) => b.addEventListener('click', async () => { await setLang(b.dataset.lang); start(); }));
apply();
// Every module has its listeners once the document is parsed (module scripts run in
// order before DOMContentLoaded); the account (role, permissions) is read fresh first.
document.addEventListener('DOMContentLoaded', async () => {
  // Both languages (the console is not size-bound): a switch is then immediate for
  // every module's listener.
  await Promise.all([loadStrings(lang()), loadStrings(lang() === 'en' ? 'id' : 'en')]);
  if (api.token()) {
    try {
      user = (await api.get('/me')).user;
      localStorage.setItem('toko.console.user', JSON.stringify(user));
    } catch { /* start() shows the sign-in when the token is gone */ }
  }
  start();
});
