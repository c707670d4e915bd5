// Tiny client for the Toko API: JSON in and out, problem+json errors as ApiError.
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.code = problem.code || 'unknown';
    this.errors = problem.errors || [];
  }
}

export function makeApi(tokenKey) {
  const token = () => localStorage.getItem(tokenKey);
  async function request(method, path, body, extra = {}) {
    const headers = { accept: 'application/json', ...extra };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const t = token();
    if (t) headers.authorization = `Bearer ${t}`;
    let res;
    try {
      res = await fetch(`/api${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch {
      throw new ApiError(0, { code: 'network_error', detail: 'network' });
    }
    const text = await res.text();
    let data = {};
    try { data = text ? JSON.parse(text) : {}; } catch { data = {}; }
    if (!res.ok) {
      // A request sent with a token replaced meanwhile (a new password, two-step sign-in)
      // does not sign the newer session out.
      if (res.status === 401 && t && token() === t) localStorage.removeItem(tokenKey);
      throw new ApiError(res.status, data);
    }
    return data;
  }
  return {
    token,
    setToken: (t) => (t ? localStorage.setItem(tokenKey, t) : localStorage.removeItem(tokenKey)),
    get: (p) => request('GET', p),
    post: (p, b, h) => request('POST', p, b ?? {}, h),
    request: (m, p, b, h) => request(m, p, b, h),
  };
}
