// A design proof on the order page (loaded only for an order that has one): the latest
// version — a picture shown inline, a PDF as a link — and, while it waits for the
// customer, "Approve" or "Ask for changes" with a comment (POST /api/orders/{id}/proof).
import { apply, extend, showError, t, when } from './i18n.js';
import { $, el } from './dom.js';

extend({
  en: {
    'proof.title': 'Design proof', 'proof.version': 'Proof {v}: {name}', 'proof.open': 'Open the proof (PDF)',
    'proof.alt': 'Proof {v} of your order', 'proof.waiting': 'The shop is waiting for your answer: printing starts once you approve.',
    'proof.comment': 'Your comment (what should change?)', 'proof.approve': 'Approve this proof', 'proof.changes': 'Ask for changes',
    'proof.awaiting': 'Proof {v} sent for your approval', 'proof.approved': 'Proof {v} approved',
    'proof.changes_requested': 'Proof {v}: changes requested', 'proof.approvedNote': 'You approved this proof {at}.',
    'proof.changesNote': 'You asked for changes {at}; the shop will send a new version.',
    'code.proof_not_current': 'This proof was answered already or replaced by a newer one: the page now shows the latest.',
    'code.proof_too_late': 'This order is past the proof stage.',
  },
  id: {
    'proof.title': 'Proof desain', 'proof.version': 'Proof versi {v}: {name}', 'proof.open': 'Buka proof (PDF)',
    'proof.alt': 'Proof {v} pesanan Anda', 'proof.waiting': 'Toko menunggu jawaban Anda: pencetakan dimulai setelah Anda setuju.',
    'proof.comment': 'Komentar Anda (apa yang perlu diubah?)', 'proof.approve': 'Setujui proof ini', 'proof.changes': 'Minta perubahan',
    'proof.awaiting': 'Proof {v} dikirim untuk Anda setujui', 'proof.approved': 'Proof {v} disetujui',
    'proof.changes_requested': 'Proof {v}: perubahan diminta', 'proof.approvedNote': 'Anda menyetujui proof ini {at}.',
    'proof.changesNote': 'Anda meminta perubahan {at}; toko akan mengirim versi baru.',
    'code.proof_not_current': 'Proof ini sudah dijawab atau diganti versi yang lebih baru: halaman kini menampilkan yang terbaru.',
    'code.proof_too_late': 'Pesanan ini sudah melewati tahap proof.',
  },
});

/// The line of a history entry about a proof.
export const historyLine = (h) => t(`proof.${h.proof.state}`, { v: h.proof.version });

/// Draws the order's latest proof into #order-proof; `reload` redraws the order.
export async function renderProof(api, o, reload) {
  const box = $('#order-proof');
  const p = o.proof;
  box.hidden = !p;
  if (!p) { box.replaceChildren(); return; }
  const link = await api.get(`/orders/${o.id}/files/${p.fileId}`);
  const picture = /\.(png|jpe?g)$/i.test(p.name);
  const preview = picture
    ? el('a', { href: link.url, target: '_blank', rel: 'noopener' }, el('img', { className: 'proof-image', src: link.url, alt: t('proof.alt', { v: p.version }) }))
    : el('a', { className: 'btn light', href: link.url, target: '_blank', rel: 'noopener', textContent: t('proof.open') });
  const parts = [
    el('h2', { textContent: t('proof.title') }),
    el('p', {}, el('strong', { textContent: t('proof.version', { v: p.version, name: p.name }) })),
    preview,
  ];
  // Answered while the order still takes proofs (before production).
  if (p.state === 'awaiting' && ['pending', 'accepted', 'paid'].includes(o.status)) {
    const comment = el('textarea', { id: 'proof-comment', name: 'comment', rows: 3, maxLength: 2000 });
    const form = el('form', { id: 'proof-answer' },
      el('p', { className: 'notice', textContent: t('proof.waiting') }),
      el('p', { className: 'form-error', role: 'alert', hidden: true }),
      el('label', {}, el('span', { textContent: t('proof.comment') }), comment),
      el('div', { className: 'row-actions' },
        el('button', { className: 'btn', type: 'submit', value: 'approve', textContent: t('proof.approve') }),
        el('button', { className: 'btn light', type: 'submit', value: 'changes', textContent: t('proof.changes') })));
    // Each button says its own decision (never a default: an approval cannot be undone).
    let decision = null;
    for (const b of form.querySelectorAll('button')) b.addEventListener('click', () => { decision = b.value; });
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (!decision) return;
      for (const b of form.querySelectorAll('button')) b.disabled = true;
      try {
        await api.post(`/orders/${o.id}/proof`, { version: p.version, decision, comment: comment.value });
        await reload();
      } catch (err) {
        showError(form, err);
        for (const b of form.querySelectorAll('button')) b.disabled = false;
      }
    });
    parts.push(form);
  } else {
    const at = when(p.answeredAt);
    parts.push(el('p', { className: 'muted', textContent: t(p.state === 'approved' ? 'proof.approvedNote' : 'proof.changesNote', { at }) }));
    if (p.comment) parts.push(el('blockquote', { textContent: p.comment }));
  }
  box.replaceChildren(...parts);
  apply(box);
}
