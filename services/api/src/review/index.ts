// The review surface: two pages served as they are (plain HTML and vanilla JS, no build),
// the JSON they use, and the reviewers' decisions. Register with
// `app.register(reviewRoutes, { db })`. The pages and their files are public; the JSON needs
// a key (auth.ts), and a decision a reviewer's or admin's key, whose name it records.
//   GET  /review                        the anomaly review page
//   GET  /review/documents              the documents list: status, kind, counts, a failed one's error
//   GET  /review/documents/:id          a document's page images beside its reconstructed forms
//   GET  /desk/documents                that list's JSON (?status=&media_type=&q=&limit=&offset=)
//   GET  /desk/anomalies/:id/place      where the anomaly falls in the list the filters give (a link to page 2)
//   GET  /review/assets/:file           the pages' scripts and style
//   GET  /review/pdfjs/…                pdfjs-dist's browser build (pdf.min.mjs, worker, cmaps, fonts)
//   GET  /anomalies/:id                 one anomaly: figures, evidence, latest review, history
//   POST /anomalies/:id/reviews         { decision, reason?, corrected_value? } → 201
//   POST /anomalies/reviews             { ids: [..], decision, reason?, corrected_value? } → 201, all or none
//   GET  /documents/:id/source          the document's lines, from the layout stored with it (?from=&to=),
//                                       and its tables with cell refs meeting those lines (?context_rows=)
//   GET  /documents/:id/file            the stored bytes (the PDF the page renders)
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  addReview, addReviews, anomalyDetail, anomalyPlace, deskDocuments, getDocument, reviewHistory, reviewProblem, type Db, type ReviewDecision,
} from '@ziping/store';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { ApiError } from '../errors.ts';
import { PUBLIC, sendFile } from '../static.ts';
import { idParam } from '../read/index.ts';
import { DESK_DOCUMENT_FIELDS } from '../openapi/schemas.ts';
import { ANOMALY_FILTERS, DEFAULT_LIMIT, filterFields, parsed, readFilter, resolveDocument } from '../read/query.ts';
import { readSource, storedBytes } from './source.ts';
import { tablesView } from './tables.ts';

export interface ReviewOptions { db: Db }

const STATIC_DIR = fileURLToPath(new URL('./static/', import.meta.url));
const ASSETS: Record<string, string> = {
  'review.js': 'text/javascript', 'document.js': 'text/javascript', 'common.js': 'text/javascript',
  'documents.js': 'text/javascript', 'i18n.js': 'text/javascript', 'labels.js': 'text/javascript',
  'style.css': 'text/css',
};
const PDFJS_ROOT = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
const PDFJS_DIRS = new Set(['cmaps', 'standard_fonts', 'wasm', 'iccs']);
const PDFJS_BUILD: Record<string, string> = { 'pdf.min.mjs': 'build/pdf.min.mjs', 'pdf.worker.min.mjs': 'build/pdf.worker.min.mjs' };

const typeOf = (file: string) =>
  file.endsWith('.mjs') || file.endsWith('.js') ? 'text/javascript'
    : file.endsWith('.wasm') ? 'application/wasm'
      : 'application/octet-stream';

