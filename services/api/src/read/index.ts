// Read API for analysts: lists of documents, forms, funding rows, indicators and anomalies
// with filters, one document's reconstructed forms, and exports of every entity. Register
// with `app.register(readRoutes, { db })`.
//   GET /documents /forms /funding /indicators /anomalies
//       → { total, total_exact, limit, offset, next, items }; `next` is the URL of the next
//         page (`after=<cursor>`, keyset: as fast deep in the list as at its start), null on
//         the last; `total` counts up to COUNT_CAP rows (total_exact false: at least that many)
//   GET /anomalies/counts                       → counts per rule, severity, document, review state
//   GET /documents/:id/reconstruction           → forms (funding, indicators) and budget tables
//   GET /export/{forms,funding,indicators,anomalies,reviews}.{csv,xlsx}
//       → every row the list's filters match (limit, offset and after are ignored)
import {
  CursorError, anomalyCounts, documentReconstruction, everyRow, getDocument, listAnomalyDetails, listDocuments, listForms, listFunding,
  listIndicators, listReviews, type Db, type ListOptions, type PageRequest, type Paged, type ReadFilter,
} from '@ziping/store';
import { OFFICE_TYPE } from '@ziping/ingest';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { ApiError } from '../errors.ts';
import { TABLES, csvStream, xlsxStream, type Entity } from './export.ts';
import {
  ANOMALY_FILTERS, FORM_FILTERS, FUNDING_FILTERS, INDICATOR_FILTERS, documentFields, encodeCursor, exportFields, filterFields, pageOf,
  readFilter, resolveDocument,
} from './query.ts';
import type { Fields, FilterName } from '../openapi/schemas.ts';

export interface ReadOptions { db: Db }

/** The positive integer id in the route, or 400. */
export function idParam(req: FastifyRequest, what = 'document'): number {
  const id = Number((req.params as { id: string }).id);
  if (!Number.isSafeInteger(id) || id <= 0) throw new ApiError(400, 'BAD_ID', `the ${what} id is a positive integer`);
  return id;
}

/** The page as sent, plus the URL of the next one (null on the last). */
function withNext<T>(req: FastifyRequest, p: Paged<T>) {
  const url = new URL(req.url, 'http://x');
  let next: string | null = null;
  if (p.next) {
    url.searchParams.delete('offset');
    url.searchParams.set('after', encodeCursor(p.next));
    next = `${url.pathname}${url.search}`;
  } else if (!url.searchParams.has('after') && p.totalExact && p.offset + p.items.length < p.total) {
    url.searchParams.set('offset', String(p.offset + p.items.length)); // documents: offset paging
    next = `${url.pathname}${url.search}`;
  }
  return { total: p.total, total_exact: p.totalExact, limit: p.limit, offset: p.offset, next, items: p.items };
}

type List<T> = (db: Db, f: ReadFilter, page?: PageRequest, opt?: ListOptions) => Promise<Paged<T>>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each list pairs with its own table
export const LISTS: Record<Entity, { list: List<any>; filters: readonly FilterName[] }> = {
  forms: { list: listForms, filters: FORM_FILTERS },
  funding: { list: listFunding, filters: FUNDING_FILTERS },
  indicators: { list: listIndicators, filters: INDICATOR_FILTERS },
  anomalies: { list: listAnomalyDetails, filters: ANOMALY_FILTERS },
  reviews: { list: listReviews, filters: ANOMALY_FILTERS },
};

export const readRoutes: FastifyPluginAsync<ReadOptions> = async (app, { db }) => {
  const filterOf = (query: unknown, fields: Fields) => resolveDocument(db, readFilter(query, fields));
  const documents = documentFields();

  app.get('/documents', async (req) => {
    if ((req.query as Record<string, unknown>).after !== undefined) throw new ApiError(400, 'BAD_QUERY', '/documents pages by offset; "after" is for the other lists');
    const f = await filterOf(req.query, documents);
    const p = await listDocuments(db, f, pageOf(req.query));
    return withNext(req, {
      ...p,
      items: p.items.map((d) => ({ ...d, links: { self: `/documents/${d.id}`, page: `/review/documents/${d.id}` } })),
    });
  });
  for (const entity of ['forms', 'funding', 'indicators', 'anomalies'] as const) {
    const { list, filters } = LISTS[entity];
    const fields = filterFields(filters);
    app.get(`/${entity}`, async (req) => {
      const p = await list(db, await filterOf(req.query, fields), pageOf(req.query)).catch((e: unknown) => {
        throw e instanceof CursorError ? new ApiError(400, 'BAD_QUERY', `"after": ${e.message}; use the next link of this list`) : e;
      });
      return withNext(req, p);
    });
  }
  const counts = filterFields(ANOMALY_FILTERS, false);
  app.get('/anomalies/counts', async (req) => anomalyCounts(db, await filterOf(req.query, counts)));

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

  for (const entity of Object.keys(LISTS) as Entity[]) {
    const { list, filters } = LISTS[entity];
    const fields = { csv: exportFields(filters, true), xlsx: exportFields(filters, false) };
    const rowsOf = async (req: FastifyRequest, csv: boolean) => {
      const f = await filterOf(req.query, csv ? fields.csv : fields.xlsx);
      return everyRow((page) => list(db, f, page, { count: false }));
    };
    app.get(`/export/${entity}.csv`, async (req, reply) => {
      const rows = await rowsOf(req, true);
      const formulas = (req.query as Record<string, unknown>).formulas;
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${entity}.csv"`)
        .send(csvStream(TABLES[entity] as never, rows, formulas === 'escape'));
    });
    app.get(`/export/${entity}.xlsx`, async (req, reply) => {
      if ((req.query as Record<string, unknown>)?.formulas !== undefined) throw new ApiError(400, 'BAD_QUERY', '"formulas" is for CSV; XLSX cells are text, never formulas');
      const rows = await rowsOf(req, false);
      return reply
        .type(OFFICE_TYPE.xlsx)
        .header('content-disposition', `attachment; filename="${entity}.xlsx"`)
        .send(xlsxStream(TABLES[entity] as never, rows));
    });
  }
};
