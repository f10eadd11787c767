// /openapi.json against the routes fastify really registers and the checks they really make;
// /docs under the CSP. One seed document: the lists answer fast, and not empty.
import { fileURLToPath } from 'node:url';
import type { ApiConfig } from '@ziping/config';
import { extractFile } from '@ziping/pipeline';
import { migrate, saveExtraction } from '@ziping/store';
import { useOpenDb } from '@ziping/store/testing';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../api.ts';
import { accessOf } from '../auth.ts';
import { SECURITY_HEADERS } from '../guards.ts';
import { ANOMALY_FILTERS, DOCUMENT_FILTERS, INDICATOR_FILTERS } from '../read/query.ts';
import { openapiPath } from './document.ts';
import { ROUTES } from './routes.ts';
import {
  AnomalyCounts, AnomalyDetail, DocumentView, Health, ITEMS, Page, Reconstruction, Source, WhoAmI, queryOf,
} from './schemas.ts';

const SEED = fileURLToPath(new URL('../../../../fixtures/seeds/000_ca0dcd0154b0e201.txt', import.meta.url));

const TOKEN = 'openapi-token-0123456789';
const API: ApiConfig = { host: '127.0.0.1', port: 0, token: TOKEN, maxFileBytes: 1 << 20, maxFiles: 4 };

// Every route the API has, by hand. A new route must be added here AND described in routes.ts.
const EXPECTED = [
  'GET /health', 'GET /whoami', 'POST /documents', 'GET /documents/:id', 'GET /documents/:id/forms', 'GET /documents/:id/anomalies',
  'GET /documents', 'GET /forms', 'GET /funding', 'GET /indicators', 'GET /anomalies', 'GET /anomalies/counts',
  'GET /documents/:id/reconstruction',
  ...['forms', 'funding', 'indicators', 'anomalies', 'reviews'].flatMap((e) => [`GET /export/${e}.csv`, `GET /export/${e}.xlsx`]),
  'GET /review', 'GET /review/documents', 'GET /review/documents/:id', 'GET /desk/documents', 'GET /desk/anomalies/:id/place', 'POST /anomalies/reviews', 'GET /review/assets/:file', 'GET /review/pdfjs/:file', 'GET /review/pdfjs/:dir/:file',
  'GET /anomalies/:id', 'GET /anomalies/:id/reviews', 'POST /anomalies/:id/reviews', 'GET /documents/:id/source', 'GET /documents/:id/file',
  'GET /openapi.json', 'GET /docs', 'GET /docs/assets/:file',
];

type Json = Record<string, any>;

