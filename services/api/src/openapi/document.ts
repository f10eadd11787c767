// The OpenAPI 3.1 document, made from the route descriptions (routes.ts) and their zod
// schemas with z.toJSONSchema (JSON Schema 2020-12, which OpenAPI 3.1 uses as it is).
import { z } from 'zod';
import { rolesFor, type Access } from '../auth.ts';
import { ROUTES, type RouteDoc } from './routes.ts';
import { ErrorBody, queryOf } from './schemas.ts';

type Json = Record<string, unknown>;

/** Parameters are described as they are sent (`io: input`); answers as they are made. */
function schema(s: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _, ...json } = z.toJSONSchema(s, {
    io, unrepresentable: 'any',
    // zod's int() is a safe integer; its ±2^53 bounds say nothing a reader needs
    override: ({ jsonSchema: j }) => {
      if (j.maximum === Number.MAX_SAFE_INTEGER) delete j.maximum;
      if (j.minimum === Number.MIN_SAFE_INTEGER) delete j.minimum;
      // the answers are not parsed with these schemas: they promise these fields, not that no others come
      if (io === 'output' && j.additionalProperties === false) delete j.additionalProperties;
    },
  }) as Json;
  return json;
}

/** `/documents/:id` → `/documents/{id}` */
export const openapiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

function parameters(r: RouteDoc): Json[] {
  const out: Json[] = [];
  for (const [where, s] of [['path', r.params], ['query', r.query && queryOf(r.query)]] as const) {
    if (!s) continue;
    const json = schema(s, 'input') as { properties: Record<string, Json>; required?: string[] };
    for (const [name, { description, ...prop }] of Object.entries(json.properties)) {
      out.push({
        name, in: where, required: where === 'path' || (json.required ?? []).includes(name),
        ...(description ? { description } : {}), schema: prop,
      });
    }
  }
  return out;
}

const ERROR = { $ref: '#/components/schemas/Error' };
const error = (codes: readonly string[]) => ({ description: codes.join(', '), 'x-codes': codes, content: { 'application/json': { schema: ERROR } } });

/** Errors any route may give: a bad path or query string; a key missing, unknown, not allowed or rate-limited. */
function errorsOf(r: RouteDoc): Record<number, readonly string[]> {
  const all: Record<number, readonly string[]> = { 400: ['BAD_QUERY'], 500: ['INTERNAL'] };
  if (r.access !== 'public') Object.assign(all, { 401: ['UNAUTHORIZED'], 403: ['FORBIDDEN'], 429: ['RATE_LIMITED'] });
  for (const [status, codes] of Object.entries(r.errors ?? {})) all[Number(status)] = [...(all[Number(status)] ?? []), ...codes];
  return all;
}

const WHO: Record<Access, string> = {
  public: 'no key needed', read: 'any key (no key with API_PUBLIC_READS=true)', key: 'any key',
  upload: 'an uploader or admin key', review: 'a reviewer or admin key', admin: 'an admin key',
};

function operation(r: RouteDoc): Json {
  const ok = r.ok.json
    ? { description: r.ok.description ?? 'OK', content: { 'application/json': { schema: schema(r.ok.json, 'output') } } }
    : { description: r.ok.description ?? 'OK', content: { [r.ok.type ?? 'application/octet-stream']: {} } };
  const responses: Json = { [r.ok.status]: ok };
  for (const [status, { description, json }] of Object.entries(r.also ?? {})) {
    responses[status] = { description, content: { 'application/json': { schema: schema(json, 'output') } } };
  }
  for (const [status, codes] of Object.entries(errorsOf(r))) responses[status] = error(codes);
  const body = r.body && ('json' in r.body
    ? { required: true, content: { 'application/json': { schema: schema(r.body.json, 'input') } } }
    : { required: true, content: { 'multipart/form-data': { schema: { type: 'object', additionalProperties: { type: 'string', format: 'binary' } } } } });
  return {
    summary: r.summary, tags: [r.tag],
    description: `Access: ${r.access} — ${WHO[r.access]}.`,
    'x-access': r.access, 'x-roles': rolesFor(r.access),
    security: r.access === 'public' ? [] : r.access === 'read' ? [{ bearer: [] }, {}] : [{ bearer: [] }],
    ...(parameters(r).length ? { parameters: parameters(r) } : {}),
    ...(body ? { requestBody: body } : {}),
    responses,
  };
}

export function openapiDocument(routes: RouteDoc[] = ROUTES): Json {
  const paths: Record<string, Json> = {};
  for (const r of routes) (paths[openapiPath(r.path)] ??= {})[r.method.toLowerCase()] = operation(r);
  return {
    openapi: '3.1.0',
    info: {
      title: 'ziping API', version: '0.1.0',
      description: 'Chinese government performance documents → Postgres: uploads, lists, exports, review. ' +
        'Errors are `{ error: { code, message } }`. Send keys as `Authorization: Bearer <key>` (`ziping keys create`); ' +
        'x-roles names the key roles that may call each operation.',
    },
    tags: ['service', 'documents', 'lists', 'exports', 'review'].map((name) => ({ name })),
    security: [{ bearer: [] }],
    paths,
    components: {
      schemas: { Error: schema(ErrorBody, 'output') },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'an API key: `ziping keys create --role reader|uploader|reviewer|admin`, or API_TOKEN' } },
    },
  };
}
