// The HTTP API (fastify). Every request but the public pages needs a key
// (`Authorization: Bearer <key>`) whose role allows it (auth.ts); reads may be opened with
// API_PUBLIC_READS. Every response carries the security headers (guards.ts).
//   POST /documents          multipart, one or many files or .zip files → document ids
//   GET  /documents/:id      status (queued, running + stage, done, failed + error), counts, links
//   GET  /documents/:id/forms, /documents/:id/anomalies
//   GET  /health             (public)
//   GET  /whoami             the key's name and role
//   GET  /openapi.json, /docs  the description of every route (public; src/openapi)
// With a queue, each new document is one `process-document` job (id = sha256) and the
// answer is 202. Without one (no REDIS_URL), the stages run inline, in the request, and
// the answer (200) already holds each document's final status.
import { resolve } from 'node:path';
import multipart from '@fastify/multipart';
import type { ApiConfig, LogLevel, OcrSettings } from '@ziping/config';
import { runDocument, within, type JobQueue, type ProcessPayload } from '@ziping/jobs';
import {
  documentAnomalies, documentForms, getDocument, recordUpload, type Db, type DocumentRow, type UploadResult,
} from '@ziping/store';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest, type RouteOptions } from 'fastify';
import { authenticator } from './auth.ts';
import { ApiError } from './errors.ts';
import { checkBody, checkUrl, SECURITY_HEADERS } from './guards.ts';
import { readUpload } from './uploads.ts';
import { readRoutes } from './read/index.ts';
import { reviewRoutes } from './review/index.ts';
import { openapiRoutes } from './openapi/index.ts';

export interface ApiDeps {
  api: ApiConfig;
  /** Where uploaded bytes are stored; shared with the workers. */
  filesDir: string;
  db: Db;
  /** Null: process inline. */
  queue: JobQueue | null;
  logLevel?: LogLevel;
  /** OCR settings for inline processing (the workers have their own). */
  ocr?: OcrSettings | false;
  /** Called with each route as it is registered (tests check every route is described). */
  onRoute?: (route: RouteOptions) => void;
}

