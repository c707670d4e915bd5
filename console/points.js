// Points and the shop's invoice details in the console: the points rules and the shop
// profile (admin, beside the payment settings), and one customer's balance, ledger and
// adjustments (from the approved registrations).
import { makeApi } from '/assets/api.js';
import { lang, showError, t } from '/assets/i18n.js';
import { $, el } from '/assets/dom.js';
import { may } from '/console/may.js';

const api = makeApi('toko.console.token');

/// A settings form that loads from and saves to `path`, numbers as numbers.
function settingsForm(form, box, saved, path, numeric) {
  async function load() {
    box.hidden = !may('settings');
    if (box.hidden) return;
    const s = await api.get(path);
    // What someone has started typing meanwhile stays.
    if (form.dataset.dirty) return;
    for (const [k, v] of Object.entries(s)) if (form[k]) form[k].value = v;
  }
  form.addEventListener('input', () => { form.dataset.dirty = '1'; });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    form.querySelector('.form-error').hidden = true;
    saved.hidden = true;
    const body = Object.fromEntries(new FormData(form));
    for (const k of numeric) body[k] = body[k] === '' ? null : Number(body[k]);
    try {
      await api.request('PUT', path, body);
      delete form.dataset.dirty;
      saved.hidden = false;
    } catch (err) { showError(form, err); }
  });
  return load;
}

const loadPointsSettings = settingsForm($('#points-settings-form'), $('#points-settings'), $('#points-saved'), '/admin/settings/points', ['earnPer', 'pointValue', 'maxSharePercent', 'expiryMonths']);
const loadShop = settingsForm($('#shop-form'), $('#shop-settings'), $('#shop-saved'), '/admin/settings/shop', []);
document.addEventListener('toko:orders', () => { loadPointsSettings().catch(() => {}); loadShop().catch(() => {}); });

// One customer's points.
let customer = null;
let ledger = null;
const date = (iso) => new Date(iso).toLocaleString(lang() === 'id' ? 'id-ID' : 'en-GB', { dateStyle: 'short', timeStyle: 'short' });

function renderLedger() {
  if (!ledger) return;
  $('#points-balance').textContent = String(ledger.balance);
  $('#staff-ledger').replaceChildren(...ledger.items.map((e) => el('tr', {},
    el('td', { textContent: date(e.at) }),
    el('td', { textContent: `${t(`points.${e.kind}`)}${e.invoiceCode ? ` · ${e.invoiceCode}` : ''}${e.reason ? ` · ${e.reason}` : ''}` }),
    el('td', { textContent: e.points > 0 ? `+${e.points}` : `−${-e.points}` }))));
}

async function loadCustomer() {
  ledger = await api.get(`/admin/customers/${encodeURIComponent(customer.id)}/points?limit=50`);
  renderLedger();
}
// The ledger's words and dates follow the language buttons.
document.querySelectorAll('[data-lang]').forEach((b) => b.addEventListener('click', () => setTimeout(renderLedger)));

document.addEventListener('toko:customer-points', async (e) => {
  customer = e.detail;
  $('#points-panel').hidden = false;
  $('#points-customer').textContent = `${customer.name} · ${customer.email}`;
  $('#adjust-form').reset();
  $('#points-balance').textContent = '';
  $('#staff-ledger').replaceChildren();
  try { await loadCustomer(); } catch (err) { showError($('#adjust-form'), err); }
  $('#points-panel').scrollIntoView({ block: 'start' });
});

$('#adjust-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const form = e.target;
  form.querySelector('.form-error').hidden = true;
  const points = form.points.value === '' ? null : Number(form.points.value);
  try {
    await api.post(`/admin/customers/${encodeURIComponent(customer.id)}/points`, { points, reason: form.reason.value });
    form.reset();
    await loadCustomer();
  } catch (err) {
    if (err.code?.startsWith('points_')) err.message = t(`points.${err.code}`);
    showError(form, err);
  }
});
