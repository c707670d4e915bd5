// A customer with a completed order tells others about the shop (My orders): stars and a
// few words, shown on the home page once the shop approves them. Writing again replaces
// the testimonial and it waits for approval again.
import { extend, showError, t } from './i18n.js';
import { $, el } from './dom.js';

extend({
  en: {
    'tf.title': 'Tell others about us', 'tf.rating': 'Your rating', 'tf.text': 'A few words about the shop (10 to 1000 characters)',
    'tf.send': 'Send', 'tf.again': 'Write it again', 'tf.pending': 'Thank you! It waits for the shop to approve it.',
    'tf.approved': 'Thank you! It is shown on our home page.', 'tf.hidden': 'The shop decided not to show it.',
    'code.no_completed_order': 'Testimonials are written after a completed order.',
  },
  id: {
    'tf.title': 'Ceritakan pengalaman Anda', 'tf.rating': 'Nilai Anda', 'tf.text': 'Beberapa kata tentang toko (10 sampai 1000 karakter)',
    'tf.send': 'Kirim', 'tf.again': 'Tulis ulang', 'tf.pending': 'Terima kasih! Menunggu persetujuan toko.',
    'tf.approved': 'Terima kasih! Sudah tampil di beranda kami.', 'tf.hidden': 'Toko memutuskan untuk tidak menampilkannya.',
    'code.no_completed_order': 'Testimoni ditulis setelah ada pesanan yang selesai.',
  },
});

function form(api, own, done) {
  const rating = el('select', { name: 'rating', required: true },
    ...[5, 4, 3, 2, 1].map((n) => el('option', { value: String(n), textContent: `${n} ${'★'.repeat(n)}` })));
  rating.value = String(own?.rating ?? 5);
  const text = el('textarea', { name: 'text', rows: 3, minLength: 10, maxLength: 1000, required: true, value: own?.text ?? '' });
  const f = el('form', { id: 'testimonial-form', noValidate: true },
    el('p', { className: 'form-error', hidden: true }),
    el('label', {}, el('span', { textContent: t('tf.rating') }), rating),
    el('label', {}, el('span', { textContent: t('tf.text') }), text),
    el('button', { className: 'btn', type: 'submit', textContent: t(own ? 'tf.again' : 'tf.send') }));
  f.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      done(await api.post('/testimonials', { rating: Number(rating.value), text: text.value }));
    } catch (err) { showError(f, err); }
  });
  return f;
}

/// Draws the box on the orders page: the customer's testimonial (if any) and the form.
export async function offerTestimonial(api) {
  const box = $('#testimonial-box');
  const own = await api.get('/testimonials/mine').catch(() => null);
  const draw = (mine) => box.replaceChildren(
    el('h2', { textContent: t('tf.title') }),
    ...(mine ? [el('p', { className: `notice ${mine.state === 'hidden' ? 'rejected' : mine.state}`, textContent: t(`tf.${mine.state}`) })] : []),
    form(api, mine, draw));
  draw(own);
  box.hidden = false;
}
