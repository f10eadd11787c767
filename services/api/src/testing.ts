// Test helpers: an API served over real HTTP on a database of its own, and multipart uploads
// (zips are built by @ziping/pipeline/testing/zipbytes).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiConfig } from '@ziping/config';
import type { Db } from '@ziping/store';
import { useOpenDb } from '@ziping/store/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { buildApi } from './api.ts';

export interface Part { name: string; bytes: Buffer | Uint8Array; type?: string }
export interface Reply { status: number; body: any }

export interface ServedApi { db: Db; app: FastifyInstance; base: string; filesDir: string }

/**
 * For the enclosing suite: a fresh (migrated) Postgres database, an API on it without a queue
 * (documents processed inline) listening on a free port, its uploads in a temporary directory
 * (`filesDir`, named from `prefix`); all set once the suite has started, and gone after it.
 */
export function useServedApi(api: ApiConfig, prefix = 'ziping-files-'): ServedApi {
  const h = useOpenDb('postgres') as ServedApi;
  beforeAll(async () => {
    h.filesDir = await mkdtemp(join(tmpdir(), prefix));
    h.app = await buildApi({ api, filesDir: h.filesDir, db: h.db, queue: null, logLevel: 'silent' });
    h.base = await h.app.listen({ host: '127.0.0.1', port: 0 });
  });
  // vitest runs after-hooks in reverse: the app closes before useOpenDb closes the database
  afterAll(async () => {
    await h.app?.close();
    if (h.filesDir) await rm(h.filesDir, { recursive: true, force: true });
  });
  return h;
}

export async function postFiles(base: string, parts: Part[], token: string | null): Promise<Reply> {
  const form = new FormData();
  for (const p of parts) form.append('file', new Blob([new Uint8Array(p.bytes)], { type: p.type ?? 'text/plain' }), p.name);
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const res = await fetch(`${base}/documents`, { method: 'POST', body: form, headers });
  return { status: res.status, body: await res.json() };
}

export async function getJson(base: string, path: string): Promise<Reply> {
  const res = await fetch(`${base}${path}`);
  return { status: res.status, body: await res.json() };
}
