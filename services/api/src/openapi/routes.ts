// Every route of the API, described: its access class, parameters (the zod schemas the
// routes parse with), answer and errors. A route registered without a line here fails
// openapi.test.ts. Paths are written as fastify has them (`:id`).
import { OFFICE_TYPE } from '@ziping/ingest';
import { z } from 'zod';
import type { Access } from '../auth.ts';
import type { Entity } from '../read/export.ts';
import { LISTS } from '../read/index.ts';
import { ANOMALY_FILTERS, documentFields, exportFields, filterFields } from '../read/query.ts';
import {
  AnomalyCounts, AnomalyDetail, AnomalyPlace, BulkReviewAnswer, BulkReviewBody, DeskDocument, DESK_DOCUMENT_FIELDS, AnomalyReviews, DocumentAnomalies, DocumentForms, DocumentView, Health, IdParams, ITEMS, Page,
  Reconstruction, ReviewAnswer, ReviewBody, Source, SourceQuery, UploadAnswer, WhoAmI, type Fields,
} from './schemas.ts';

export interface RouteDoc {
  method: 'GET' | 'POST';
  path: string;
  access: Access;
  summary: string;
  tag: string;
  params?: z.ZodObject;
  query?: Fields;
  body?: { json: z.ZodType } | { multipart: true };
  /** The success answer: JSON by its schema, or a media type. */
  ok: { status: number; json?: z.ZodType; type?: string; description?: string };
  /** Error codes by status, beyond those every route may give (see document.ts). */
  errors?: Record<number, readonly string[]>;
  /** Other answers that are not errors. */
  also?: Record<number, { description: string; json: z.ZodType }>;
}

const ID = { 400: ['BAD_ID'], 404: ['NOT_FOUND'] };
const LIST_ERRORS = { 400: ['AMBIGUOUS_DOCUMENT'] };
const XLSX = OFFICE_TYPE.xlsx;
const FileParams = z.object({ file: z.string() });
const page = (tag: string) => ({ method: 'GET', access: 'public', tag, ok: { status: 200, type: 'text/html' } }) as const;
const asset = (tag: string) => ({ method: 'GET', access: 'public', tag, ok: { status: 200, type: 'text/javascript' }, errors: { 404: ['NOT_FOUND'] } }) as const;

const lists: RouteDoc[] = (['forms', 'funding', 'indicators', 'anomalies'] as const).map((entity) => ({
  method: 'GET', path: `/${entity}`, access: 'read', tag: 'lists', summary: `a page of ${entity}, filtered; \`next\` links the next page (keyset)`,
  query: filterFields(LISTS[entity].filters), ok: { status: 200, json: Page(ITEMS[entity]) }, errors: LIST_ERRORS,
}));

const exports: RouteDoc[] = (Object.keys(LISTS) as Entity[]).flatMap((entity) => [
  {
    method: 'GET', path: `/export/${entity}.csv`, access: 'read', tag: 'exports', summary: `every ${entity} row the filters match, as CSV`,
    query: exportFields(LISTS[entity].filters, true), ok: { status: 200, type: 'text/csv' }, errors: LIST_ERRORS,
  },
  {
    method: 'GET', path: `/export/${entity}.xlsx`, access: 'read', tag: 'exports', summary: `every ${entity} row the filters match, as XLSX`,
    query: exportFields(LISTS[entity].filters, false), ok: { status: 200, type: XLSX }, errors: LIST_ERRORS,
  },
] satisfies RouteDoc[]);

