// api.js — the JSON API (docs/api.md) over fetch, at the paths paths.js builds: same-origin
// cookie, the CSRF token on every state-changing request, errors as ApiError {status, field,
// message}. KB lists are cached for the page's lifetime (they change only when the server
// restarts).
import * as paths from './paths.js';

let csrf = '';

export function setCsrf(token) {
  csrf = token || '';
}

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.error) || `the server answered ${status}`);
    this.status = status;
    this.field = (body && body.field) || null;
    this.body = body;
  }
}

async function request(method, path, body, form = false) {
  const headers = { Accept: 'application/json' };
  let payload;
  if (body !== undefined) {
    if (form) {
      payload = body;
    } else {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
  }
  if (method !== 'GET') headers['X-CSRF-Token'] = csrf;
  let res;
  try {
    res = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, { error: 'the server cannot be reached; check the connection and try again' });
  }
  const type = res.headers.get('Content-Type') || '';
  const data = type.startsWith('application/json') ? await res.json().catch(() => null) : null;
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

export const api = {
  get: (path) => request('GET', path),
  post: (path, body = {}) => request('POST', path, body),
  put: (path, body) => request('PUT', path, body),
  patch: (path, body) => request('PATCH', path, body),
  del: (path) => request('DELETE', path),
  upload: (path, formData) => request('POST', path, formData, true),
};

const kbCache = new Map();

/** GET kb/{kind} (paths.kb) -> the list under that key (interventions, settings, instruments, media,
 *  problems); the whole answer when it has no such key (vocab: the profile's word lists). */
export function kb(kind) {
  if (!kbCache.has(kind)) {
    const p = api.get(paths.kb(kind)).then((d) => (kind in d ? d[kind] : d));
    p.catch(() => kbCache.delete(kind));
    kbCache.set(kind, p);
  }
  return kbCache.get(kind);
}

/** id -> display name for a KB list (falls back to the id). */
export async function names(kind) {
  const m = new Map();
  try {
    for (const it of await kb(kind)) m.set(it.id, it);
  } catch {
    /* the names are a nicety: ids are shown instead */
  }
  return m;
}

/** The display name of id in a names() map, the id when the KB lacks it. */
export function nameOf(map, id) {
  return map.get(id) ? map.get(id).name : id;
}

/** Alert kinds (GET /alerts, GET .../progress) in words. */
export const ALERT_WORDS = {
  'risk-item': 'Risk item answered',
  'risk-unanswered': 'Risk item left blank',
  'review-suggested': 'Review suggested',
  deterioration: 'Deterioration',
  'plan-review-due': 'Plan review due',
  'cosign-due': 'Co-signature due',
  'break-glass': 'Break-glass access to the record',
};
