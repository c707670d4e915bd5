// Files between the console and the API: a CSV sent as it is (text/csv), a download that
// needs the bearer token, and a file's problems listed line by line.
import { makeApi } from '/assets/api.js';
import { t } from '/assets/i18n.js';
import { el } from '/assets/dom.js';

const api = makeApi('toko.console.token');

/// POSTs `text` as CSV to `/api{path}?{query}`; the answer's status and JSON body.
export async function postCsv(path, query, text) {
  const res = await fetch(`/api${path}?${query}`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv', accept: 'application/json', authorization: `Bearer ${api.token()}` },
    body: text,
  });
  return { status: res.status, body: await res.json().catch(() => ({})) };
}

/// Fetches `/api{path}` with the token and hands it over as the file `name`.
export async function download(path, name) {
  const res = await fetch(`/api${path}`, { headers: { authorization: `Bearer ${api.token()}` } });
  if (!res.ok) return; // a problem answer is no file
  const url = URL.createObjectURL(await res.blob());
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(url);
}

/// The result box `#id` of a file form, kept in the page's language: `show(draw)` draws and
/// remembers what it drew, `redraw()` draws it again after a language switch, `say(text)`
/// puts one line in it, `problem(body)` shows a problem answer.
export function resultBox(id) {
  let shown = null;
  const box = () => document.getElementById(id);
  const show = (draw) => { shown = draw; draw(); };
  return {
    show,
    redraw: () => shown?.(),
    forget: () => { shown = null; },
    say(text, cls = 'notice') {
      const b = box();
      b.className = cls;
      b.replaceChildren(text);
      b.hidden = false;
    },
    problem: (body) => show(() => showProblem(box(), body)),
  };
}

/// Shows a problem answer in `box`: a file's bad lines as a numbered list.
export function showProblem(box, body) {
  const known = t(`code.${body.code}`);
  box.className = 'form-error';
  // A known problem in the page's language, with the server's words about which line.
  const said = known !== `code.${body.code}` ? known : (body.detail || t('error.generic'));
  box.replaceChildren(said, ...(body.detail?.startsWith('Line ') ? [el('br'), body.detail] : []));
  if (body.code === 'invalid_csv' && body.errors?.length) {
    box.replaceChildren(t('file.bad', { n: body.errors.length }), el('ol', { className: 'line-errors' },
      ...body.errors.map((e) => el('li', {}, el('b', { textContent: `${t('file.line', { n: e.field.replace('line ', '') })}: ` }), e.message))));
  }
  box.hidden = false;
}
