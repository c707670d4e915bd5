// English and Indonesian strings: each language in its own module (strings-en.js,
// strings-id.js), loaded for the page's language only. Elements carry data-i18n="key"
// (text) or data-i18n-placeholder="key"; apply() fills them in the chosen language.
const dict = { en: {}, id: {} };
const loaded = {};
const ready = {};

/// Loads a language's strings (once); the pages' own extensions keep precedence.
export function load(l) {
  loaded[l] ??= import(`./strings-${l}.js`).then((m) => { dict[l] = { ...m.default, ...dict[l] }; ready[l] = true; });
  return loaded[l];
}

/// Strings only one page needs (the console's), added by that page before it draws.
export function extend(more) {
  for (const l of Object.keys(more)) Object.assign(dict[l], more[l]);
}

/// Every string of a language (the completeness test reads them).
export const strings = (l) => dict[l];

export function lang() {
  const saved = localStorage.getItem('toko.lang');
  if (saved === 'en' || saved === 'id') return saved;
  return (navigator.language || '').toLowerCase().startsWith('id') ? 'id' : 'en';
}

/// The string of `key` in the page's language, its `{name}` places filled from `vars`.
export function t(key, vars) {
  const s = dict[lang()][key] ?? dict.en[key] ?? key;
  return vars ? Object.entries(vars).reduce((out, [k, v]) => out.replace(`{${k}}`, v), s) : s;
}

/// The string of `key` in the page's language, if there is one.
const known = (key) => dict[lang()][key];

export function apply(root = document) {
  document.documentElement.lang = lang();
  root.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
  root.querySelectorAll('[data-i18n-placeholder]').forEach((el) => { el.placeholder = t(el.dataset.i18nPlaceholder); });
  document.querySelectorAll('[data-lang]').forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.lang === lang())));
}

/// Switches the page's language: at once when its strings are loaded (so listeners of
/// the same click already see it), else once they are.
export function setLang(l) {
  const done = () => { localStorage.setItem('toko.lang', l); apply(); };
  if (ready[l]) { done(); return Promise.resolve(); }
  return load(l).then(done);
}

/// The Indonesian field messages (`msg.*`, `messages-id.js`), loaded when first needed.
let fieldMessages = null;
export function loadFieldMessages() {
  fieldMessages ??= import('./messages-id.js').then((m) => { dict.id = { ...m.default, ...dict.id }; }).catch(() => { fieldMessages = null; });
  return fieldMessages;
}

/// A field message in the page's language, else as the server said it.
export const fieldMessage = (m) => known(`msg.${m}`) ?? m;

/// Shows an API error on a form: field messages beside their inputs, the rest on top.
export function showError(form, err) {
  form.querySelectorAll('.field-error').forEach((e) => e.remove());
  const box = form.querySelector('.form-error');
  const fieldErrors = err.errors || [];
  for (const fe of fieldErrors) {
    const input = form.querySelector(`[name="${CSS.escape(fe.field)}"]`);
    if (!input) continue;
    const p = document.createElement('p');
    p.className = 'field-error';
    p.textContent = fieldMessage(fe.message);
    input.closest('label')?.append(p);
    if (lang() === 'id') loadFieldMessages().then(() => { p.textContent = fieldMessage(fe.message); });
  }
  if (box) {
    // Known codes in the page's language; anything else as the server phrased it.
    box.textContent = err.code === 'network_error' ? t('error.network') : (known(`code.${err.code}`) ?? err.message ?? t('error.generic'));
    box.hidden = false;
  }
}

/// A moment as people of the page's language write it (30/11/26 22.32 or 30/11/2026, 22:32).
export function when(iso) {
  return new Date(iso).toLocaleString(lang() === 'id' ? 'id-ID' : 'en-GB', { dateStyle: 'short', timeStyle: 'short' });
}

/// A day, the same way (30 Nov 2026 / 30 Nov 2026).
export function day(iso) {
  return new Date(iso).toLocaleDateString(lang() === 'id' ? 'id-ID' : 'en-GB', { dateStyle: 'medium' });
}

/// Rupiah, as people write it: Rp 1.250.000.
export function money(n) {
  return `Rp ${Number(n).toLocaleString('id-ID')}`;
}
