// Query strings of the read routes → a store filter and a page. Unknown or malformed
// parameters are refused (400 BAD_QUERY) rather than ignored, so a typo never widens a list.
// `document_id=` (or `document=<digits>`) names a document by id; `document=<name>` by its
// exact file name, which must name one document: several uploads may share a name, and a
// name that matches more than one is refused (400 AMBIGUOUS_DOCUMENT, listing their ids)
// rather than merged.
import { REVIEW_STATES, documentsNamed, type Db, type PageRequest, type ReadFilter } from '@ziping/store';
import { ApiError } from '../errors.ts';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

const TEXT = ['department', 'project', 'kind', 'level1', 'level2', 'rule', 'q'] as const;
const FILTERS = ['document', 'document_id', 'year', 'severity', 'review', ...TEXT] as const;
const PAGING = ['limit', 'offset', 'after'] as const;
/** Filters that name a document; every list has both. */
const DOC = ['document', 'document_id'] as const;

const bad = (message: string) => new ApiError(400, 'BAD_QUERY', message);

function one(query: Record<string, unknown>, key: string): string | undefined {
  const v = query[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw bad(`give "${key}" once`);
  return v;
}

function int(query: Record<string, unknown>, key: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const v = one(query, key);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n) || n < min || n > max) throw bad(`"${key}" is a whole number from ${min} to ${max}`);
  return n;
}

/** The filter of a request; `allowed` limits it to the filters that make sense for the list. */
export function readFilter(query: unknown, allowed: readonly (typeof FILTERS)[number][] = FILTERS, paged = true): ReadFilter {
  const q = (query ?? {}) as Record<string, unknown>;
  const known = new Set<string>([...allowed, ...PAGING]);
  const unknown = Object.keys(q).filter((k) => !known.has(k));
  if (unknown.length) throw bad(`unknown parameter ${unknown.map((k) => `"${k}"`).join(', ')}; use ${[...allowed, ...(paged ? PAGING : [])].join(', ')}`);
  const f: ReadFilter = {};
  for (const key of TEXT) {
    const v = one(q, key);
    if (v !== undefined && v !== '') f[key] = v;
  }
  const doc = one(q, 'document');
  if (doc) {
    if (/^\d+$/.test(doc)) f.documentId = Number(doc);
    else f.documentName = doc;
  }
  const docId = int(q, 'document_id', 1);
  if (docId !== undefined) {
    if (f.documentId !== undefined || f.documentName !== undefined) throw bad('give "document" or "document_id", not both');
    f.documentId = docId;
  }
  f.year = int(q, 'year', 1900, 2200);
  const severity = one(q, 'severity');
  if (severity) {
    if (severity !== 'error' && severity !== 'warning') throw bad('"severity" is error or warning');
    f.severity = severity;
  }
  const review = one(q, 'review');
  if (review) {
    if (!(REVIEW_STATES as readonly string[]).includes(review)) throw bad(`"review" is one of ${REVIEW_STATES.join(', ')}`);
    f.review = review;
  }
  for (const k of Object.keys(f) as (keyof ReadFilter)[]) if (f[k] === undefined) delete f[k];
  return f;
}

/**
 * `document=<name>` → the one document of that name. No such document: id 0, which matches
 * nothing (an empty list, as for any filter value); several: 400 AMBIGUOUS_DOCUMENT.
 */
export async function resolveDocument(db: Db, f: ReadFilter): Promise<ReadFilter> {
  if (f.documentName === undefined) return f;
  const ids = await documentsNamed(db, f.documentName);
  if (ids.length > 1) {
    throw new ApiError(400, 'AMBIGUOUS_DOCUMENT',
      `${ids.length} documents are named "${f.documentName}" (ids ${ids.join(', ')}); filter with document_id=<id>`);
  }
  const { documentName: _, ...rest } = f;
  return { ...rest, documentId: ids[0] ?? 0 };
}

/** A page cursor: the key of a row, as the `next` of a page gives it (base64url of a JSON array). */
export const encodeCursor = (key: number[]) => Buffer.from(JSON.stringify(key)).toString('base64url');

function decodeCursor(s: string): number[] {
  let v: unknown;
  try { v = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')); } catch { v = null; }
  if (!Array.isArray(v) || v.length === 0 || v.length > 4 || !v.every((x) => Number.isSafeInteger(x))) {
    throw bad('"after" is the cursor a page gave as its next link');
  }
  return v as number[];
}

export function pageOf(query: unknown): PageRequest {
  const q = (query ?? {}) as Record<string, unknown>;
  const after = one(q, 'after');
  return {
    limit: int(q, 'limit', 1, MAX_LIMIT) ?? DEFAULT_LIMIT,
    offset: int(q, 'offset', 0) ?? 0,
    ...(after ? { after: decodeCursor(after) } : {}),
  };
}

export const DOCUMENT_FILTERS = [...DOC, 'department', 'year', 'project', 'kind', 'rule', 'severity', 'q'] as const;
export const FORM_FILTERS = [...DOC, 'department', 'year', 'project', 'kind', 'q'] as const;
export const FUNDING_FILTERS = FORM_FILTERS;
export const INDICATOR_FILTERS = [...DOC, 'department', 'year', 'project', 'kind', 'level1', 'level2', 'q'] as const;
export const ANOMALY_FILTERS = [...DOC, 'department', 'year', 'project', 'kind', 'rule', 'severity', 'review', 'q'] as const;
