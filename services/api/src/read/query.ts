// Query strings of the read routes → a store filter and a page. Unknown or malformed
// parameters are refused (400 BAD_QUERY) rather than ignored, so a typo never widens a list.
// `document_id=` (or `document=<digits>`) names a document by id; `document=<name>` by its
// exact file name, which must name one document: several uploads may share a name, and a
// name that matches more than one is refused (400 AMBIGUOUS_DOCUMENT, listing their ids)
// rather than merged.
// The checks are the zod schemas of openapi/schemas.ts, which /openapi.json describes.
import { documentsNamed, type Db, type PageRequest, type ReadFilter } from '@ziping/store';
import { ApiError } from '../errors.ts';
import { EXPORT_PAGING, FILTER_FIELDS, FORMULAS_FIELD, PAGING_FIELDS, parseFields, type FilterName, type Fields } from '../openapi/schemas.ts';

export const DEFAULT_LIMIT = 50;

/** Filters that name a document; every list has both. */
const DOC = ['document', 'document_id'] as const;
const TEXT = ['department', 'project', 'kind', 'level1', 'level2', 'rule', 'q'] as const;

const bad = (message: string) => new ApiError(400, 'BAD_QUERY', message);

/** The parameters a list takes: its filters, and the paging ones (`paged`) or none. */
export function filterFields(allowed: readonly FilterName[], paged = true): Fields {
  return {
    ...Object.fromEntries(allowed.map((k) => [k, FILTER_FIELDS[k]])),
    ...(paged ? PAGING_FIELDS : {}),
  };
}
/** /documents pages by offset only (its order has no keyset cursor). */
export const documentFields = (): Fields => {
  const { after: _, ...paging } = PAGING_FIELDS;
  return { ...filterFields(DOCUMENT_FILTERS, false), ...paging };
};
/** An export's parameters: the list's filters (plus `formulas` for CSV); paging is accepted and ignored. */
export const exportFields = (allowed: readonly FilterName[], csv: boolean): Fields =>
  ({ ...filterFields(allowed, false), ...(csv ? FORMULAS_FIELD : {}), ...EXPORT_PAGING });

/** `query` checked against `fields`: their values, or 400 BAD_QUERY. */
export function parsed(fields: Fields, query: unknown): Record<string, unknown> {
  const r = parseFields(fields, query);
  if (!r.ok) throw bad(r.message);
  return r.data;
}

/** The filter of a request, checked against `fields` (a list's filterFields or exportFields). */
export function readFilter(query: unknown, fields: Fields): ReadFilter {
  const q = parsed(fields, query);
  const f: ReadFilter = {};
  for (const key of TEXT) {
    const v = q[key] as string | undefined;
    if (v !== undefined && v !== '') f[key] = v;
  }
  const doc = q.document as string | undefined;
  if (doc) {
    if (/^\d+$/.test(doc)) f.documentId = Number(doc);
    else f.documentName = doc;
  }
  if (q.document_id !== undefined) {
    if (f.documentId !== undefined || f.documentName !== undefined) throw bad('give "document" or "document_id", not both');
    f.documentId = q.document_id as number;
  }
  if (q.year !== undefined) f.year = q.year as number;
  if (q.severity !== undefined) f.severity = q.severity as ReadFilter['severity'];
  if (q.review !== undefined) f.review = q.review as ReadFilter['review'];
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

/** The page of a request; its filters are checked by readFilter. */
export function pageOf(query: unknown): PageRequest {
  const q = (query ?? {}) as Record<string, unknown>;
  const p = parsed(PAGING_FIELDS, { limit: q.limit, offset: q.offset, after: q.after });
  return {
    limit: (p.limit as number | undefined) ?? DEFAULT_LIMIT,
    offset: (p.offset as number | undefined) ?? 0,
    ...(p.after ? { after: decodeCursor(p.after as string) } : {}),
  };
}

export const DOCUMENT_FILTERS = [...DOC, 'department', 'year', 'project', 'kind', 'rule', 'severity', 'q'] as const;
export const FORM_FILTERS = [...DOC, 'department', 'year', 'project', 'kind', 'q'] as const;
export const FUNDING_FILTERS = FORM_FILTERS;
export const INDICATOR_FILTERS = [...DOC, 'department', 'year', 'project', 'kind', 'level1', 'level2', 'q'] as const;
export const ANOMALY_FILTERS = [...DOC, 'department', 'year', 'project', 'kind', 'rule', 'severity', 'review', 'q'] as const;
