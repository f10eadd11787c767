// Named API keys (migration 009): created with a role, shown once, stored as their sha256,
// revoked rather than deleted. `authenticateKey` is what the API asks on each request.
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from './db.ts';

export const KEY_ROLES = ['reader', 'uploader', 'reviewer', 'admin'] as const;
export type KeyRole = (typeof KEY_ROLES)[number];

export interface KeyRow {
  id: number;
  name: string;
  role: KeyRole;
  created_at: Date;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

/** Who a request is: a stored key, or (id null) the API_TOKEN bootstrap key. */
export interface KeyIdentity { id: number | null; name: string; role: KeyRole }

/** A key that cannot be created: `BAD_KEY` (name or role), `KEY_EXISTS` (a live key has the name). */
export class KeyError extends Error {
  constructor(readonly code: 'BAD_KEY' | 'KEY_EXISTS', message: string) {
    super(message);
  }
}

const PREFIX = 'zpk_';
const digest = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** What is wrong with a key's name and role (null: nothing). */
export function keyProblem(name: string, role: string): string | null {
  if (!(KEY_ROLES as readonly string[]).includes(role)) return `the role is one of ${KEY_ROLES.join(', ')}, not "${role}"`;
  if (!name.trim() || name !== name.trim()) return 'the name is required, without leading or trailing spaces';
  if ([...name].length > 100) return 'the name is at most 100 characters';
  if (/^\d+$/.test(name)) return 'the name cannot be only digits (`keys revoke` would read it as an id)';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'the name holds a control character';
  return null;
}

/** Stores a new key and returns it with its secret, which is not kept and cannot be shown again. */
export async function createKey(db: Db, name: string, role: string): Promise<KeyRow & { secret: string }> {
  const problem = keyProblem(name, role);
  if (problem) throw new KeyError('BAD_KEY', problem);
  const secret = PREFIX + randomBytes(32).toString('base64url');
  const [row] = await db.query<KeyRow>(
    `INSERT INTO api_keys (name, role, secret_sha256) VALUES ($1, $2, $3)
     ON CONFLICT (name) WHERE revoked_at IS NULL DO NOTHING
     RETURNING id, name, role, created_at, revoked_at, last_used_at`,
    [name, role, digest(secret)],
  );
  if (!row) throw new KeyError('KEY_EXISTS', `a live key is named "${name}"; revoke it first or pick another name`);
  return { ...row, secret };
}

/** Revokes the live key with this id (all digits) or name; null when there is none. */
export async function revokeKey(db: Db, idOrName: string): Promise<KeyRow | null> {
  const byId = /^\d{1,15}$/.test(idOrName);
  const [row] = await db.query<KeyRow>(
    `UPDATE api_keys SET revoked_at = now()
      WHERE revoked_at IS NULL AND ${byId ? 'id = $1::bigint' : 'name = $1'}
      RETURNING id, name, role, created_at, revoked_at, last_used_at`,
    [idOrName],
  );
  return row ?? null;
}

/** Every key, revoked ones included, oldest first; never a secret. */
export function listKeys(db: Db): Promise<KeyRow[]> {
  return db.query<KeyRow>('SELECT id, name, role, created_at, revoked_at, last_used_at FROM api_keys ORDER BY id');
}

/** True when at least one key is live (the API can then start without API_TOKEN). */
export async function hasLiveKeys(db: Db): Promise<boolean> {
  return (await db.query('SELECT 1 FROM api_keys WHERE revoked_at IS NULL LIMIT 1')).length > 0;
}

/** The live key with this secret, or null. Notes the use, at most once a minute (a write per request would be waste). */
export async function authenticateKey(db: Db, secret: string): Promise<KeyIdentity | null> {
  if (!secret.startsWith(PREFIX)) return null;
  const [row] = await db.query<KeyIdentity>(
    `WITH k AS (SELECT id, name, role, last_used_at FROM api_keys WHERE secret_sha256 = $1 AND revoked_at IS NULL),
          used AS (UPDATE api_keys a SET last_used_at = now() FROM k
                    WHERE a.id = k.id AND (k.last_used_at IS NULL OR k.last_used_at < now() - interval '1 minute'))
     SELECT id, name, role FROM k`,
    [digest(secret)],
  );
  return row ?? null;
}
