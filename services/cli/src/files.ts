import type { Dirent, Stats } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '@ziping/core';

/** A file to ingest, or an entry that cannot be (`error`), recorded as a failed document. */
export interface Found { path: string; error?: InputError }

/** The file system calls of the walk, replaceable in tests (root reads any folder). */
export interface WalkFs {
  readdir(p: string, o: { withFileTypes: true }): Promise<Dirent[]>;
  stat(p: string): Promise<Stats>;
  realpath(p: string): Promise<string>;
}

const nodeFs: WalkFs = { readdir, stat, realpath };

/**
 * Expands the arguments into files: folders recursively in name order, dotfiles skipped,
 * links followed (a link back into a folder already read is reported, so loops end). Nothing
 * vanishes: an unreadable folder, a broken link or a non-file is reported as a failed entry.
 * A path that does not exist is kept, so the pipeline records it as a failed document.
 */
export async function expandPaths(paths: string[], fs: WalkFs = nodeFs): Promise<Found[]> {
  const out: Found[] = [];
  const seen = new Set<string>();
  for (const p of paths) {
    const st = await fs.stat(p).catch(() => null);
    if (st?.isDirectory()) await walk(p, false, { out, seen, fs });
    else if (!st || st.isFile()) out.push({ path: p });
    else out.push({ path: p, error: notAFile(p) });
  }
  return out;
}

interface Walk { out: Found[]; seen: Set<string>; fs: WalkFs }

async function walk(dir: string, viaLink: boolean, w: Walk): Promise<void> {
  let entries: Dirent[];
  let real: string;
  try {
    real = await w.fs.realpath(dir);
    entries = await w.fs.readdir(dir, { withFileTypes: true });
  } catch (e) {
    w.out.push({ path: dir, error: new InputError('UNREADABLE', dir, `cannot read the folder (${errCode(e)}); its files were not ingested`) });
    return;
  }
  if (w.seen.has(real)) {
    if (viaLink) w.out.push({ path: dir, error: new InputError('SYMLINK', dir, `a link to ${real}, a folder already read (a loop?): not followed`) });
    return;
  }
  w.seen.add(real);
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) await walk(p, false, w);
    else if (e.isFile()) w.out.push({ path: p });
    else if (e.isSymbolicLink()) await followLink(p, w);
    else w.out.push({ path: p, error: notAFile(p) });
  }
}

async function followLink(p: string, w: Walk): Promise<void> {
  let st: Stats;
  try {
    st = await w.fs.stat(p);
  } catch (e) {
    w.out.push({ path: p, error: new InputError('SYMLINK', p, `a link that leads nowhere (${errCode(e)})`) });
    return;
  }
  if (st.isDirectory()) await walk(p, true, w);
  else if (st.isFile()) w.out.push({ path: p });
  else w.out.push({ path: p, error: notAFile(p) });
}

const notAFile = (p: string) => new InputError('UNSUPPORTED_TYPE', p, 'not a regular file (a pipe, socket or device)');
const errCode = (e: unknown) => (e as NodeJS.ErrnoException).code ?? String(e);
