// The address book: the account page's list and form, and checkout's "saved address"
// choice and "save this address" box. Loaded when one of them is shown.
import { apply, extend, showError, t } from './i18n.js';
import { $, el } from './dom.js';

extend({
  en: {
    'book.title': 'Address book', 'book.empty': 'No saved addresses yet.', 'book.add': 'Add an address',
    'book.label': 'Name of the address (Home, Office…)', 'book.default': 'Default', 'book.makeDefault': 'Make default',
    'book.edit': 'Edit', 'book.remove': 'Remove', 'book.save': 'Save address', 'book.cancel': 'Cancel',
    'book.full': 'The address book is full (10 addresses): remove one to add another.',
    'book.saved': 'Saved address', 'book.new': 'A new address', 'book.keep': 'Save this address to my address book',
    'book.removeConfirm': 'Remove this address?',
  },
  id: {
    'book.title': 'Buku alamat', 'book.empty': 'Belum ada alamat tersimpan.', 'book.add': 'Tambah alamat',
    'book.label': 'Nama alamat (Rumah, Kantor…)', 'book.default': 'Utama', 'book.makeDefault': 'Jadikan utama',
    'book.edit': 'Ubah', 'book.remove': 'Hapus', 'book.save': 'Simpan alamat', 'book.cancel': 'Batal',
    'book.full': 'Buku alamat penuh (10 alamat): hapus satu untuk menambah yang lain.',
    'book.saved': 'Alamat tersimpan', 'book.new': 'Alamat baru', 'book.keep': 'Simpan alamat ini ke buku alamat saya',
    'book.removeConfirm': 'Hapus alamat ini?',
  },
});

/// The address's fields, in the order of an Indonesian label.
export const FIELDS = [
  ['recipient', 'field.recipient', 'name', true], ['phone', 'field.recipientPhone', 'tel', true],
  ['street', 'field.street', 'street-address', true], ['district', 'field.district', 'address-level3', false],
  ['city', 'field.city', 'address-level2', true], ['province', 'field.province', 'address-level1', false],
  ['postalCode', 'field.postalCode', 'postal-code', true],
];

const text = (a) => [a.recipient, a.phone, a.street, a.district, [a.city, a.province].filter(Boolean).join(', '), a.postalCode].filter(Boolean).join(' · ');
const pick = (data) => Object.fromEntries(FIELDS.map(([n]) => [n, (data[n] || '').trim()]));

let book = { items: [], max: 10 };

/// The account page's address book.
export async function loadBook(api) {
  book = await api.get('/account/addresses');
  delete $('#checkout-book').dataset.token; // checkout reads the changed book again
  const box = $('#address-book');
  // A redraw (a language switch) keeps a form being typed.
  const editing = box.querySelector('.book-editing') || el('div', { className: 'book-editing' });
  const add = el('button', { className: 'btn light', type: 'button', textContent: t('book.add') });
  add.dataset.i18n = 'book.add';
  add.disabled = book.items.length >= book.max;
  add.addEventListener('click', () => edit(editing, form(api, null)));
  const full = el('p', { className: 'muted', hidden: book.items.length < book.max, textContent: t('book.full') });
  full.dataset.i18n = 'book.full';
  const list = el('ul', { className: 'book' }, ...book.items.map((a) => entry(api, a, editing)));
  const empty = el('p', { className: 'muted', hidden: book.items.length > 0, textContent: t('book.empty') });
  empty.dataset.i18n = 'book.empty';
  const title = el('h2', { textContent: t('book.title') });
  title.dataset.i18n = 'book.title';
  box.replaceChildren(title, empty, list, full, add, editing);
  box.hidden = false;
}

/// Shows a form in the editing place, its first field focused at once (a focus moved
/// later would take the typing of whoever is already on the next field).
function edit(editing, f) {
  editing.replaceChildren(f);
  f.querySelector('input')?.focus();
}

function button(key, onclick) {
  const b = el('button', { className: 'btn light', type: 'button', textContent: t(key) });
  b.dataset.i18n = key;
  b.addEventListener('click', onclick);
  return b;
}

function entry(api, a, editing) {
  const head = el('strong', { textContent: a.label });
  const badge = el('span', { className: 'badge', hidden: !a.isDefault, textContent: t('book.default') });
  badge.dataset.i18n = 'book.default';
  const actions = el('div', { className: 'row-actions' },
    button('book.edit', () => edit(editing, form(api, a))),
    button('book.remove', async () => {
      if (!confirm(t('book.removeConfirm'))) return;
      await api.request('DELETE', `/account/addresses/${a.id}`);
      await loadBook(api);
    }));
  if (!a.isDefault) {
    actions.prepend(button('book.makeDefault', async () => {
      await api.request('PUT', `/account/addresses/${a.id}`, { ...pick(a), label: a.label, isDefault: true });
      await loadBook(api);
    }));
  }
  const li = el('li', {}, el('p', {}, head, ' ', badge), el('p', { className: 'muted', textContent: text(a) }), actions);
  li.dataset.testid = 'saved-address';
  return li;
}

