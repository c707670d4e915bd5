// The inbox (loaded with its page): the shop's news and replies, and what the customer
// wrote, grouped into threads.
import { t, when } from './i18n.js';
import { $, el } from './dom.js';

/// Groups a page of messages (newest first) into threads: a customer's message with the
/// shop's acknowledgement and replies (`inReplyTo`), and an order's news. Threads are ordered by their latest
/// message; inside a thread the oldest comes first, as in a conversation.
function threads(items) {
  const present = new Set(items.map((m) => m.id));
  const groups = new Map();
  for (const m of items) {
    let root = m.id;
    if (m.inReplyTo && present.has(m.inReplyTo)) root = m.inReplyTo;
    else if (m.orderId) root = `order-${m.orderId}`;
    if (!groups.has(root)) groups.set(root, []);
    groups.get(root).push(m);
  }
  return [...groups.entries()].map(([id, list]) => ({ id, messages: list.reverse() }));
}

function messageBox(m, api, refreshed) {
  const box = el('div', { className: `message${m.read ? '' : ' unread'}` },
    el('h3', { textContent: `${m.from === 'customer' ? t('inbox.you') : t('inbox.shop')}: ${m.subject}` }),
    el('p', { className: 'muted', textContent: when(m.createdAt) + (m.kind ? ` · ${t(`kind.${m.kind}`)}` : '') }),
    el('p', { textContent: m.body }));
  box.dataset.messageId = m.id;
  box.dataset.from = m.from;
  if (m.orderId) box.append(el('a', { href: `#/orders/${m.orderId}`, textContent: t('nav.orders') }));
  if (!m.read) {
    const b = el('button', { className: 'btn light', textContent: t('inbox.markread') });
    b.addEventListener('click', async () => { await api.post(`/messages/${m.id}/read`); await refreshed(); loadInbox(api, refreshed); });
    box.append(' ', b);
  }
  return box;
}

/// Draws the inbox; `refreshed` brings the badges up to date after a message is read.
export async function loadInbox(api, refreshed) {
  const page = await api.get('/messages?limit=50');
  $('#inbox-empty').hidden = page.items.length > 0;
  $('#inbox-list').replaceChildren(...threads(page.items).map((thread) => {
    const box = el('div', { className: 'thread' }, ...thread.messages.map((m) => messageBox(m, api, refreshed)));
    box.dataset.threadId = thread.id;
    return box;
  }));
}
