// The pages of a PDF, read in parallel by worker threads, one PDFium document in each: the
// engine parses on the thread that calls it, so one thread reads one page at a time; the pages of
// a long PDF share the cores. Workers are
// started on first use, kept for the next document and do not hold the process open while
// idle. A document is first opened by one worker (its page count, or why it cannot be read),
// then its pages go out in runs of CHUNK consecutive pages (fonts are shared by neighbours)
// to whichever worker is free; each worker gets the bytes with its first run. A worker that
// runs out of memory fails its document with TOO_LARGE and is replaced.
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { InputError, type InputErrorCode } from '@ziping/core';
import type { PageRead } from './page.ts';

export type Request =
  | { type: 'open' | 'read'; id: number; doc: number; path: string; bytes?: Uint8Array; from: number; to: number }
  | { type: 'close'; doc: number };
export type Reply =
  | { id: number; pageCount: number }
  | { id: number; pages: PageRead[] }
  | { id: number; error: { code?: InputErrorCode; message: string } };

/**
 * One core is left to the calling thread, which checks the file, joins the pages and goes on
 * to reconstruct them (and to node's own GC and compiler threads). Workers pay only when two or
 * more can run beside it: on 2 cores page workers cost CPU and memory (each has its own engine
 * and parses the fonts again) for no gain in wall time (`pnpm bench pdf`). So below 3 cores the
 * pages are read on the calling thread (0 workers).
 */
export function defaultPageWorkers(): number {
  const n = Math.min(4, availableParallelism() - 1);
  return n >= 2 ? n : 0;
}

export interface PoolOptions {
  /** Worker threads (default: defaultPageWorkers); 0 reads the pages on the calling thread. */
  size?: number;
  /** Consecutive pages per request (default 8); a document of fewer than two runs goes to one worker. */
  chunk?: number;
  /** Each worker's heap limit in MB (default: the process's); past it the document is TOO_LARGE. */
  maxHeapMb?: number;
}

// The compiled program (scripts/build.mjs defines ZIPING_COMPILED) starts its own compiled
// worker in dist/; from source, the worker registers tsx itself.
declare const ZIPING_COMPILED: boolean | undefined;
const ENTRY = fileURLToPath(new URL(typeof ZIPING_COMPILED === 'undefined' ? './pages-worker.mjs' : '../../../../dist/pdf-pages.mjs', import.meta.url));

interface Slot { worker: Worker; busy: boolean; docs: Set<number>; pending: Map<number, (r: Reply) => void> }

export class PagePool {
  readonly #slots: Slot[] = [];
  readonly #waiting: ((s: Slot) => void)[] = [];
  #seq = 0;

  readonly size: number;
  readonly #chunk: number;

  constructor(readonly opts: PoolOptions = {}) {
    this.size = opts.size ?? defaultPageWorkers();
    this.#chunk = opts.chunk ?? 8;
  }

  /** Every page of the PDF, in order. */
  async read(buf: Uint8Array, path: string): Promise<PageRead[]> {
    if (this.size === 0) return (await import('./page.ts')).readAll(buf, path);
    const doc = ++this.#seq;
    let failed = null as { error: unknown } | null;
    const ask = async (type: 'open' | 'read', from = 0, to = 0): Promise<Reply | null> => {
      const slot = await this.#take();
      try {
        if (failed) return null; // a run failed: the rest are not read
        const bytes = slot.docs.has(doc) ? undefined : buf;
        slot.docs.add(doc);
        return await this.#send(slot, { type, id: ++this.#seq, doc, path, bytes, from, to });
      } catch (error) {
        failed ??= { error };
        return null;
      } finally {
        this.#give(slot);
      }
    };
    try {
      const opened = (await ask('open')) as { pageCount: number } | null;
      const runs: Promise<Reply | null>[] = [];
      const pageCount = opened?.pageCount ?? 0;
      const chunk = pageCount < 2 * this.#chunk ? pageCount : this.#chunk;
      for (let from = 1; from <= pageCount; from += chunk) runs.push(ask('read', from, Math.min(pageCount, from + chunk - 1)));
      const read = await Promise.all(runs); // each settles: errors are kept in `failed`
      if (failed) throw toError(failed.error, path);
      return read.flatMap((r) => (r as { pages: PageRead[] }).pages);
    } finally {
      for (const s of this.#slots) {
        if (s.docs.delete(doc)) s.worker.postMessage({ type: 'close', doc } satisfies Request);
      }
    }
  }

  /** Starts up to `count` workers now, so that they load the engine while the caller does something else. */
  warm(count = this.size): void {
    while (this.#slots.length < Math.min(count, this.size)) this.#give(this.#spawn());
  }

  /** Workers running now. */
  get workers(): number {
    return this.#slots.length;
  }

  /** Stops the workers (a later read starts new ones). */
  async close(): Promise<void> {
    await Promise.all(this.#slots.splice(0).map((s) => s.worker.terminate()));
  }

  async #take(): Promise<Slot> {
    const free = this.#slots.find((s) => !s.busy) ?? (this.#slots.length < this.size ? this.#spawn() : undefined);
    const slot = free ?? (await new Promise<Slot>((resolve) => this.#waiting.push(resolve)));
    slot.busy = true;
    slot.worker.ref();
    return slot;
  }

  #give(slot: Slot): void {
    slot.busy = false;
    if (!this.#slots.includes(slot)) {
      // it died: a waiter gets a new one
      if (this.#waiting.length > 0 && this.#slots.length < this.size) this.#give(this.#spawn());
      return;
    }
    const next = this.#waiting.shift();
    if (!next) return void slot.worker.unref();
    slot.busy = true;
    next(slot);
  }

  #spawn(): Slot {
    const resourceLimits = this.opts.maxHeapMb ? { maxOldGenerationSizeMb: this.opts.maxHeapMb } : undefined;
    const slot: Slot = { worker: new Worker(ENTRY, { resourceLimits }), busy: false, docs: new Set(), pending: new Map() };
    slot.worker.on('message', (r: Reply) => {
      slot.pending.get(r.id)?.(r);
      slot.pending.delete(r.id);
    });
    const fail = (e: Error) => {
      const at = this.#slots.indexOf(slot);
      if (at >= 0) this.#slots.splice(at, 1);
      const error = (e as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? { code: 'TOO_LARGE' as const, message: 'reading its pages ran out of memory' }
        : { message: `a page worker stopped (${e.message})` };
      for (const [id, done] of slot.pending) done({ id, error });
      slot.pending.clear();
    };
    slot.worker.on('error', fail);
    slot.worker.on('exit', (code) => fail(new Error(`exit code ${code}`)));
    this.#slots.push(slot);
    return slot;
  }

  async #send(slot: Slot, req: Request & { id: number }): Promise<Reply> {
    const reply = await new Promise<Reply>((resolve) => {
      slot.pending.set(req.id, resolve);
      slot.worker.postMessage(req);
    });
    if ('error' in reply) throw reply.error;
    return reply;
  }
}

/** A worker's error as the caller's: an input error names the file, anything else is ours. */
function toError(e: unknown, path: string): Error {
  if (e instanceof Error) return e;
  const { code, message } = e as { code?: InputErrorCode; message: string };
  if (!code) return new Error(message);
  return new InputError(code, path, message.startsWith(`${path}: `) ? message.slice(path.length + 2) : message);
}
