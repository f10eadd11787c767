// The zod schemas of the API's parameters and answers. The read routes parse their query
// strings with these (read/query.ts), and document.ts turns the same schemas into the
// OpenAPI description, so what /openapi.json says is what the routes enforce.
import { KEY_ROLES, REVIEW_DECISIONS, REVIEW_STATES } from '@ziping/store';
import { z } from 'zod';

export const ErrorBody = z.object({
  error: z.object({
    code: z.string().describe('stable, machine-readable: BAD_QUERY, NOT_FOUND, UNAUTHORIZED, …'),
    message: z.string().describe('for people: what is wrong and how to fix it'),
  }),
});

// A query value is text; a whole number is parsed from digits only ("1e3", " 5" and "" are refused).
const digits = (v: unknown) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v);
const whole = (min: number, max = Number.MAX_SAFE_INTEGER) => z.preprocess(digits, z.number().int().min(min).max(max)).optional();
// An empty value of these filters means the filter is not set (the review page sends `severity=`).
const blankIsUnset = (v: unknown) => (v === '' ? undefined : v);
const choice = <T extends readonly [string, ...string[]]>(values: T) => z.preprocess(blankIsUnset, z.enum(values).optional()).optional();
const text = (what: string) => z.string().optional().describe(what);

/** Every filter of the lists, each with the message a bad value gets. */
export const FILTER_FIELDS = {
  document: { schema: text('a document: its id (digits) or its exact file name, which must name one document (else 400 AMBIGUOUS_DOCUMENT)'), bad: '"document" is an id or a file name' },
  document_id: { schema: whole(1).describe('a document id'), bad: '"document_id" is a whole number from 1' },
  department: { schema: text('department, exactly'), bad: '"department" is text' },
  year: { schema: whole(1900, 2200).describe('the year of the form'), bad: '"year" is a whole number from 1900 to 2200' },
  project: { schema: text('project name, exactly'), bad: '"project" is text' },
  kind: { schema: text('form kind, exactly'), bad: '"kind" is text' },
  level1: { schema: text('level-1 indicator, exactly'), bad: '"level1" is text' },
  level2: { schema: text('level-2 indicator, exactly'), bad: '"level2" is text' },
  rule: { schema: text('anomaly rule, e.g. TOTAL_SCORE'), bad: '"rule" is text' },
  severity: { schema: choice(['error', 'warning'] as const).describe('anomaly severity'), bad: '"severity" is error or warning' },
  review: { schema: choice(REVIEW_STATES).describe('latest review decision of the anomaly'), bad: `"review" is one of ${REVIEW_STATES.join(', ')}` },
  q: { schema: text('text the name or message contains (case-insensitive)'), bad: '"q" is text' },
} as const;
export type FilterName = keyof typeof FILTER_FIELDS;

export const MAX_LIMIT = 500;
export const PAGING_FIELDS = {
  limit: { schema: whole(1, MAX_LIMIT).describe('rows per page (default 50)'), bad: `"limit" is a whole number from 1 to ${MAX_LIMIT}` },
  offset: { schema: whole(0).describe('rows to skip'), bad: '"offset" is a whole number from 0' },
  after: { schema: text('the cursor of the next page, as the `next` link of the previous page gives it'), bad: '"after" is the cursor a page gave as its next link' },
} as const;

export const FORMULAS_FIELD = {
  formulas: {
    schema: z.enum(['keep', 'escape']).optional().describe('keep (default): values as stored; escape: a leading = + - @ is prefixed with \''),
    bad: '"formulas" is keep (the default: values as stored) or escape',
  },
} as const;
const IGNORED = text('accepted and ignored: an export holds every matching row');
export const EXPORT_PAGING = { limit: { schema: IGNORED, bad: '' }, offset: { schema: IGNORED, bad: '' }, after: { schema: IGNORED, bad: '' } } as const;

export type Fields = Record<string, { schema: z.ZodType; bad: string }>;

/** The documents list of the review desk (GET /desk/documents). */
export const DESK_DOCUMENT_FIELDS = {
  status: { schema: choice(['queued', 'running', 'done', 'failed'] as const).describe('document status'), bad: '"status" is one of queued, running, done, failed' },
  media_type: { schema: text('media type, exactly (application/pdf, text/plain, …)'), bad: '"media_type" is text' },
  q: { schema: text('text the name, the error code or the error message contains (case-insensitive)'), bad: '"q" is text' },
  limit: PAGING_FIELDS.limit,
  offset: PAGING_FIELDS.offset,
} satisfies Fields;

const made = new WeakMap<Fields, z.ZodObject>();
/** A strict object of the fields: an unknown parameter is refused, never ignored. */
export function queryOf(fields: Fields): z.ZodObject {
  let s = made.get(fields);
  if (!s) made.set(fields, (s = z.strictObject(Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, f.schema])))));
  return s;
}

/** The parsed query, or the message of its first problem (in the words of the old hand-written checks). */
export function parseFields(fields: Fields, query: unknown): { ok: true; data: Record<string, unknown> } | { ok: false; message: string } {
  const q = (query ?? {}) as Record<string, unknown>;
  const unknown = Object.keys(q).filter((k) => !(k in fields));
  if (unknown.length) return { ok: false, message: `unknown parameter ${unknown.map((k) => `"${k}"`).join(', ')}; use ${Object.keys(fields).join(', ')}` };
  const r = queryOf(fields).safeParse(q);
  if (r.success) return { ok: true, data: r.data };
  const key = String(r.error.issues[0].path[0]);
  return { ok: false, message: Array.isArray(q[key]) ? `give "${key}" once` : fields[key]?.bad || `"${key}" is not valid` };
}

