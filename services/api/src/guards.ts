// Checks and headers every request and response goes through (registered in api.ts).
import { ApiError } from './errors.ts';

/**
 * Sent with every response. The review pages load only their own scripts, styles, the PDF
 * (fetch) and pdf.js's worker, fonts and wasm decoders ('wasm-unsafe-eval' compiles those;
 * no JS eval); pdf.js draws fonts from data and images from blobs.
 */
export const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': [
    "default-src 'none'", "script-src 'self' 'wasm-unsafe-eval'", "worker-src 'self'", "connect-src 'self'",
    "style-src 'self'", "img-src 'self' data: blob:", "font-src 'self' data:",
    "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
  ].join('; '),
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

const bad = (what: string) => new ApiError(400, 'BAD_QUERY', what);

/** 400 BAD_QUERY for a path or query string with a NUL or with %-bytes that are not UTF-8 (never passed on to Postgres). */
export function checkUrl(url: string): void {
  const at = url.indexOf('?');
  const path = at < 0 ? url : url.slice(0, at);
  const parts = at < 0 ? [] : url.slice(at + 1).split('&').flatMap((p) => p.split('='));
  for (const [where, raw] of [['the path', path], ...parts.map((p) => ['a query parameter', p.replaceAll('+', ' ')])] as const) {
    let text: string;
    try {
      text = decodeURIComponent(raw);
    } catch {
      throw bad(`${where} is not valid percent-encoded UTF-8`);
    }
    if (text.includes('\0')) throw bad(`${where} holds a NUL character`);
  }
}

/** 400 BAD_BODY for a JSON body with a NUL in any text (Postgres text cannot hold one). */
export function checkBody(body: unknown, path = 'body'): void {
  if (typeof body === 'string') {
    if (body.includes('\0')) throw new ApiError(400, 'BAD_BODY', `${path} holds a NUL character`);
  } else if (Array.isArray(body)) body.forEach((v, i) => checkBody(v, `${path}[${i}]`));
  else if (body && typeof body === 'object') for (const [k, v] of Object.entries(body)) checkBody(v, `${path}.${k}`);
}
