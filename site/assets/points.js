// Reward points on the site: the account's balance and ledger, and the cart's
// "use points" line (the server decides what they are worth; this only shows it).
import { lang, money, t } from './i18n.js';
import { $, el } from './dom.js';

const date = (iso) => new Date(iso).toLocaleDateString(lang() === 'id' ? 'id-ID' : 'en-GB', { dateStyle: 'medium' });

/// One ledger line: when, what, how many (signed), and the order or reason.
function ledgerRow(e) {
  const what = e.invoiceCode ? ` · ${e.invoiceCode}` : (e.reason ? ` · ${e.reason}` : '');
  const expires = e.expiresAt && e.points > 0 ? ` (${t('points.expires')} ${date(e.expiresAt)})` : '';
  return el('tr', {},
    el('td', { textContent: date(e.at) }),
    el('td', { textContent: `${t(`points.${e.kind}`)}${what}${expires}` }),
    el('td', { textContent: e.points > 0 ? `+${e.points}` : `−${-e.points}` }));
}

/// The account page's points: balance, the shop's rules, the ledger.
export async function loadPoints(api) {
  let p;
  try { p = await api.get('/account/points?limit=50'); } catch { return; }
  $('#account-points-stat').hidden = false;
  $('#account-points-box').hidden = false;
  $('#account-points').textContent = p.balance;
  const s = p.settings;
  const rules = [];
  if (s.earnPer > 0) rules.push(t('points.earnRule', { per: money(s.earnPer) }));
  if (s.pointValue > 0) rules.push(t('points.spendRule', { value: money(s.pointValue), share: s.maxSharePercent }));
  if (s.expiryMonths > 0) rules.push(t('points.expiryRule', { months: s.expiryMonths }));
  $('#points-rules').textContent = rules.join(' ');
  $('#points-empty').hidden = p.items.length > 0;
  $('#points-ledger').replaceChildren(...p.items.map(ledgerRow));
}

/// The cart's points line from a quote: hidden without a wallet or a balance.
export function showPoints(q, wanted) {
  const w = q.wallet;
  const form = $('#points-form');
  form.hidden = !w || !w.balance || !w.pointValue;
  if (form.hidden) return;
  // The cart's limit only when it is lower than the balance.
  $('#points-label').textContent = w.maxPoints < w.balance ? t('points.useLabelMax', { max: w.maxPoints, balance: w.balance }) : t('points.useLabel', { balance: w.balance });
  form.points.max = String(w.maxPoints);
  const out = $('#points-result');
  out.hidden = !wanted;
  out.classList.toggle('field-error', Boolean(q.pointsRefusal));
  if (q.points) out.textContent = `${q.points.points} ${t('points.unit')}: −${money(q.points.discount)}`;
  else if (q.pointsRefusal) out.textContent = t(`points.${q.pointsRefusal.code}`);
}

/// What the customer typed: a whole number of points, or 0.
export function typedPoints() {
  const n = Number($('#points-form').points.value);
  return Number.isInteger(n) && n > 0 ? n : 0;
}
