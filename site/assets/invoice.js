// The printable invoice (#/orders/{id}/invoice) and the PDF download. Loaded when first
// needed, so the site's first load does not carry it.
import { lang, money, t } from './i18n.js';
import { $, el } from './dom.js';
import { lineDetails, shopLogo } from './shop.js';

const when = (iso) => new Date(iso).toLocaleString(lang() === 'id' ? 'id-ID' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });

function row(label, value, strong = false) {
  const v = el(strong ? 'strong' : 'span', { textContent: value });
  return el('tr', {}, el('td', { textContent: label }), el('td', {}, v));
}

export async function loadInvoice(api, id) {
  const inv = await api.get(`/orders/${encodeURIComponent(id)}/invoice`);
  const { shop, order: o } = inv;
  $('#invoice-shop').textContent = shop.name;
  $('#invoice-logo').hidden = !shopLogo();
  if (shopLogo()) $('#invoice-logo').src = shopLogo();
  $('#invoice-address').textContent = shop.address || '';
  $('#invoice-tax').textContent = shop.taxNumber ? `${t('invoice.tax')}: ${shop.taxNumber}` : '';
  $('#invoice-code').textContent = o.invoiceCode;
  $('#invoice-date').textContent = when(o.createdAt);
  $('#invoice-status').textContent = t(`invoice.${inv.paymentStatus}`);
  $('#invoice-status').dataset.status = inv.paymentStatus;
  $('#invoice-customer').textContent = `${o.customerName}\n${inv.customerEmail}`;
  const a = o.shippingAddress;
  $('#invoice-ship').textContent = `${a.recipient}\n${a.phone}\n${a.street}\n${a.city} ${a.postalCode}`;
  $('#invoice-lines').replaceChildren(...o.items.map((l) => el('tr', {},
    el('td', {}, el('span', { textContent: l.name }), el('div', { className: 'muted', textContent: lineDetails(l) })),
    el('td', { textContent: String(l.quantity) }),
    el('td', { textContent: money(l.unitPrice) }),
    el('td', { textContent: l.discount ? `−${money(l.discount)}` : '–' }),
    el('td', { textContent: money(l.unitPrice * l.quantity - l.discount) }))));
  const promos = o.items.reduce((s, l) => s + l.discount, 0);
  const totals = [row(t('cart.subtotal'), money(o.subtotal))];
  if (promos) totals.push(row(t('invoice.promos'), `−${money(promos)}`));
  if (o.voucher) totals.push(row(`${t('voucher.label')} ${o.voucher.code}`, `−${money(o.voucher.discount)}`));
  if (o.points) totals.push(row(`${t('points.title')} (${o.points.points})`, `−${money(o.points.discount)}`));
  totals.push(row(t('orders.shipping'), money(o.shippingCost)));
  totals.push(row(t('orders.total'), money(o.total), true));
  $('#invoice-totals').replaceChildren(...totals);
  const pay = o.payment;
  $('#invoice-pay').hidden = !pay || inv.paymentStatus === 'void';
  if (pay) {
    const code = String(pay.uniqueCode).padStart(3, '0');
    $('#invoice-transfer').textContent = `${t('payment.transfer')} ${money(pay.amount)} ${t('payment.by')} ${when(pay.dueAt)} (${t('invoice.codeNote', { code })}).`;
    $('#invoice-accounts').replaceChildren(...pay.accounts.map((acc) => el('li', { textContent: `${acc.bank} ${acc.number} — ${acc.holder}` })));
  }
  $('#invoice-back').href = `#/orders/${o.id}`;
  $('#invoice-print').onclick = () => window.print();
  $('#invoice-pdf').onclick = () => downloadPdf(api, o.id, o.invoiceCode);
}

/// Fetches the PDF with the session's token and saves it under the invoice's code.
export async function downloadPdf(api, id, code) {
  const res = await fetch(`/api/orders/${encodeURIComponent(id)}/invoice?format=pdf&lang=${lang()}`, { headers: { authorization: `Bearer ${api.token()}` } });
  if (!res.ok) return;
  const url = URL.createObjectURL(await res.blob());
  const link = el('a', { href: url, download: `${code}.pdf` });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