export const ROUTES: RouteDoc[] = [
  { method: 'GET', path: '/health', access: 'public', tag: 'service', summary: 'whether the database and the queue answer', ok: { status: 200, json: Health }, also: { 503: { description: 'a check failed: status unavailable, with its message', json: Health } } },
  { method: 'GET', path: '/whoami', access: 'key', tag: 'service', summary: "the name and role of the key sent", ok: { status: 200, json: WhoAmI } },
  {
    method: 'POST', path: '/documents', access: 'upload', tag: 'documents',
    summary: 'upload files (any field name; a .zip counts as its files); 202 with a queue, 200 when processed inline',
    body: { multipart: true }, ok: { status: 202, json: UploadAnswer, description: 'queued: one job per new document' },
    also: { 200: { description: 'no queue (no REDIS_URL): processed inline, each document in its final status', json: UploadAnswer } },
    errors: { 400: ['NO_FILES', 'BAD_ZIP', 'TOO_MANY_PARTS', 'TOO_MANY_FIELDS'], 413: ['FILE_TOO_LARGE', 'TOO_MANY_FILES', 'TOO_LARGE', 'ZIP_BOMB'], 415: ['NOT_MULTIPART'], 503: ['QUEUE_UNAVAILABLE'] },
  },
  { method: 'GET', path: '/documents/:id', access: 'read', tag: 'documents', summary: "a document's status, counts and links", params: IdParams, ok: { status: 200, json: DocumentView }, errors: ID },
  { method: 'GET', path: '/documents/:id/forms', access: 'read', tag: 'documents', summary: "a document's stored forms", params: IdParams, ok: { status: 200, json: DocumentForms }, errors: ID },
  { method: 'GET', path: '/documents/:id/anomalies', access: 'read', tag: 'documents', summary: "a document's anomalies with their evidence", params: IdParams, ok: { status: 200, json: DocumentAnomalies }, errors: ID },
  {
    method: 'GET', path: '/documents', access: 'read', tag: 'lists', summary: 'a page of documents, filtered (offset paging)',
    query: documentFields(), ok: { status: 200, json: Page(ITEMS.documents) }, errors: LIST_ERRORS,
  },
  ...lists,
  {
    method: 'GET', path: '/anomalies/counts', access: 'read', tag: 'lists', summary: 'anomaly counts per rule, severity, document and review state',
    query: filterFields(LISTS.anomalies.filters, false), ok: { status: 200, json: AnomalyCounts }, errors: LIST_ERRORS,
  },
  { method: 'GET', path: '/documents/:id/reconstruction', access: 'read', tag: 'documents', summary: "a document's reconstructed forms and budget tables", params: IdParams, ok: { status: 200, json: Reconstruction }, errors: ID },
  ...exports,
  // review (services/api/src/review)
  { ...page('review'), path: '/review', summary: 'the anomaly review page' },
  { ...page('review'), path: '/review/documents/:id', summary: "a document's forms beside its source lines", params: IdParams, errors: { 400: ['BAD_ID'] } },
  { ...page('review'), path: '/review/documents', summary: 'the documents list page' },
  {
    method: 'GET', path: '/desk/documents', access: 'read', tag: 'review', query: DESK_DOCUMENT_FIELDS,
    summary: 'every document with its status, kind, pages, forms, anomalies by severity, review progress, and a failed one\'s error',
    ok: { status: 200, json: Page(DeskDocument) },
  },
  {
    method: 'GET', path: '/desk/anomalies/:id/place', access: 'read', tag: 'review', params: IdParams, query: filterFields(ANOMALY_FILTERS, false),
    summary: 'where an anomaly falls in the list the filters give (0-based; null when they leave it out)', ok: { status: 200, json: AnomalyPlace }, errors: ID,
  },
  { ...asset('review'), path: '/review/assets/:file', summary: "the review pages' scripts and style", params: FileParams },
  { ...asset('review'), path: '/review/pdfjs/:file', summary: "pdf.js's browser build", params: FileParams },
  { ...asset('review'), path: '/review/pdfjs/:dir/:file', summary: "pdf.js's cmaps, fonts and wasm decoders", params: z.object({ dir: z.enum(['cmaps', 'standard_fonts', 'wasm', 'iccs']), file: z.string() }) },
  { method: 'GET', path: '/anomalies/:id', access: 'read', tag: 'review', summary: 'one anomaly: figures, evidence, latest review, history', params: IdParams, ok: { status: 200, json: AnomalyDetail }, errors: ID },
  { method: 'GET', path: '/anomalies/:id/reviews', access: 'read', tag: 'review', summary: "an anomaly's latest review and history", params: IdParams, ok: { status: 200, json: AnomalyReviews }, errors: ID },
  {
    method: 'POST', path: '/anomalies/:id/reviews', access: 'review', tag: 'review', summary: 'record a decision on an anomaly, under the name of the key',
    params: IdParams, body: { json: ReviewBody }, ok: { status: 201, json: ReviewAnswer }, errors: { 400: ['BAD_ID', 'BAD_REVIEW', 'BAD_BODY'], 404: ['NOT_FOUND'] },
  },
  {
    method: 'POST', path: '/anomalies/reviews', access: 'review', tag: 'review', summary: 'one decision on several anomalies, all or none, under the name of the key',
    body: { json: BulkReviewBody }, ok: { status: 201, json: BulkReviewAnswer }, errors: { 400: ['BAD_REVIEW', 'BAD_BODY'], 404: ['NOT_FOUND'] },
  },
  {
    method: 'GET', path: '/documents/:id/source', access: 'read', tag: 'review', summary: "a document's lines (from the stored layout) and the tables meeting them",
    params: IdParams, query: SourceQuery, ok: { status: 200, json: Source }, errors: ID,
  },
  { method: 'GET', path: '/documents/:id/file', access: 'read', tag: 'review', summary: 'the stored bytes of the document', params: IdParams, ok: { status: 200, type: 'application/octet-stream' }, errors: { 400: ['BAD_ID'], 404: ['NOT_FOUND', 'FILE_UNAVAILABLE'] } },
  // this description (openapi/index.ts)
  { method: 'GET', path: '/openapi.json', access: 'public', tag: 'service', summary: 'this description, OpenAPI 3.1', ok: { status: 200, type: 'application/json' } },
  { ...page('service'), path: '/docs', summary: 'the description as a page' },
  { ...asset('service'), path: '/docs/assets/:file', summary: "the docs page's script and style", params: FileParams },
];
