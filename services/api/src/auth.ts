// Who may do what. Every route has an access class (its `config.access`; unset: `read` for
// GET, `admin` for anything else) and every key a role (packages/store/src/keys.ts):
//   reader: read · uploader: read, upload · reviewer: read, review · admin: all
// `public` routes (health, the review pages and their assets) need no key, and with
// API_PUBLIC_READS neither do `read` ones. API_TOKEN, when set, is an admin key outside the
// database (bootstrap: it can be used before any key exists). Wrong keys are counted per
// client address; past the limit that address gets 429 until its minute is over, before
// its key is even looked at, so guessing gains nothing.
import { timingSafeEqual, createHash } from 'node:crypto';
import { authenticateKey, type Db, type KeyIdentity, type KeyRole } from '@ziping/store';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from './errors.ts';

export type Access = 'public' | 'read' | 'upload' | 'review' | 'admin' | 'key';

declare module 'fastify' {
  interface FastifyContextConfig { access?: Access }
  interface FastifyRequest {
    /** The key the request was made with; null on a public route (or a read with API_PUBLIC_READS). */
    identity: KeyIdentity | null;
  }
}

const GRANTS: Record<KeyRole, ReadonlySet<Access>> = {
  reader: new Set(['key', 'read']),
  uploader: new Set(['key', 'read', 'upload']),
  reviewer: new Set(['key', 'read', 'review']),
  admin: new Set(['key', 'read', 'upload', 'review', 'admin']),
};

/** The roles whose keys may use a route of this access class (none for `public`: no key needed). */
export const rolesFor = (access: Access): KeyRole[] =>
  (Object.keys(GRANTS) as KeyRole[]).filter((role) => GRANTS[role].has(access));

/** A route's access class: its `config.access`, else `read` for GET and HEAD, `admin` for the rest. */
export const accessOf = (method: string, config?: { access?: Access }): Access =>
  config?.access ?? (method === 'GET' || method === 'HEAD' ? 'read' : 'admin');

const BOOTSTRAP_NAME = 'API_TOKEN';

/** Failures per client in a fixed window; `now` is injectable so tests need no clock. */
export class FailureLimiter {
  private readonly seen = new Map<string, { start: number; count: number }>();

  constructor(readonly limit: number, readonly windowMs = 60_000, private readonly now: () => number = Date.now) {}

  /** Seconds until `client` may try a key again; 0: now. */
  retryAfter(client: string): number {
    const e = this.seen.get(client);
    if (!e) return 0;
    const left = e.start + this.windowMs - this.now();
    if (left <= 0) {
      this.seen.delete(client);
      return 0;
    }
    return e.count >= this.limit ? Math.ceil(left / 1000) : 0;
  }

  fail(client: string): void {
    const now = this.now();
    const e = this.seen.get(client);
    if (e && now < e.start + this.windowMs) e.count++;
    else this.seen.set(client, { start: now, count: 1 });
    // a flood from many addresses must not grow the map for ever
    if (this.seen.size > 10_000) for (const [k, v] of this.seen) if (now >= v.start + this.windowMs) this.seen.delete(k);
  }
}

export interface AuthOptions { db: Db; token: string | null; publicReads: boolean; failuresPerMinute: number }

/** The onRequest check: sets `req.identity`, or throws 401 / 403 / 429. */
export function authenticator({ db, token, publicReads, failuresPerMinute }: AuthOptions) {
  const limiter = new FailureLimiter(failuresPerMinute);
  const bootstrap = token ? createHash('sha256').update(token).digest() : null;
  const isBootstrap = (given: string) =>
    bootstrap !== null && timingSafeEqual(createHash('sha256').update(given).digest(), bootstrap);

  return async (req: FastifyRequest, reply: FastifyReply) => {
    req.identity = null;
    const access = accessOf(req.method, req.routeOptions.config);
    if (access === 'public' || (access === 'read' && publicReads)) return;
    const given = /^Bearer +(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
    if (!given) throw new ApiError(401, 'UNAUTHORIZED', 'an API key is required: send "Authorization: Bearer <key>" (keys: `ziping keys create`)');
    const wait = limiter.retryAfter(req.ip);
    if (wait) {
      reply.header('retry-after', String(wait));
      throw new ApiError(429, 'RATE_LIMITED', `too many wrong keys from this address; try again in ${wait} s`);
    }
    const who = isBootstrap(given) ? { id: null, name: BOOTSTRAP_NAME, role: 'admin' as const } : await authenticateKey(db, given);
    if (!who) {
      limiter.fail(req.ip);
      throw new ApiError(401, 'UNAUTHORIZED', 'the API key is unknown or revoked');
    }
    if (!GRANTS[who.role].has(access)) {
      throw new ApiError(403, 'FORBIDDEN', `the key "${who.name}" (role ${who.role}) may not ${access === 'admin' ? 'do this' : access}`);
    }
    req.identity = who;
  };
}