export const reviewRoutes: FastifyPluginAsync<ReviewOptions> = async (app, { db }) => {

  const document = async (req: FastifyRequest) => {
    const id = idParam(req);
    const d = await getDocument(db, id);
    if (!d) throw new ApiError(404, 'NOT_FOUND', `no document ${id}`);
    return d;
  };

  // ── pages and their files ──
  app.get('/review', PUBLIC, (_req, reply) => sendFile(reply, join(STATIC_DIR, 'review.html'), 'text/html; charset=utf-8'));
  app.get('/review/documents', PUBLIC, (_req, reply) => sendFile(reply, join(STATIC_DIR, 'documents.html'), 'text/html; charset=utf-8'));
  app.get('/review/documents/:id', PUBLIC, async (req, reply) => {
    idParam(req);
    return sendFile(reply, join(STATIC_DIR, 'document.html'), 'text/html; charset=utf-8');
  });
  app.get('/review/assets/:file', PUBLIC, async (req, reply) => {
    const { file } = req.params as { file: string };
    const type = ASSETS[file];
    if (!type) throw new ApiError(404, 'NOT_FOUND', `no asset ${file}`);
    return sendFile(reply, join(STATIC_DIR, file), `${type}; charset=utf-8`);
  });
  app.get('/review/pdfjs/:file', PUBLIC, async (req, reply) => {
    const { file } = req.params as { file: string };
    const path = PDFJS_BUILD[file];
    if (!path) throw new ApiError(404, 'NOT_FOUND', `no pdfjs file ${file}`);
    return sendFile(reply, join(PDFJS_ROOT, path), 'text/javascript; charset=utf-8');
  });
  app.get('/review/pdfjs/:dir/:file', PUBLIC, async (req, reply) => {
    const { dir, file } = req.params as { dir: string; file: string };
    if (!PDFJS_DIRS.has(dir) || !/^[\w-]+(\.[\w-]+)*$/.test(file)) throw new ApiError(404, 'NOT_FOUND', `no pdfjs file ${dir}/${file}`);
    return sendFile(reply, join(PDFJS_ROOT, dir, file), typeOf(file));
  });

  // ── anomalies and decisions ──
  const anomaly = async (id: number) => {
    const a = await anomalyDetail(db, id);
    if (!a) throw new ApiError(404, 'NOT_FOUND', `no anomaly ${id}`);
    return { ...a, history: await reviewHistory(db, id) };
  };
  app.get('/anomalies/:id', async (req) => anomaly(idParam(req, 'anomaly')));
  app.get('/anomalies/:id/reviews', async (req) => {
    const a = await anomaly(idParam(req, 'anomaly'));
    return { anomaly: a.id, review: a.review, history: a.history };
  });
  /** The decision in a request's body, made with the request's key. */
  const reviewOf = (req: FastifyRequest) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (body.reviewer !== undefined) {
      throw new ApiError(400, 'BAD_REVIEW', 'send no "reviewer": a decision records the name of the key it is made with');
    }
    const key = req.identity!;
    const text = (k: string) => {
      const v = body[k];
      if (v !== undefined && v !== null && typeof v !== 'string') throw new ApiError(400, 'BAD_REVIEW', `"${k}" is text`);
      return (v as string | null | undefined) ?? null;
    };
    const review = {
      decision: text('decision') as ReviewDecision, reviewer: key.name, keyId: key.id, reason: text('reason'),
      correctedValue: text('corrected_value'),
    };
    const problem = reviewProblem(review);
    if (problem) throw new ApiError(400, 'BAD_REVIEW', problem);
    return { body, review };
  };
  app.post('/anomalies/:id/reviews', { config: { access: 'review' } }, async (req, reply) => {
    const id = idParam(req, 'anomaly');
    const { review } = reviewOf(req);
    const stored = await addReview(db, { anomalyId: id, ...review });
    if (!stored) throw new ApiError(404, 'NOT_FOUND', `no anomaly ${id}`);
    return reply.status(201).send({ review: stored, anomaly: await anomaly(id) });
  });
  app.post('/anomalies/reviews', { config: { access: 'review' } }, async (req, reply) => {
    const { body, review } = reviewOf(req);
    const ids = body.ids;
    if (!Array.isArray(ids) || !ids.length || ids.length > 1000 || !ids.every((x) => Number.isSafeInteger(x) && x > 0)) {
      throw new ApiError(400, 'BAD_REVIEW', '"ids" is a list of 1 to 1000 anomaly ids (positive integers)');
    }
    const out = await addReviews(db, { ids: ids as number[], ...review });
    if ('missing' in out) throw new ApiError(404, 'NOT_FOUND', `no anomaly ${out.missing.join(', ')}; nothing was stored`);
    return reply.status(201).send({ reviews: out.stored });
  });
  const placeFields = filterFields(ANOMALY_FILTERS, false); // built once: its zod schema is cached by identity
  app.get('/desk/anomalies/:id/place', async (req) => {
    const id = idParam(req, 'anomaly');
    const place = await anomalyPlace(db, id, await resolveDocument(db, readFilter(req.query, placeFields)));
    return { anomaly: id, place };
  });

  // ── the documents list ──
  app.get('/desk/documents', async (req) => {
    const { status, media_type: mediaType, q, limit, offset } = parsed(DESK_DOCUMENT_FIELDS, req.query) as
      { status?: string; media_type?: string; q?: string; limit?: number; offset?: number };
    return deskDocuments(db, { status, mediaType, q: q?.trim() || undefined }, { limit: limit ?? DEFAULT_LIMIT, offset: offset ?? 0 });
  });

  // ── the source of a document ──
  app.get('/documents/:id/source', async (req) => {
    const d = await document(req);
    const q = req.query as Record<string, string | undefined>;
    const from = q.from === undefined ? 1 : Number(q.from);
    const to = q.to === undefined ? Number.MAX_SAFE_INTEGER : Number(q.to);
    // rows of a table sent around the rows on lines from..to; without it, the whole table (within the caps)
    const context = q.context_rows === undefined ? Infinity : Number(q.context_rows);
    if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to)) throw new ApiError(400, 'BAD_QUERY', '"from" and "to" are line numbers');
    if (context !== Infinity && !(Number.isSafeInteger(context) && context >= 0)) {
      throw new ApiError(400, 'BAD_QUERY', '"context_rows" is a number of rows (0 or more)');
    }
    const base = { document: d.id, name: d.name, media_type: d.media_type, file: `/documents/${d.id}/file`, status: d.status };
    const s = await readSource(db, d, { from, to, context });
    if (!s.available) return { ...base, available: false, reason: s.reason, pages: d.page_count, lines: [], tables: [], tables_omitted: 0 };
    return {
      ...base, available: true, pages: s.pages, page_sizes: s.pageSizes, lines: s.lines,
      ...tablesView(s.tables, { from, to, context }),
    };
  });
  app.get('/documents/:id/file', async (req, reply) => {
    const d = await document(req);
    const bytes = await storedBytes(d);
    if (!bytes) throw new ApiError(404, 'FILE_UNAVAILABLE', `the file of document ${d.id} is gone or has changed since it was ingested`);
    return reply.type(d.media_type ?? 'application/octet-stream').header('cache-control', 'private, max-age=3600').send(bytes);
  });
};