export async function buildApi(deps: ApiDeps): Promise<FastifyInstance> {
  const { api, db, queue } = deps;
  const filesDir = resolve(deps.filesDir);
  const app = Fastify({
    logger: { level: deps.logLevel ?? 'info' }, bodyLimit: 1024 * 1024,
    // a path fastify cannot decode never reaches a route or a hook
    frameworkErrors: (err, _req, res) => {
      const reply = (res as FastifyReply).headers(SECURITY_HEADERS); // no hook runs for these
      if (err.code !== 'FST_ERR_BAD_URL') return reply.status(err.statusCode ?? 400).send({ error: { code: err.code, message: err.message } });
      return reply.status(400).send({ error: { code: 'BAD_QUERY', message: 'the path is not valid percent-encoded UTF-8' } });
    },
  });
  if (deps.onRoute) app.addHook('onRoute', deps.onRoute);
  app.decorateRequest('identity', null);
  app.addHook('onSend', async (_req, reply) => void reply.headers(SECURITY_HEADERS));
  app.addHook('onRequest', async (req) => checkUrl(req.url));
  app.addHook('onRequest', authenticator({
    db, token: api.token, publicReads: api.publicReads ?? false, failuresPerMinute: api.authFailuresPerMinute ?? 10,
  }));
  app.addHook('preValidation', async (req) => checkBody(req.body));

  await app.register(multipart, {
    limits: { fileSize: api.maxFileBytes, files: api.maxFiles, fields: 20, parts: api.maxFiles + 20 },
  });

  app.setErrorHandler((err: FastifyError | ApiError, req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    if (status >= 500) req.log.error(err);
    // a driver's code (a Postgres SQLSTATE) is no business of the client's
    const code = err instanceof ApiError ? err.code : status >= 500 ? 'INTERNAL' : (FASTIFY_CODES[err.code] ?? err.code ?? 'INTERNAL');
    const message = status >= 500 && !(err instanceof ApiError) ? 'internal error' : messageOf(err);
    return reply.status(status).send({ error: { code, message } });
  });
  app.setNotFoundHandler((req, reply) =>
    reply.status(404).send({ error: { code: 'NOT_FOUND', message: `no route ${req.method} ${req.url}` } }),
  );

  app.get('/health', { config: { access: 'public' } }, async (_req, reply) => {
    const checks: Record<string, string> = {};
    let ok = true;
    await within(2000, 'database', db.query('SELECT 1'))
      .then(() => (checks.database = 'ok'), (e) => ((ok = false), (checks.database = String(e.message))));
    if (queue) await queue.ping().then(() => (checks.queue = 'ok'), (e) => ((ok = false), (checks.queue = String(e.message))));
    else checks.queue = 'inline';
    return reply.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', checks });
  });

  app.get('/whoami', { config: { access: 'key' } }, async (req) => ({ name: req.identity!.name, role: req.identity!.role }));

  app.post('/documents', { config: { access: 'upload' } }, async (req, reply) => {
    if (!req.isMultipart()) throw new ApiError(415, 'NOT_MULTIPART', 'send the files as multipart/form-data');
    const uploads = await readUpload(req.files(), filesDir, api).catch((e) => {
      // A refusal may come before the body is all read: the rest would be parsed as the next request.
      reply.header('connection', 'close');
      throw e;
    });
    const results: (UploadResult & { job: string | null })[] = [];
    for (const u of uploads) {
      const r = await recordUpload(db, u);
      const payload: ProcessPayload = {
        documentId: r.document.id, sha256: u.sha256, path: u.path, name: r.document.name, run: r.document.runs,
      };
      let job: string | null = null;
      // Enqueueing is idempotent (job id from the sha256 and run), so a document still
      // waiting is enqueued again: that brings back a job lost with the queue.
      if (queue && (r.document.status === 'queued' || r.document.status === 'running')) {
        job = (await queue.enqueue('process-document', payload).catch((e: Error) => {
          // The document stays `queued`; the same upload again enqueues it.
          throw new ApiError(503, 'QUEUE_UNAVAILABLE', `the queue did not take the job (${e.message}); upload again later`);
        })).id;
      } else if (!queue && r.document.status === 'queued') {
        await runDocument(db, payload, { ocr: deps.ocr });
      }
      results.push({ ...r, job });
    }
    const documents = await Promise.all(
      results.map(async (r) => ({
        ...view(queue ? r.document : ((await getDocument(db, r.document.id)) ?? r.document)),
        duplicate: !r.created && !r.requeued,
        job: r.job,
      })),
    );
    return reply.status(queue ? 202 : 200).send({ documents });
  });

  const documentId = (req: FastifyRequest) => {
    const id = Number((req.params as { id: string }).id);
    if (!Number.isSafeInteger(id) || id <= 0) throw new ApiError(400, 'BAD_ID', 'the document id is a positive integer');
    return id;
  };
  const found = async (id: number) => {
    const d = await getDocument(db, id);
    if (!d) throw new ApiError(404, 'NOT_FOUND', `no document ${id}`);
    return d;
  };

  app.get('/documents/:id', async (req) => view(await found(documentId(req))));
  app.get('/documents/:id/forms', async (req) => {
    const id = documentId(req);
    await found(id);
    return { document: id, forms: await documentForms(db, id) };
  });
  app.get('/documents/:id/anomalies', async (req) => {
    const id = documentId(req);
    await found(id);
    return { document: id, anomalies: await documentAnomalies(db, id) };
  });
  await app.register(readRoutes, { db }); // lists, exports (services/api/src/read)
  await app.register(reviewRoutes, { db }); // review pages, decisions (src/review)
  await app.register(openapiRoutes); // /openapi.json, /docs (src/openapi)

  return app;
}

/** The public shape of a document. */
export function view(d: DocumentRow) {
  const self = `/documents/${d.id}`;
  return {
    id: d.id, name: d.name, sha256: d.sha256, media_type: d.media_type, bytes: d.bytes, pages: d.page_count,
    status: d.status, stage: d.stage, runs: d.runs,
    // the message names the file; a server path (CLI ingest stores the path as given) becomes its name
    error: d.error_code ? { code: d.error_code, message: d.error_message?.replaceAll(d.path, d.name) ?? null } : null,
    counts: d.status === 'done' ? d.counts : null,
    created_at: d.created_at, started_at: d.started_at, finished_at: d.finished_at,
    links: { self, forms: `${self}/forms`, anomalies: `${self}/anomalies` },
  };
}

const FASTIFY_CODES: Record<string, string> = {
  FST_REQ_FILE_TOO_LARGE: 'FILE_TOO_LARGE',
  FST_FILES_LIMIT: 'TOO_MANY_FILES',
  FST_PARTS_LIMIT: 'TOO_MANY_PARTS',
  FST_FIELDS_LIMIT: 'TOO_MANY_FIELDS',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'NOT_MULTIPART',
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
};

function messageOf(err: Error): string {
  const code = (err as FastifyError).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return 'a file is larger than the upload limit (UPLOAD_MAX_BYTES)';
  if (code === 'FST_FILES_LIMIT') return 'too many files in one upload (UPLOAD_MAX_FILES)';
  return err.message;
}
