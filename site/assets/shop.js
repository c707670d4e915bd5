// The shop as its admin describes it (GET /api/shop, cached by the browser for a
// minute): name, address, contact lines, home-page texts in both languages, categories.
// What the admin left empty keeps the page's own default text; contact lines left empty
// are not shown.
import { lang, t } from './i18n.js';
import { $, el } from './dom.js';

const DEFAULT_CATEGORIES = ['computers', 'accessories', 'printers', 'printing', 'design', 'installation'];
let shop = null;

export async function loadShop(api) {
  try { shop = await api.get('/shop'); } catch { shop = null; }
  renderShop();
}

const pick = (b) => b?.[lang()] || b?.en || '';

/// The shop's logo (`/media/shop/…`), if it has one.
export const shopLogo = () => shop?.logo || null;

/// The categories to offer: the admin's, else the defaults.
export const categories = () => (shop?.categories?.length ? shop.categories.map((c) => c.slug) : DEFAULT_CATEGORIES);

/// A category's name in the page's language.
export function categoryName(slug) {
  const c = shop?.categories?.find((x) => x.slug === slug);
  if (c) return pick(c);
  const key = `cat.${slug}`;
  return t(key) === key ? slug : t(key);
}

/// "0812 5550 0101" → "6281255500101" for wa.me.
export const waNumber = (phone) => phone.replace(/\D/g, '').replace(/^0/, '62');

function line(node, href, text) {
  node.hidden = !text;
  if (!text) return;
  node.textContent = text;
  if (href) node.href = href;
}

export function renderShop() {
  if (!shop) return;
  if (shop.name && shop.name !== 'Toko') { $('.logo').textContent = shop.name; document.title = shop.name; }
  // The logo beside the name (the name says it: the picture needs no text of its own).
  $('.logo img')?.remove();
  if (shop.logo) $('.logo').prepend(el('img', { src: shop.logo, alt: '', height: 32 }));
  if (shop.about) $('#profile p').textContent = pick(shop.about);
  if (shop.howToBuy?.length) $('#how-to-buy ol').replaceChildren(...shop.howToBuy.map((s) => el('li', { textContent: pick(s) })));
  if (shop.faq?.length) {
    $('#faq').replaceChildren(el('h2', { textContent: t('faq.title') }),
      ...shop.faq.map((q) => el('details', {}, el('summary', { textContent: pick(q.question) }), el('p', { textContent: pick(q.answer) }))));
  }
  line($('#contact-name'), null, shop.name);
  line($('#contact-address'), null, shop.address);
  line($('#contact-phone'), shop.phone && `tel:${shop.phone.replace(/[^\d+]/g, '')}`, shop.phone);
  line($('#contact-wa'), shop.whatsapp && `https://wa.me/${waNumber(shop.whatsapp)}`, shop.whatsapp && `WhatsApp ${shop.whatsapp}`);
  line($('#contact-email'), shop.email && `mailto:${shop.email}`, shop.email);
  line($('#contact-hours'), null, pick(shop.hours));
}

/// A made-to-order line's size and choices ("300 × 100 cm · Bahan: Albatros"), or ''.
export function lineDetails(l) {
  const parts = l.size ? [`${l.size.widthCm} × ${l.size.heightCm} cm`] : [];
  for (const o of l.options || []) parts.push(`${o.optionName?.[lang()] || o.optionName?.en || o.option}: ${o.name}`);
  return parts.join(' · ');
}