/// A form for a new address (`a` null) or to change one.
function form(api, a) {
  const f = el('form', { noValidate: true, className: 'book-form' }, el('p', { className: 'form-error', hidden: true }));
  const rows = [['label', 'book.label', 'off', true], ...FIELDS];
  for (const [name, key, auto, required] of rows) {
    const span = el('span', { textContent: t(key) });
    span.dataset.i18n = key;
    f.append(el('label', {}, span, el('input', { name, autocomplete: auto, required, value: a?.[name] || '' })));
  }
  const def = el('span', { textContent: t('book.makeDefault') });
  def.dataset.i18n = 'book.makeDefault';
  f.append(el('label', { className: 'check' }, el('input', { type: 'checkbox', name: 'isDefault', checked: Boolean(a?.isDefault) }), ' ', def));
  const save = el('button', { className: 'btn', type: 'submit', textContent: t('book.save') });
  save.dataset.i18n = 'book.save';
  f.append(el('div', { className: 'row-actions' }, save, button('book.cancel', () => f.remove())));
  f.addEventListener('submit', async (e) => {
    e.preventDefault();
    const data = Object.fromEntries(new FormData(f));
    const body = { ...pick(data), label: data.label.trim(), isDefault: data.isDefault === 'on' };
    save.disabled = true;
    try {
      if (a) await api.request('PUT', `/account/addresses/${a.id}`, body);
      else await api.post('/account/addresses', body);
      f.remove();
      await loadBook(api);
    } catch (err) {
      showError(f, err);
    } finally {
      save.disabled = false;
    }
  });
  return f;
}

/// Checkout: the saved addresses to choose from (the default filled in), and the box
/// that saves a typed one.
export async function offerAtCheckout(api, checkoutForm) {
  const box = $('#checkout-book');
  // Drawn once per signed-in visit: a redraw (a language switch) keeps what was chosen.
  if (box.dataset.token === api.token()) { apply(box); return; }
  box.dataset.token = api.token();
  try { book = await api.get('/account/addresses'); } catch { book = { items: [], max: 10 }; }
  const choose = el('select', { name: 'savedAddress', id: 'checkout-saved' },
    ...book.items.map((a) => el('option', { value: a.id, textContent: `${a.label} — ${a.street}, ${a.city}` })),
    el('option', { value: '', textContent: t('book.new') }));
  choose.lastChild.dataset.i18n = 'book.new';
  const chooseLabel = el('span', { textContent: t('book.saved') });
  chooseLabel.dataset.i18n = 'book.saved';
  const keepText = el('span', { textContent: t('book.keep') });
  keepText.dataset.i18n = 'book.keep';
  const keep = el('label', { className: 'check' }, el('input', { type: 'checkbox', name: 'keepAddress' }), ' ', keepText);
  const labelText = el('span', { textContent: t('book.label') });
  labelText.dataset.i18n = 'book.label';
  const keepLabel = el('label', { hidden: true }, labelText, el('input', { name: 'keepLabel', maxLength: 40 }));
  keep.querySelector('input').addEventListener('change', (e) => { keepLabel.hidden = !e.target.checked; });
  const fill = () => {
    const a = book.items.find((x) => x.id === choose.value);
    for (const [n] of FIELDS) checkoutForm.elements.namedItem(n).value = a ? (a[n] || '') : '';
    // A saved address is saved already; a new one may be (while the book has room).
    keep.hidden = Boolean(a) || book.items.length >= book.max;
    if (keep.hidden) { keep.querySelector('input').checked = false; keepLabel.hidden = true; }
  };
  choose.addEventListener('change', fill);
  box.replaceChildren(...(book.items.length ? [el('label', {}, chooseLabel, choose)] : []), keep, keepLabel);
  // What the customer typed while the book loaded stays: the book then offers "new
  // address" and fills nothing (it used to overwrite, or with no saved address, clear it).
  const typed = FIELDS.some(([n]) => checkoutForm.elements.namedItem(n).value.trim());
  if (typed || !book.items.length) {
    choose.value = '';
    keep.hidden = book.items.length >= book.max;
  } else {
    fill();
    // The default address's city prices shipping: the cart asks again.
    checkoutForm.elements.namedItem('city').dispatchEvent(new Event('change', { bubbles: true }));
  }
  box.dataset.ready = api.token();
  apply(box);
}

/// After an order, the typed address into the book when the customer asked for it.
export async function keepIfAsked(api, data) {
  delete $('#checkout-book').dataset.token; // the next checkout reads the book again
  delete $('#checkout-book').dataset.ready;
  if (data.keepAddress !== 'on') return;
  const label = (data.keepLabel || '').trim() || data.city || t('book.new');
  try { await api.post('/account/addresses', { ...pick(data), label }); } catch { /* the order stands; the book is full or the address odd */ }
}
