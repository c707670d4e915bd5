// A made-to-order product's choices on its page (loaded only for such products): one
// select per option, the size in centimetres when it is priced by size, and the price
// of what is chosen, asked of the server (POST /api/orders/quote) each time a choice or
// the quantity changes — never a formula in the browser.
import { fieldMessage, lang, loadFieldMessages, money, t } from './i18n.js';
import { $, el } from './dom.js';

let product = null;
let asked = 0;

/// What the customer chose: `{options, size}` as the cart and the order send it.
export function configuration() {
  if (!product?.pricing) return {};
  const options = {};
  for (const g of product.pricing.options || []) options[g.code] = $(`#opt-${g.code}`).value;
  const out = { options };
  if (product.pricing.size) out.size = { widthCm: Number($('#size-w').value) || 0, heightCm: Number($('#size-h').value) || 0 };
  return out;
}

const addOn = (c) => (c.add ? ` (+${money(c.add)}${c.perM2 ? '/m²' : ''})` : '');

/// Draws the choices of `p` (or nothing) and prices them; `quote` asks the server.
export function renderConfigurator(p, quote) {
  product = p.pricing ? p : null;
  const box = $('#product-config');
  box.hidden = !product;
  if (!product) { box.replaceChildren(); return; }
  const { options = [], size, tiers = [] } = p.pricing;
  const fields = options.map((g) => el('label', {}, el('span', { textContent: g.name[lang()] || g.name.en }),
    el('select', { id: `opt-${g.code}` }, ...g.choices.map((c) => el('option', { value: c.code, textContent: `${c.name}${addOn(c)}` })))));
  if (size) {
    const side = (id, key, min, max) => el('label', {}, el('span', { textContent: t(key) }),
      el('input', { id, type: 'number', min: 1, max, value: min, inputMode: 'numeric' }));
    fields.push(side('size-w', 'config.width', size.minWidthCm, size.maxWidthCm), side('size-h', 'config.height', size.minHeightCm, size.maxHeightCm));
    fields.push(el('p', { className: 'muted', textContent: t('config.sizeRule', { price: money(p.price), w: size.minWidthCm, h: size.minHeightCm, mw: size.maxWidthCm, mh: size.maxHeightCm }) }));
  }
  if (tiers.length) {
    fields.push(el('p', { className: 'muted', textContent: tiers.map((b) => t('config.tier', { from: b.from, price: money(b.unitPrice) })).join(' · ') }));
  }
  box.replaceChildren(...fields, el('p', { id: 'config-price', role: 'status' }));
  box.querySelectorAll('select, input').forEach((i) => i.addEventListener('change', () => price(quote)));
  price(quote);
}

/// Asks the server what the choice costs for the quantity on the page.
export async function price(quote) {
  if (!product) return;
  const mine = ++asked;
  const quantity = Math.max(1, Math.min(999, Number($('#product-qty').value) || 1));
  const out = $('#config-price');
  try {
    const q = await quote({ items: [{ productId: product.id, quantity, ...configuration() }] });
    if (mine !== asked) return;
    const line = q.items[0];
    $('#product-price').textContent = money(line.unitPrice);
    out.className = '';
    out.textContent = t('config.total', { n: quantity, price: money(line.unitPrice * quantity) });
    product.quoted = line.unitPrice;
  } catch (err) {
    if (mine !== asked) return;
    if (lang() === 'id') await loadFieldMessages();
    if (mine !== asked) return;
    out.className = 'field-error';
    out.textContent = (err.errors || []).map((e) => fieldMessage(e.message)).join('; ') || err.message;
    product.quoted = null;
  }
}

/// The price the server gave the current choice (`null` while it is refused).
export const quotedPrice = () => product?.quoted ?? null;
