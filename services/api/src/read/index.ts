// Read API for analysts (open, like every GET): lists of documents, forms, indicators and
// anomalies with filters and limit/offset paging, one document's reconstructed forms, and
// the indicators export. Register with `app.register(readRoutes, { db })`.
//   GET /documents  /forms  /indicators  /anomalies   → { total, limit, offset, next, items }
//   GET /anomalies/counts                               → counts per rule, severity, document, review state
//   GET /documents/:id/reconstruction                   → forms (funding, indicators) and budget tables
//   GET /export/indicators.csv, /export/indicators.xlsx → every indicator the filters match
import { getDocument, anomalyCounts, documentReconstruction, listAnomalyDetails, listDocuments, listForms, listIndicators, type Db, type Paged } from '@ziping/store';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { ApiError } from '../errors.ts';
import { indicatorsCsv, indicatorsXlsx } from './export.ts';
import { ANOMALY_FILTERS, DOCUMENT_FILTERS, FORM_FILTERS, INDICATOR_FILTERS, pageOf, readFilter } from './query.ts';

export interface ReadOptions { db: Db }

/** The positive integer id in the route, or 400. */
export function idParam(req: FastifyRequest, what = 'document'): number {
  const id = Number((req.params as { id: string }).id);
  if (!Number.isSafeInteger(id) || id <= 0) throw new ApiError(400, 'BAD_ID', `the ${what} id is a positive integer`);
  return id;
}

/** The page as sent, plus the URL of the next one (null on the last). */
function withNext<T>(req: FastifyRequest, p: Paged<T>) {
  const end = p.offset + p.items.length;
  let next: string | null = null;
  if (end < p.total) {
    const url = new URL(req.url, 'http://x');
    url.searchParams.set('offset', String(end));
    url.searchParams.set('limit', String(p.limit));
    next = `${url.pathname}${url.search}`;
  }
  return { total: p.total, limit: p.limit, offset: p.offset, next, items: p.items };
}

export const readRoutes: FastifyPluginAsync<ReadOptions> = async (app, { db }) => {
  app.get('/documents', async (req) => {
    const p = await listDocuments(db, readFilter(req.query, DOCUMENT_FILTERS), pageOf(req.query));
    return withNext(req, {
      ...p,
      items: p.items.map((d) => ({ ...d, links: { self: `/documents/${d.id}`, page: `/review/documents/${d.id}` } })),
    });
  });
  app.get('/forms', async (req) => withNext(req, await listForms(db, readFilter(req.query, FORM_FILTERS), pageOf(req.query))));
  app.get('/indicators', async (req) =>
    withNext(req, await listIndicators(db, readFilter(req.query, INDICATOR_FILTERS), pageOf(req.query))));
  app.get('/anomalies', async (req) =>
    withNext(req, await listAnomalyDetails(db, readFilter(req.query, ANOMALY_FILTERS), pageOf(req.query))));
  app.get('/anomalies/counts', async (req) => anomalyCounts(db, readFilter(req.query, ANOMALY_FILTERS, false)));

  app.get('/documents/:id/reconstruction', async (req) => {
    const id = idParam(req);
    const d = await getDocument(db, id);
    if (!d) throw new ApiError(404, 'NOT_FOUND', `no document ${id}`);
    const { forms, tables } = await documentReconstruction(db, id);
    return {
      document: { id: d.id, name: d.name, media_type: d.media_type, pages: d.page_count, status: d.status },
      forms, tables,
    };
  });

  // Exports: every matching row, in the list's order; limit/offset are ignored.
  const exported = async (req: FastifyRequest) => {
    const { limit: _l, offset: _o, ...filters } = (req.query ?? {}) as Record<string, unknown>;
    return (await listIndicators(db, readFilter(filters, INDICATOR_FILTERS, false))).items;
  };
  app.get('/export/indicators.csv', async (req, reply) => {
    const body = indicatorsCsv(await exported(req));
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="indicators.csv"')
      .send(body);
  });
  app.get('/export/indicators.xlsx', async (req, reply) => {
    const body = await indicatorsXlsx(await exported(req));
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', 'attachment; filename="indicators.xlsx"')
      .send(body);
  });
};