describe('OpenAPI description and /docs', () => {
  const h = useOpenDb('postgres');
  let app: FastifyInstance;
  const registered: RouteOptions[] = [];
  let doc: Json;

  beforeAll(async () => {
    await migrate(h.db);
    const { doc: d, extraction } = await extractFile(SEED);
    expect((await saveExtraction(h.db, d, extraction)).status).toBe('stored');
    app = await buildApi({ api: API, filesDir: '/nonexistent', db: h.db, queue: null, logLevel: 'silent', onRoute: (r) => registered.push(r) });
    const res = await app.inject({ method: 'GET', url: '/openapi.json' }); // no key: public
    expect(res.statusCode).toBe(200);
    doc = res.json();
  });
  afterAll(() => app?.close());

  const get = (url: string) => app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${TOKEN}` } });
  // fastify adds a HEAD route beside each GET itself
  const routesOf = (rs: RouteOptions[]) => rs.flatMap((r) => [r.method].flat().filter((m) => m !== 'HEAD').map((m) => `${m} ${r.url}`));

  it('is OpenAPI 3.1 with the error shape and the bearer key', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.components.schemas.Error).toMatchObject({
      type: 'object', required: ['error'],
      properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' } } } },
    });
  });

  it('describes every route fastify registered, and no other', () => {
    const got = routesOf(registered);
    expect([...got].sort()).toEqual([...EXPECTED].sort());
    expect(ROUTES.map((r) => `${r.method} ${r.path}`).sort()).toEqual([...EXPECTED].sort());
    const described = Object.entries(doc.paths).flatMap(([p, item]) => Object.keys(item as Json).map((m) => `${m.toUpperCase()} ${p}`));
    expect(described.sort()).toEqual(EXPECTED.map((r) => { const [m, p] = r.split(' '); return `${m} ${openapiPath(p)}`; }).sort());
  });

  it("gives each route the access class it is registered with, and that class's roles", () => {
    for (const r of registered) {
      for (const m of [r.method].flat().filter((x) => x !== 'HEAD')) {
        const op = doc.paths[openapiPath(r.url)][m.toLowerCase()];
        expect(op['x-access'], `${m} ${r.url}`).toBe(accessOf(m, r.config as never));
      }
    }
    // by hand, from the role table in auth.ts / README
    expect(doc.paths['/anomalies/{id}/reviews'].post['x-roles']).toEqual(['reviewer', 'admin']);
    expect(doc.paths['/documents'].post['x-roles']).toEqual(['uploader', 'admin']);
    expect(doc.paths['/documents'].get['x-roles']).toEqual(['reader', 'uploader', 'reviewer', 'admin']);
    expect(doc.paths['/health'].get['x-roles']).toEqual([]);
    expect(doc.paths['/health'].get.security).toEqual([]);
    expect(doc.paths['/whoami'].get.security).toEqual([{ bearer: [] }]);
  });

  it('lists the path parameters of every route, and the filters of each list', () => {
    for (const [path, item] of Object.entries(doc.paths)) {
      const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const op of Object.values(item as Json)) {
        const inPath = (op.parameters ?? []).filter((p: Json) => p.in === 'path');
        expect(inPath.map((p: Json) => p.name), path).toEqual(names);
        expect(inPath.every((p: Json) => p.required), path).toBe(true);
      }
    }
    const query = (path: string) => doc.paths[path].get.parameters.filter((p: Json) => p.in === 'query').map((p: Json) => p.name);
    expect(query('/anomalies')).toEqual([...ANOMALY_FILTERS, 'limit', 'offset', 'after']);
    expect(query('/indicators')).toEqual([...INDICATOR_FILTERS, 'limit', 'offset', 'after']);
    expect(query('/anomalies/counts')).toEqual([...ANOMALY_FILTERS]);
    expect(query('/documents')).toEqual([...DOCUMENT_FILTERS, 'limit', 'offset']); // offset paging only
    expect(query('/export/forms.csv')).toContain('formulas');
    expect(query('/export/forms.xlsx')).not.toContain('formulas');
    const year = doc.paths['/funding'].get.parameters.find((p: Json) => p.name === 'year');
    expect(year.schema).toEqual({ type: 'integer', minimum: 1900, maximum: 2200 });
  });

  it('describes the query parameters each route parses with', () => {
    for (const r of ROUTES) {
      const names = (doc.paths[openapiPath(r.path)][r.method.toLowerCase()].parameters ?? [])
        .filter((p: Json) => p.in === 'query').map((p: Json) => p.name);
      expect(names, r.path).toEqual(r.query ? Object.keys(queryOf(r.query).shape) : []);
    }
  });

  it('answers in the shapes it describes', async () => {
    const [{ id }] = await h.db.query<{ id: number }>('SELECT id FROM documents');
    const [{ id: anomaly }] = await h.db.query<{ id: number }>('SELECT id FROM anomalies ORDER BY id LIMIT 1');
    const cases: [string, { parse: (v: unknown) => unknown }][] = [
      ['/health', Health], ['/whoami', WhoAmI], [`/documents/${id}`, DocumentView],
      ['/documents', Page(ITEMS.documents)], ['/forms', Page(ITEMS.forms)], ['/funding', Page(ITEMS.funding)],
      ['/indicators', Page(ITEMS.indicators)], ['/anomalies', Page(ITEMS.anomalies)], ['/anomalies/counts', AnomalyCounts],
      [`/documents/${id}/reconstruction`, Reconstruction], [`/anomalies/${anomaly}`, AnomalyDetail], [`/documents/${id}/source`, Source],
    ];
    for (const [url, schema] of cases) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      const body = res.json();
      if (Array.isArray(body.items)) expect(body.items.length, url).toBeGreaterThan(0);
      expect(() => schema.parse(body), url).not.toThrow();
    }
  });

  it('gives every operation its error answers, in the error shape', () => {
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item as Json)) {
        const statuses = Object.keys(op.responses);
        expect(statuses, `${method} ${path}`).toEqual(expect.arrayContaining(['400', '500']));
        if (op['x-access'] !== 'public') expect(statuses, `${method} ${path}`).toEqual(expect.arrayContaining(['401', '403', '429']));
        for (const s of statuses.filter((x) => Number(x) >= 400 && `${path} ${x}` !== '/health 503')) { // 503: the health answer
          expect(op.responses[s].content['application/json'].schema, `${method} ${path} ${s}`).toEqual({ $ref: '#/components/schemas/Error' });
        }
      }
    }
    expect(doc.paths['/documents'].post.responses['413']['x-codes']).toEqual(expect.arrayContaining(['FILE_TOO_LARGE', 'TOO_MANY_FILES', 'TOO_LARGE', 'ZIP_BOMB']));
    expect(doc.paths['/anomalies'].get.responses['400']['x-codes']).toEqual(['BAD_QUERY', 'AMBIGUOUS_DOCUMENT']);
  });

  it('enforces what it documents: each query parameter of the lists and exports, good and bad values', async () => {
    const checked = ROUTES.filter((r) => r.query && !r.params);
    expect(checked.length).toBe(5 + 1 + 10 + 1); // documents, 4 keyset lists, counts; 10 exports; the desk's documents
    for (const r of checked) {
      const params: Json[] = doc.paths[r.path].get.parameters;
      const unknown = await get(`${r.path}?zz=1`);
      expect(unknown.statusCode, `${r.path} zz`).toBe(400);
      expect(unknown.json().error.code).toBe('BAD_QUERY');
      for (const p of params) {
        const s = p.schema as Json;
        const bad = s.enum ? ['nope'] : s.type === 'integer' ? ['x', '1.5', String((s.minimum ?? 0) - 1), ...(s.maximum ? [String(s.maximum + 1)] : [])] : [];
        for (const v of bad) {
          const res = await get(`${r.path}?${p.name}=${v}`);
          expect(res.statusCode, `${r.path}?${p.name}=${v}`).toBe(400);
          expect(res.json().error.code).toBe('BAD_QUERY');
        }
        if (p.name === 'after') continue; // only a cursor the list gave is good
        const good = s.enum ? s.enum[0] : s.type === 'integer' ? String(s.minimum ?? 0) : 'x';
        const res = await get(`${r.path}?${p.name}=${good}`);
        expect(res.statusCode, `${r.path}?${p.name}=${good}: ${res.body.slice(0, 200)}`).toBe(200);
      }
    }
  });

  it('refuses a bad filter with 400 BAD_QUERY and a message naming it', async () => {
    const cases: [string, string][] = [
      ['/anomalies?year=20x1', '"year" is a whole number from 1900 to 2200'],
      ['/anomalies?severity=fatal', '"severity" is error or warning'],
      ['/anomalies?limit=1&limit=2', 'give "limit" once'],
      ['/anomalies?limit=501', '"limit" is a whole number from 1 to 500'],
      ['/export/anomalies.csv?formulas=x', '"formulas" is keep (the default: values as stored) or escape'],
    ];
    for (const [url, message] of cases) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error, url).toEqual({ code: 'BAD_QUERY', message });
    }
    const rule = await get('/indicators?rule=TOTAL_SCORE');
    expect(rule.statusCode).toBe(400);
    expect(rule.json().error.message).toMatch(/^unknown parameter "rule"; use document, document_id, /);
  });

  it('serves /docs as HTML under the CSP, with its script and style from its own origin', async () => {
    const page = await app.inject({ method: 'GET', url: '/docs' }); // no key
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toBe(SECURITY_HEADERS['content-security-policy']);
    // the CSP allows no inline script or style: every script has a src, no style element or attribute
    const scripts = [...page.body.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts).toEqual(['<script type="module" src="/docs/assets/docs.js"></script>'.replace('</script>', '')]);
    expect(page.body).not.toMatch(/<style|\sstyle=|\son\w+=/i);
    const js = await app.inject({ method: 'GET', url: '/docs/assets/docs.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toMatch(/^text\/javascript/);
    expect(js.body).toContain("fetch('/openapi.json')");
    expect((await app.inject({ method: 'GET', url: '/docs/assets/docs.css' })).headers['content-type']).toMatch(/^text\/css/);
    const none = await app.inject({ method: 'GET', url: '/docs/assets/api.ts' });
    expect(none.statusCode).toBe(404);
    expect(none.json().error.code).toBe('NOT_FOUND');
  });
});
