// `ziping keys create / list / revoke` as a user runs them, on both engines: the key is
// printed once, only its sha256 is stored, the API's check (authenticateKey) takes it until
// it is revoked. And `ziping serve` starts on a key alone, without API_TOKEN.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { authenticateKey, openDb, type Db } from '@ziping/store';
import { ENGINES, useFreshDbs } from '@ziping/store/testing';
import { describe, expect, it } from 'vitest';
import { BUILT, ROOT, runCli } from './run-cli.ts';

const dbs = useFreshDbs();

async function withOpen<T>(engine: (typeof ENGINES)[number], fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await openDb(dbs[engine].config);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

describe.each(ENGINES)('ziping keys (%s)', (engine) => {
  // the rules (names, roles, reuse, revoking by id) are packages/store/src/keys.test.ts's; here, the commands
  it('creates a key shown once, lists keys without secrets, revokes one', async () => {
    const cli = (...args: string[]) => runCli(['keys', ...args], dbs[engine].config);
    const made = await cli('create', '--role', 'reviewer', '--name', '李审计');
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toMatch(/^zpk_[A-Za-z0-9_-]{43}\n$/);
    const secret = made.stdout.trim();
    expect(made.stderr).toMatch(/key \d+ "李审计" \(reviewer\) created/);

    const stored = await withOpen(engine, async (db) => ({
      rows: await db.query<Record<string, unknown>>('SELECT * FROM api_keys'), who: await authenticateKey(db, secret),
    }));
    expect(stored.rows).toHaveLength(1);
    expect(stored.rows[0].secret_sha256).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(JSON.stringify(stored.rows)).not.toContain(secret.slice(4));
    expect(stored.who).toEqual({ id: stored.rows[0].id, name: '李审计', role: 'reviewer' });

    const again = await cli('create', '--role', 'admin', '--name', '李审计');
    expect([again.code, again.stdout]).toEqual([1, '']);
    expect(again.stderr).toMatch(/a live key is named "李审计"/);

    const revoked = await cli('revoke', '李审计');
    expect([revoked.code, revoked.stderr]).toEqual([0, expect.stringContaining('"李审计" (reviewer) revoked')]);
    expect(await withOpen(engine, (db) => authenticateKey(db, secret))).toBeNull();

    const list = await cli('list');
    expect(list.code).toBe(0);
    expect(list.stdout).not.toMatch(/zpk_/);
    expect(list.stdout).toMatch(new RegExp(`^${stored.rows[0].id}\t李审计\treviewer\tcreated \\d{4}-.*\trevoked \\d{4}-`));
  });
});

it('refuses a bad role or a missing name as a usage error (exit 2), before opening a database', async () => {
  const dir = join(tmpdir(), `ziping-keys-never-${process.pid}`);
  for (const args of [['--role', 'boss', '--name', 'x'], ['--role', 'reader']]) {
    const r = await runCli(['keys', 'create', ...args], { kind: 'embedded', dir });
    expect(r.code, args.join(' ')).toBe(2);
    expect(r.stdout).toBe('');
  }
  expect(existsSync(dir)).toBe(false);
});

describe('ziping serve with keys only', () => {
  it('starts without API_TOKEN once a key exists, and takes that key', async () => {
    const config = dbs.postgres.config;
    if (config.kind !== 'postgres') throw new Error('postgres expected');
    const made = await runCli(['keys', 'create', '--role', 'admin', '--name', 'ops'], config);
    expect(made.code, made.stderr).toBe(0);
    const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: config.url, API_PORT: '0' };
    for (const k of ['API_TOKEN', 'REDIS_URL', 'ZIPING_DATA_DIR', 'API_HOST']) delete env[k];
    const serve = spawn(process.execPath, [BUILT, 'serve'], { cwd: ROOT, env });
    const exited = new Promise<number | null>((resolve) => serve.on('exit', resolve));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let seen = '';
        serve.stderr.on('data', (d) => {
          seen += d;
          const m = /serving on (http:\/\/\S+?);/.exec(seen);
          if (m) resolve(m[1]);
        });
        serve.on('exit', (code) => reject(new Error(`exited ${code}: ${seen}`)));
      });
      const me = await fetch(`${url}/whoami`, { headers: { authorization: `Bearer ${made.stdout.trim()}` } });
      expect(await me.json()).toEqual({ name: 'ops', role: 'admin' });
      expect((await fetch(`${url}/documents`)).status).toBe(401);
    } finally {
      serve.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
