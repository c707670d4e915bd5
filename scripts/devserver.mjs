// Local stand-in for CloudFront: serves the site at /, the console at /console/,
// forwards /api/* to `cargo lambda watch` and /media/* to the media bucket in the
// emulator, all on one origin.
// usage: node scripts/devserver.mjs --port 8080 --api http://127.0.0.1:9000 \
//          [--media http://127.0.0.1:5050/toko-dev-mediabucket]
import http from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
const port = Number(args.port || 8080);
const api = new URL(args.api || 'http://127.0.0.1:9000');
const media = args.media ? new URL(args.media) : null;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const mounts = [
  ['/console/', path.join(root, 'console')],
  ['/', path.join(root, 'site')],
];
const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.jpg': 'image/jpeg', '.ico': 'image/x-icon', '.webp': 'image/webp', '.txt': 'text/plain; charset=utf-8',
};
const security = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-frame-options': 'DENY',
};

function proxy(req, res, target = api, prefix = '') {
  const upstream = http.request(
    { host: target.hostname, port: target.port, method: req.method, path: prefix + req.url, headers: { ...req.headers, host: target.host } },
    (up) => { res.writeHead(up.statusCode || 502, up.headers); up.pipe(res); },
  );
  upstream.setTimeout(120_000, () => upstream.destroy(new Error('upstream timeout')));
  upstream.on('error', () => {
    if (!res.headersSent) {
      res.writeHead(502, { 'content-type': 'application/problem+json' });
      res.end(JSON.stringify({ type: 'about:blank', title: 'Bad Gateway', status: 502, code: 'bad_gateway', detail: 'The functions are not answering yet.' }));
    } else res.destroy();
  });
  req.pipe(upstream);
}

async function serveFile(req, res) {
  let pathname;
  try { pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname); } catch { pathname = '/'; }
  if (pathname === '/console') { res.writeHead(301, { location: '/console/' }); return res.end(); }
  const [prefix, dir] = mounts.find(([p]) => pathname.startsWith(p));
  let file = path.join(dir, pathname.slice(prefix.length));
  if (!file.startsWith(dir)) { res.writeHead(403); return res.end(); }
  try {
    if ((await stat(file)).isDirectory()) file = path.join(file, 'index.html');
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-cache', ...security });
    res.end(req.method === 'HEAD' ? undefined : body);
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...security });
    res.end('Not found');
  }
}

http.createServer((req, res) => {
  if (req.url.startsWith('/api/') || req.url === '/api') return proxy(req, res);
  if (media && req.url.startsWith('/media/') && (req.method === 'GET' || req.method === 'HEAD')) {
    const clean = req.url.split('?')[0];
    return proxy({ ...req, url: clean, headers: {}, pipe: (u) => u.end(), method: req.method }, res, media, media.pathname);
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') { res.writeHead(405); return res.end(); }
  serveFile(req, res);
}).listen(port, '127.0.0.1', () => console.log(`devserver on http://localhost:${port}/ -> api ${api.origin}`));
