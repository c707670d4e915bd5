// The shipping table in the console (admins; GET|PUT /api/admin/settings/shipping): a
// flat rate, a rate per city (one per line, "city | cost"), free shipping from an amount
// of goods. Quotes and orders use it at once.
import { makeApi } from '/assets/api.js';
import { extend, showError, t } from '/assets/i18n.js';
import { $, el } from '/assets/dom.js';
import { may } from '/console/may.js';

extend({
  en: {
    'ship.title': 'Shipping', 'ship.flat': 'Rate for any other city (Rp)', 'ship.freeFrom': 'Free shipping from goods of (Rp; empty: never)',
    'ship.cities': 'Rates per city, one per line: city | rate in Rp', 'ship.help': '"Kota Bandung" and "Bandung" are the same city; "Kab. Bandung" is Kabupaten Bandung, another one. Customers see the rate of their address\'s city at checkout.',
    'ship.line': 'Line {n}',
  },
  id: {
    'ship.title': 'Ongkos kirim', 'ship.flat': 'Tarif untuk kota lain (Rp)', 'ship.freeFrom': 'Gratis ongkir untuk belanja mulai (Rp; kosong: tidak ada)',
    'ship.cities': 'Tarif per kota, satu per baris: kota | tarif dalam Rp', 'ship.help': '"Kota Bandung" dan "Bandung" adalah kota yang sama; "Kab. Bandung" adalah Kabupaten Bandung, tempat lain. Pelanggan melihat tarif kota alamatnya saat checkout.',
    'ship.line': 'Baris {n}',
  },
});

const api = makeApi('toko.console.token');
const form = $('#shipping-form');
const field = (key, name, tag, props) => el('label', {}, el('span', { textContent: t(key) }), el(tag, { name, ...props }));

function draw(r) {
  form.replaceChildren(el('p', { className: 'form-error', hidden: true }), el('p', { className: 'muted', textContent: t('ship.help') }),
    field('ship.flat', 'flat', 'input', { type: 'number', min: 0, step: 1000, required: true, value: r.flat ?? '' }),
    field('ship.freeFrom', 'freeFrom', 'input', { type: 'number', min: 1, step: 1000, value: r.freeFrom ?? '' }),
    field('ship.cities', 'cities', 'textarea', { rows: 6, value: (r.cities || []).map((c) => `${c.city} | ${c.cost}`).join('\n'), placeholder: 'Bandung | 10000' }),
    el('p', { className: 'notice approved', id: 'shipping-saved', role: 'status', hidden: true, textContent: t('console.saved') }),
    el('button', { className: 'btn', type: 'submit', textContent: t('console.save') }));
}

function read() {
  const f = form.elements;
  const whole = (v) => (v.trim() === '' ? null : Number(v.replace(/[.\s]/g, '')));
  return {
    flat: whole(f.flat.value) ?? -1,
    freeFrom: whole(f.freeFrom.value),
    cities: f.cities.value.split('\n').map((l) => l.trim()).filter(Boolean).map((l) => {
      const at = l.lastIndexOf('|');
      return at < 0 ? { city: l, cost: -1 } : { city: l.slice(0, at).trim(), cost: whole(l.slice(at + 1)) ?? -1 };
    }),
  };
}

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  try {
    draw(await api.request('PUT', '/admin/settings/shipping', read()));
    $('#shipping-saved').hidden = false;
  } catch (err) {
    showError(form, err);
    // A city's problem names its line (cities[2].cost is line 3).
    const lines = (err.errors || []).filter((x) => x.field.startsWith('cities['));
    if (lines.length) {
      form.querySelector('.form-error').textContent += ` ${lines.map((x) => `${t('ship.line', { n: Number(x.field.match(/\d+/)[0]) + 1 })}: ${x.message}`).join('; ')}`;
    }
  }
});

document.addEventListener('toko:orders', async () => {
  $('#shipping-settings').hidden = !may('settings');
  if (!may('settings')) return;
  if (form.dataset.loaded) { draw(read()); return; }
  try { draw(await api.get('/admin/settings/shipping')); form.dataset.loaded = '1'; } catch { /* shown on the next visit */ }
});