/** `:id` in a path: a positive whole number. */
export const IdParams = z.object({ id: z.string().regex(/^[1-9]\d*$/).describe('a positive whole number') });

// ── answers ──
const nullable = <T extends z.ZodType>(s: T) => s.nullable();
const row = (fields: z.ZodRawShape) => z.looseObject(fields);

export const DocumentView = z.object({
  id: z.number().int(), name: z.string(), sha256: z.string(), media_type: nullable(z.string()), bytes: nullable(z.number().int()),
  pages: nullable(z.number().int()),
  status: z.enum(['queued', 'running', 'done', 'failed']),
  stage: nullable(z.string()).describe('while running: ingest; once the document has run a second, the stage under way (reconstruct, validate or store)'),
  runs: z.number().int(),
  error: nullable(z.object({ code: z.string(), message: nullable(z.string()) })),
  counts: nullable(row({ forms: z.number().int(), indicators: z.number().int(), tables: z.number().int(), anomalies: z.number().int() })),
  created_at: z.string(), started_at: nullable(z.string()), finished_at: nullable(z.string()),
  links: z.object({ self: z.string(), forms: z.string(), anomalies: z.string() }),
});

export const UploadAnswer = z.object({
  documents: z.array(DocumentView.extend({
    duplicate: z.boolean().describe('the same bytes were uploaded before'), job: nullable(z.string()).describe('the queue job id'),
  })),
});

/** A page of a list; `next` is the URL of the next page, null on the last. */
export const Page = (item: z.ZodType) => z.object({
  total: z.number().int(), total_exact: z.boolean().describe('false: at least `total` rows match'),
  limit: z.number().int(), offset: z.number().int(), next: nullable(z.string()), items: z.array(item),
});

export const ITEMS = {
  documents: row({ id: z.number().int(), name: z.string(), status: z.string(), links: z.object({ self: z.string(), page: z.string() }) }),
  forms: row({ id: z.number().int(), document_id: z.number().int(), form: z.number().int(), project: nullable(z.string()) }),
  funding: row({ id: z.number().int(), document_id: z.number().int(), form: z.number().int(), row: z.number().int(), source: z.string() }),
  indicators: row({ id: z.number().int(), document_id: z.number().int(), name: z.string(), level1: nullable(z.string()), level2: nullable(z.string()) }),
  anomalies: row({ id: z.number().int(), document_id: z.number().int(), rule: z.string(), severity: z.enum(['error', 'warning']), message: z.string() }),
} as const;

export const Health = z.object({ status: z.enum(['ok', 'unavailable']), checks: z.record(z.string(), z.string()) });
export const WhoAmI = z.object({ name: z.string(), role: z.enum(KEY_ROLES) });
export const DocumentForms = z.object({ document: z.number().int(), forms: z.array(row({})) });
export const DocumentAnomalies = z.object({ document: z.number().int(), anomalies: z.array(row({})) });
export const Reconstruction = z.object({
  document: row({ id: z.number().int(), name: z.string(), status: z.string() }), forms: z.array(row({})), tables: z.array(row({})),
});
export const AnomalyCounts = row({ rules: z.array(row({})), severities: z.array(row({})), documents: z.array(row({})) });
export const AnomalyDetail = row({ id: z.number().int(), rule: z.string(), severity: z.string(), review: z.unknown(), history: z.array(row({})) });
export const AnomalyReviews = z.object({ anomaly: z.number().int(), review: z.unknown(), history: z.array(row({})) });
export const ReviewBody = z.object({
  decision: z.enum(REVIEW_DECISIONS),
  reason: nullable(z.string()).optional().describe('required to dismiss'),
  corrected_value: nullable(z.string()).optional().describe('required to correct'),
}).meta({ description: 'the reviewer is the name of the key; a "reviewer" field is refused (400 BAD_REVIEW)' });
export const ReviewAnswer = z.object({ review: row({}), anomaly: AnomalyDetail });
export const BulkReviewBody = ReviewBody.extend({ ids: z.array(z.number().int().positive()).min(1).max(1000).describe('the anomalies, 1 to 1000') });
export const BulkReviewAnswer = z.object({ reviews: z.array(row({})) });
export const AnomalyPlace = z.object({ anomaly: z.number().int(), place: nullable(z.number().int()) });
export const DeskDocument = row({
  id: z.number().int(), name: z.string(), media_type: nullable(z.string()), pages: nullable(z.number().int()), status: z.string(),
  error_code: nullable(z.string()), error_message: nullable(z.string()), forms: z.number().int(), tables: z.number().int(),
  errors: z.number().int(), warnings: z.number().int(), reviewed: z.number().int(),
});
export const SourceQuery = {
  from: { schema: z.number().int().optional().describe('first line (default 1)'), bad: '"from" and "to" are line numbers' },
  to: { schema: z.number().int().optional().describe('last line (default: the last)'), bad: '"from" and "to" are line numbers' },
  context_rows: { schema: whole(0).describe('table rows sent around the rows on lines from..to (default: the whole table)'), bad: '"context_rows" is a number of rows (0 or more)' },
} as const;
export const Source = row({
  document: z.number().int(), name: z.string(), file: z.string(), available: z.boolean(), lines: z.array(row({})), tables: z.array(row({})),
});
