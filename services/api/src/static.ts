// Files the API serves as they are (the review pages, the docs page): no key, no cache.
import { readFile } from 'node:fs/promises';
import type { FastifyReply, RouteShorthandOptions } from 'fastify';
import { ApiError } from './errors.ts';

/** A route any visitor may use (auth.ts: access class `public`). */
export const PUBLIC: RouteShorthandOptions = { config: { access: 'public' } };

/** Sends the file at `path`; 404 when it is not there. */
export async function sendFile(reply: FastifyReply, path: string, type: string) {
  const body = await readFile(path).catch(() => null);
  if (!body) throw new ApiError(404, 'NOT_FOUND', 'no such file');
  return reply.type(type).header('cache-control', 'no-cache').send(body);
}
