// An exclusive lock on the embedded database: a file holding the holder's PID, created
// atomically (link() of a complete file fails if the lock exists), so two processes never
// open one PGlite folder — PGlite has no locking and two writers silently lose data. A lock
// whose PID is gone (SIGKILL, crash) is taken over.
import { link, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { readFileSync, unlinkSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';

/** Another live process holds the lock. */
export class LockHeld extends Error {
  constructor(readonly pid: number) {
    super(`held by process ${pid}`);
  }
}

// --wait polls: the holder may die without removing the file, which no fs event reports.
const POLL_MS = 200;

/** Takes the lock at `file` (or waits for it with `wait`); the returned function releases it. */
export async function acquireLock(file: string, wait = false): Promise<() => void> {
  for (;;) {
    if (await tryCreate(file)) break;
    const holder = await readPid(file);
    if (holder === undefined) continue; // released meanwhile
    if (holder === null || !alive(holder)) {
      await takeOver(file, holder);
      continue;
    }
    if (!wait) throw new LockHeld(holder);
    await delay(POLL_MS);
  }
  const release = () => {
    process.off('exit', release);
    // Only our own lock: a stale-lock takeover by someone else must not be undone.
    try {
      if (readFileSync(file, 'utf8').trim() === String(process.pid)) unlinkSync(file);
    } catch {
      // already gone
    }
  };
  process.on('exit', release);
  return release;
}

async function tryCreate(file: string): Promise<boolean> {
  const tmp = `${file}.${process.pid}`;
  await writeFile(tmp, `${process.pid}\n`);
  try {
    await link(tmp, file);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    await unlink(tmp).catch(() => {});
  }
}

/** The holder's PID; null when the file holds none (not written by us); undefined when the file is gone. */
async function readPid(file: string): Promise<number | null | undefined> {
  const text = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return undefined;
    throw e;
  });
  if (text === undefined) return undefined;
  const pid = Number(text.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, another user's
  }
}

// Renaming is atomic, so of several processes taking over one stale lock only one moves it.
// If what it moved is not the stale lock it saw (another process took over just before),
// it puts that live lock back.
async function takeOver(file: string, stale: number | null): Promise<void> {
  const moved = `${file}.stale-${process.pid}`;
  try {
    await rename(file, moved);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  if ((await readPid(moved)) !== stale) await link(moved, file).catch(() => {});
  await unlink(moved).catch(() => {});
}
