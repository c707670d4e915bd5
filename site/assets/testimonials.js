// What customers say (the home page): approved testimonials, name shortened, stars, day.
import { apply, day, extend } from './i18n.js';
import { $, el } from './dom.js';

extend({ en: { 'tm.title': 'What our customers say' }, id: { 'tm.title': 'Kata pelanggan kami' } });

export function showTestimonials(items) {
  $('#testimonial-list').replaceChildren(...items.map((x) => el('figure', { className: 'testimonial' },
    el('span', { className: 'stars', textContent: '★'.repeat(x.rating) + '☆'.repeat(5 - x.rating), title: `${x.rating}/5` }),
    el('blockquote', { textContent: x.text }),
    el('figcaption', { className: 'muted', textContent: `${x.name} · ${day(x.date)}` }))));
  $('#testimonials').hidden = false;
  apply($('#testimonials'));
}
