// The console's message queue: customers' messages, newest first, with a reply form.
import { makeApi } from '/assets/api.js';
import { $, el } from '/assets/dom.js';
import { may } from '/console/may.js';
import { t, when } from '/assets/i18n.js';

const api = makeApi('toko.console.token');

function item(m) {
  const box = el('div', { className: 'message' },
    el('h3', { textContent: `${t(`kind.${m.kind || 'question'}`)}: ${m.subject}` }),
    el('p', { className: 'muted', textContent: when(m.createdAt) + (m.answeredAt ? ` · ${t('console.answered')}` : '') }),
    el('p', { textContent: m.body }));
  box.dataset.messageId = m.id;
  const body = el('textarea', { rows: 2, maxLength: 5000, placeholder: t('console.reply') });
  const send = el('button', { className: 'btn', type: 'submit', textContent: t('console.reply') });
  const form = el('form', { className: 'reply-form' }, body, send);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    send.disabled = true;
    try {
      await api.post('/admin/messages', { customerId: m.customerId, subject: `Re: ${m.subject}`.slice(0, 150), body: body.value, inReplyTo: m.id });
      load();
    } catch (err) {
      $('#messages-error').textContent = err.message;
      $('#messages-error').hidden = false;
      send.disabled = false;
    }
  });
  // Managers read; those who may reply get the form.
  if (may('messages.reply')) box.append(form);
  return box;
}

async function load() {
  $('#messages-error').hidden = true;
  try {
    const q = new URLSearchParams({ limit: '50', unanswered: String($('#only-unanswered').checked) });
    const page = await api.get(`/admin/messages?${q}`);
    $('#staff-messages').replaceChildren(...page.items.map(item));
    $('#messages-empty').hidden = page.items.length > 0;
  } catch (err) {
    $('#messages-error').textContent = err.message;
    $('#messages-error').hidden = false;
  }
}

document.addEventListener('toko:messages', load);
$('#only-unanswered').addEventListener('change', load);
