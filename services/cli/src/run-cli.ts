// Test helper: runs the real CLI in a child process, as a user would, against a given database:
// from source under tsx, or the compiled program (`pnpm build`) under plain node.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DbConfig } from '@ziping/store';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
export const BUILT = fileURLToPath(new URL('../../../dist/ziping.mjs', import.meta.url));

export interface CliRun { code: number; stdout: string; stderr: string }

export interface CliOptions {
  /** Settings on top of the test's own environment. */
  env?: NodeJS.ProcessEnv;
  /** Run as this user (tests run as root, who can read any folder). */
  uid?: number;
  /** Run the compiled program (dist/ziping.mjs) instead of the source. */
  built?: boolean;
}

export function runCli(args: string[], db?: DbConfig, opts: CliOptions = {}): Promise<CliRun> {
  // Only the database the test chose: never one from the caller's environment.
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: undefined, ZIPING_DATA_DIR: undefined, ...opts.env };
  if (db?.kind === 'postgres') env.DATABASE_URL = db.url;
  if (db?.kind === 'embedded') env.ZIPING_DATA_DIR = db.dir;
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  return new Promise((resolve) => {
    execFile(process.execPath, opts.built ? [BUILT, ...args] : ['--import', 'tsx', MAIN, ...args], { cwd: ROOT, env, maxBuffer: 64 << 20, ...(opts.uid === undefined ? {} : { uid: opts.uid, gid: opts.uid }) }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Builds the compiled program when it is missing (`pnpm test` builds it first). */
export async function ensureBuilt(): Promise<void> {
  if (existsSync(BUILT)) return;
  await new Promise<void>((resolve, reject) =>
    execFile(process.execPath, ['scripts/build.mjs'], { cwd: ROOT }, (err, _out, stderr) => (err ? reject(new Error(stderr)) : resolve())));
}
