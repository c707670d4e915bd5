// Local stand-in for CloudFront: serves the site at /, the console at /console/,
// forwards /api/* to `cargo lambda watch` and /media/* to the media bucket in the
// emulator, all on one origin.
// usage: node scripts/devserver.mjs --port 8080 --api http://127.0.0.1:9000 \
//          [--media http://127.0.0.1:5050/toko-dev-mediabucket]
import crypto from 'node:crypto';
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
const security = securityHeaders(await readFile(path.join(root, 'infra', 'template.yaml'), 'utf8'));

// The response headers CloudFront adds (the template's SecurityHeadersPolicy), read from
// the template so the dev server cannot drift from it. The buckets' origins in the CSP
// become the emulator's, where presigned uploads go here.
function securityHeaders(template) {
  const at = template.indexOf('SecurityHeadersPolicy:');
  const block = template.slice(at, template.indexOf('\n\n', at));
  const field = (name) => {
    const m = block.match(new RegExp(`${name}: *(?:!Sub +)?"?([^"\n]+)"?`));
    if (!m) throw new Error(`template SecurityHeadersPolicy has no ${name}`);
    return m[1].trim();
  };
  const s3 = media ? media.origin : '';
  const csp = field('ContentSecurityPolicy')
    .replace(/\$\{ImageHosts\}/g, process.env.TOKO_IMAGE_HOSTS || '')
    .replace(/https:\/\/\$\{(Files|Media)Bucket\.RegionalDomainName\}/g, s3)
    .replace(/ +/g, ' ');
  if (csp.includes('${')) throw new Error(`unresolved value in the CSP: ${csp}`);
  const hsts = `max-age=${field('AccessControlMaxAgeSec')}${field('IncludeSubdomains') === 'true' ? '; includeSubDomains' : ''}${field('Preload') === 'true' ? '; preload' : ''}`;
  const headers = {
    'content-security-policy': csp,
    'strict-transport-security': hsts,
    'x-frame-options': field('FrameOption'),
    'x-content-type-options': 'nosniff',
    'referrer-policy': field('ReferrerPolicy'),
  };
  for (const m of block.matchAll(/- \{ *Header: *([\w-]+), *Value: *"([^"]*)"/g)) headers[m[1].toLowerCase()] = m[2];
  return headers;
}

const hmac = (key, text, enc) => crypto.createHmac('sha256', key).update(text).digest(enc);

// Signs a GET the way CloudFront's origin access control does (SigV4), with the local
// AWS credentials, so the media bucket stays private here too.
function signedGet(target, path) {
  const amzDate = new Date().toISOString().replace(/[:-]|\.\d{3}/g, '');
  const date = amzDate.slice(0, 8);
  const region = process.env.AWS_REGION || 'us-east-1';
  const payload = 'UNSIGNED-PAYLOAD';
  const headers = { host: target.host, 'x-amz-content-sha256': payload, 'x-amz-date': amzDate };
  const names = Object.keys(headers).sort();
  const canonical = ['GET', path, '', names.map((h) => `${h}:${headers[h]}\n`).join(''), names.join(';'), payload].join('\n');
  const scope = `${date}/${region}/s3/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, crypto.createHash('sha256').update(canonical).digest('hex')].join('\n');
  let key = hmac(`AWS4${process.env.AWS_SECRET_ACCESS_KEY || ''}`, date);
  for (const part of [region, 's3', 'aws4_request']) key = hmac(key, part);
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${process.env.AWS_ACCESS_KEY_ID || ''}/${scope}, SignedHeaders=${names.join(';')}, Signature=${hmac(key, toSign, 'hex')}`;
  return headers;
}

function mediaGet(req, res) {
  const path = media.pathname + new URL(req.url, 'http://x').pathname;
  const upstream = http.request({ host: media.hostname, port: media.port, method: 'GET', path, headers: signedGet(media, path) }, (up) => {
    const ok = up.statusCode === 200;
    res.writeHead(ok ? 200 : 404, {
      'content-type': ok ? up.headers['content-type'] || 'application/octet-stream' : 'text/plain; charset=utf-8',
      'cache-control': 'public, max-age=300',
      ...security,
    });
    if (ok) up.pipe(res); else { up.resume(); res.end('Not found'); }
  });
  upstream.on('error', () => { if (!res.headersSent) res.writeHead(502); res.end(); });
  upstream.end();
}

function proxy(req, res) {
  const upstream = http.request(
    { host: api.hostname, port: api.port, method: req.method, path: req.url, headers: { ...req.headers, host: api.host } },
    (up) => {
      // Same origin, as through CloudFront: no CORS. (`cargo lambda watch` would answer any
      // origin's preflight, credentials allowed.)
      const headers = Object.fromEntries(Object.entries(up.headers).filter(([k]) => !k.startsWith('access-control-')));
      res.writeHead(up.statusCode || 502, { ...headers, ...security });
      up.pipe(res);
    },
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
  if ((req.url.startsWith('/api/') || req.url === '/api') && req.method === 'OPTIONS') {
    // No route answers OPTIONS on the HTTP API (it has no CORS configuration): a
    // cross-origin preflight fails.
    res.writeHead(404, { 'content-type': 'application/problem+json', ...security });
    return res.end(JSON.stringify({ type: 'about:blank', title: 'Not Found', status: 404, code: 'not_found', detail: 'No such route.' }));
  }
  if (req.url.startsWith('/api/') || req.url === '/api') return proxy(req, res);
  if (media && req.url.startsWith('/media/') && req.method === 'GET') return mediaGet(req, res);
  if (req.method !== 'GET' && req.method !== 'HEAD') { res.writeHead(405); return res.end(); }
  serveFile(req, res);
}).listen(port, '127.0.0.1', () => console.log(`devserver on http://localhost:${port}/ -> api ${api.origin}`));
