// Two tiny DOM helpers shared by the site and the console.
export const $ = (sel) => document.querySelector(sel);

/// An element with properties and children; text goes in as textContent, never HTML.
export function el(tag, props = {}, ...children) {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...children);
  return e;
}
