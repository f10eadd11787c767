// Test helper: runs the real CLI in a child process, as a user would, against a given database:
// the compiled program (`pnpm build`) under plain node, or from source under tsx. Compiled
// by default: it starts in a fraction of a second where tsx takes seconds, and the suite
// spawns the CLI hundreds of times; the global setup rebuilds it when a source is newer.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DbConfig } from '@ziping/store';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
export const BUILT = fileURLToPath(new URL('../../../dist/ziping.mjs', import.meta.url));
/** The compiled standalone worker (services/worker). */
export const BUILT_WORKER = fileURLToPath(new URL('../../../dist/worker.mjs', import.meta.url));

export interface CliRun { code: number; stdout: string; stderr: string }

// The service settings a worker process takes from the caller only as given, never from its environment.
const SERVICE_VARS = ['DATABASE_URL', 'ZIPING_DATA_DIR', 'REDIS_URL', 'API_TOKEN', 'QUEUE_PREFIX', 'ZIPING_FILES_DIR', 'WORKER_CONCURRENCY', 'JOB_LOCK_MS', 'JOB_STALLED_INTERVAL_MS', 'JOB_TIMEOUT_MS', 'OCR_ENGINE'];

export interface WorkerProcess {
  child: ChildProcess;
  /** Resolves once the worker says it takes jobs; rejects if it exits first. */
  ready: Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** A compiled worker process (`argv`: [BUILT_WORKER], or [BUILT, 'worker']) with these service settings only, silent. */
export function startWorker(argv: string[], vars: Record<string, string>): WorkerProcess {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'silent' };
  for (const k of SERVICE_VARS) delete env[k];
  const child = spawn(process.execPath, argv, { cwd: ROOT, env: { ...env, ...vars }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })));
  const ready = new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (d) => {
      stderr += d;
      if (stderr.includes('worker: concurrency')) resolve();
    });
    void exited.then((e) => reject(new Error(`worker exited (${e.code ?? e.signal}) before it was ready: ${stderr}`)));
  });
  ready.catch(() => {}); // a worker killed before anyone awaited it is no unhandled rejection
  return { child, ready, exited };
}

export interface CliOptions {
  /** Settings on top of the test's own environment. */
  env?: NodeJS.ProcessEnv;
  /** Run as this user (tests run as root, who can read any folder). */
  uid?: number;
  /** Run the source under tsx instead of the compiled program (dist/ziping.mjs). */
  source?: boolean;
}

export function runCli(args: string[], db?: DbConfig, opts: CliOptions = {}): Promise<CliRun> {
  // Only the database the test chose: never one from the caller's environment.
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: undefined, ZIPING_DATA_DIR: undefined, ...opts.env };
  if (db?.kind === 'postgres') env.DATABASE_URL = db.url;
  if (db?.kind === 'embedded') env.ZIPING_DATA_DIR = db.dir;
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  return new Promise((resolve) => {
    execFile(process.execPath, opts.source ? ['--import', 'tsx', MAIN, ...args] : [BUILT, ...args], { cwd: ROOT, env, maxBuffer: 64 << 20, ...(opts.uid === undefined ? {} : { uid: opts.uid, gid: opts.uid }) }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Builds the compiled program when it is missing or older than a workspace source. */
export async function ensureBuilt(): Promise<void> {
  if (existsSync(BUILT) && newestSource() <= statSync(BUILT).mtimeMs) return;
  await new Promise<void>((resolve, reject) =>
    execFile(process.execPath, ['scripts/build.mjs'], { cwd: ROOT }, (err, _out, stderr) => (err ? reject(new Error(stderr)) : resolve())));
}

// What the build bundles: the workspace's TypeScript under packages/*/src and services/*/src.
function newestSource(): number {
  let newest = 0;
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (/\.(ts|mjs)$/.test(e.name) && !e.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const group of ['packages', 'services']) {
    for (const pkg of readdirSync(join(ROOT, group))) if (existsSync(join(ROOT, group, pkg, 'src'))) walk(join(ROOT, group, pkg, 'src'));
  }
  return newest;
}
