// The description of the API, public: /openapi.json, and /docs, a page (static HTML and a
// small script, under the API's CSP) that lists it. Register with `app.register(openapiRoutes)`.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync } from 'fastify';
import { ApiError } from '../errors.ts';
import { PUBLIC, sendFile } from '../static.ts';
import { openapiDocument } from './document.ts';

const STATIC_DIR = fileURLToPath(new URL('./static/', import.meta.url));
const ASSETS: Record<string, string> = { 'docs.js': 'text/javascript; charset=utf-8', 'docs.css': 'text/css; charset=utf-8' };

export const openapiRoutes: FastifyPluginAsync = async (app) => {
  const document = openapiDocument(); // made once: the routes do not change while the API runs
  app.get('/openapi.json', PUBLIC, async () => document);
  app.get('/docs', PUBLIC, (_req, reply) => sendFile(reply, join(STATIC_DIR, 'docs.html'), 'text/html; charset=utf-8'));
  app.get('/docs/assets/:file', PUBLIC, async (req, reply) => {
    const { file } = req.params as { file: string };
    const type = ASSETS[file];
    if (!type) throw new ApiError(404, 'NOT_FOUND', `no asset ${file}`);
    return sendFile(reply, join(STATIC_DIR, file), type);
  });
};
