// Design proofs in the console's order detail: the latest version and the customer's
// answer, the proof history, and "Send a proof" (PDF, PNG or JPEG; staff with
// orders.proof, before production) uploaded straight to storage and checked by the server,
// which records it as the next version and tells the customer (inbox and mail).
import { attach } from '/assets/upload.js';
import { extend, showError, t } from '/assets/i18n.js';
import { el } from '/assets/dom.js';
import { may } from '/console/may.js';

extend({
  en: {
    'proofs.title': 'Design proof', 'proofs.none': 'No proof sent yet.', 'proofs.send': 'Send a proof (PDF, PNG or JPEG)',
    'proofs.sending': 'Sending…', 'proofs.awaiting': 'Proof {v}: waiting for the customer',
    'proofs.approved': 'Proof {v}: approved by the customer', 'proofs.changes_requested': 'Proof {v}: the customer asks for changes',
    'proofs.blocked': 'Production starts once the customer approves the latest proof.',
    'proofs.h.awaiting': 'Proof {v} sent', 'proofs.h.approved': 'Proof {v} approved', 'proofs.h.changes_requested': 'Proof {v}: changes requested',
    'code.proof_not_approved': 'The customer has not approved the latest proof yet: production starts after their approval.',
    'code.proof_too_late': 'Proofs are sent before production; this order is past that.',
    'code.proof_not_current': 'Another proof or a move came first: reload the order.',
  },
  id: {
    'proofs.title': 'Proof desain', 'proofs.none': 'Belum ada proof yang dikirim.', 'proofs.send': 'Kirim proof (PDF, PNG, atau JPEG)',
    'proofs.sending': 'Mengirim…', 'proofs.awaiting': 'Proof {v}: menunggu pelanggan',
    'proofs.approved': 'Proof {v}: disetujui pelanggan', 'proofs.changes_requested': 'Proof {v}: pelanggan meminta perubahan',
    'proofs.blocked': 'Produksi dimulai setelah pelanggan menyetujui proof terbaru.',
    'proofs.h.awaiting': 'Proof {v} dikirim', 'proofs.h.approved': 'Proof {v} disetujui', 'proofs.h.changes_requested': 'Proof {v}: perubahan diminta',
    'code.proof_not_approved': 'Pelanggan belum menyetujui proof terbaru: produksi dimulai setelah disetujui.',
    'code.proof_too_late': 'Proof dikirim sebelum produksi; pesanan ini sudah melewatinya.',
    'code.proof_not_current': 'Ada proof lain atau perubahan status lebih dulu: muat ulang pesanan.',
  },
});

/// A queue badge for an order's latest proof ('' without one).
export function proofBadge(o) {
  if (!o.proof) return '';
  const badge = el('span', { className: `badge proof-${o.proof.state}`, textContent: t(`proofs.${o.proof.state}`, { v: o.proof.version }) });
  badge.dataset.proofState = o.proof.state;
  return badge;
}

/// The proof section of an order's detail; `reopen` draws the order again.
export function proofSection(api, order, reopen) {
  const p = order.proof;
  const parts = [el('h3', { textContent: t('proofs.title') })];
  if (p) {
    parts.push(el('p', {}, proofBadge(order)));
    if (p.comment) parts.push(el('blockquote', { className: 'proof-comment', textContent: p.comment }));
    if (p.state !== 'approved') parts.push(el('p', { className: 'muted', textContent: t('proofs.blocked') }));
  } else {
    parts.push(el('p', { className: 'muted', textContent: t('proofs.none') }));
  }
  if (may('orders.proof') && ['pending', 'accepted', 'paid'].includes(order.status)) {
    const input = el('input', { type: 'file', id: 'proof-file', accept: '.pdf,.png,.jpg,.jpeg', hidden: true });
    const label = el('label', { className: 'btn light', id: 'proof-send' }, el('span', { textContent: t('proofs.send') }), input);
    const bar = el('progress', { max: 100, value: 0, hidden: true });
    const form = el('form', { className: 'row-actions' }, label, bar, el('p', { className: 'form-error', role: 'alert', hidden: true }));
    input.addEventListener('change', async () => {
      const file = input.files[0];
      if (!file) return;
      bar.hidden = false;
      label.querySelector('span').textContent = t('proofs.sending');
      try {
        const done = await attach(api, order.id, file, 'design_proof', (n) => { bar.value = n; });
        if (done.status === 'rejected') throw Object.assign(new Error(done.reason), { problem: { detail: done.reason } });
        await reopen();
      } catch (err) {
        bar.hidden = true;
        label.querySelector('span').textContent = t('proofs.send');
        showError(form, err);
      }
    });
    parts.push(form);
  }
  return el('div', { className: 'proofs no-print' }, ...parts);
}

/// The line of a history entry about a proof.
export const proofHistory = (h) => t(`proofs.h.${h.proof.state}`, { v: h.proof.version });
