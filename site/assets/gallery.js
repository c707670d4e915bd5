// A product's pictures (its page): the main one large, thumbnails to show the others.
import { t, extend } from './i18n.js';
import { $, el } from './dom.js';

extend({ en: { 'gallery.show': 'Picture {n} of {of}' }, id: { 'gallery.show': 'Gambar {n} dari {of}' } });

export function showGallery(p) {
  if (!document.querySelector('link[href="/assets/gallery.css"]')) document.head.append(el('link', { rel: 'stylesheet', href: '/assets/gallery.css' }));
  const main = $('#product-image');
  const thumbs = p.pictures.map((src, i) => {
    const b = el('button', { type: 'button', className: 'thumb', title: t('gallery.show', { n: i + 1, of: p.pictures.length }) },
      el('img', { src, alt: '', loading: 'lazy' }));
    b.setAttribute('aria-label', b.title);
    b.setAttribute('aria-pressed', String(i === 0));
    b.addEventListener('click', () => {
      main.src = src;
      thumbs.forEach((x) => x.setAttribute('aria-pressed', String(x === b)));
    });
    return b;
  });
  $('#product-thumbs').replaceChildren(...thumbs);
  $('#product-thumbs').hidden = false;
}
