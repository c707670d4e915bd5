// What customers say (the home page): approved testimonials, name shortened, stars, day.
import { apply, day, extend } from './i18n.js';
import { $, el } from './dom.js';

extend({ en: { 'tm.title': 'What our customers say' }, id: { 'tm.title': 'Kata pelanggan kami' } });

/// `n` of five stars, named for screen readers (`4/5`); the console's list uses it too.
export function stars(n) {
  const s = el('span', { className: 'stars', textContent: '★'.repeat(n) + '☆'.repeat(5 - n), title: `${n}/5` });
  s.setAttribute('role', 'img');
  s.setAttribute('aria-label', `${n}/5`);
  return s;
}

export function showTestimonials(items) {
  $('#testimonial-list').replaceChildren(...items.map((x) => el('figure', { className: 'testimonial' },
    stars(x.rating),
    el('blockquote', { textContent: x.text }),
    el('figcaption', { className: 'muted', textContent: `${x.name} · ${day(x.date)}` }))));
  $('#testimonials').hidden = false;
  apply($('#testimonials'));
}
