// The pages of a PDF, read in parallel. The engine parses on the thread that calls it, so
// one thread reads one page at a time. A short PDF (by its bytes) is opened and read on the
// calling thread. A long one is opened by a worker thread (its page count, or why it cannot be
// read) and read by the workers, one PDFium document in each, in runs of CHUNK consecutive
// pages (fonts are shared by neighbours). They hand back each page as the engine gave it (two
// flat buffers, moved, not copied) and the calling thread lays it out while they read on:
// about 80 % of reading a page is PDFium's own parsing. Each worker gets the bytes with its
// first run. Workers start when asked to prepare for a long PDF and stop once no document is
// being read, giving their engines' memory back; they do not hold the process open while
// idle. A worker that runs out of memory fails its document with TOO_LARGE.
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { InputError, type InputErrorCode } from '@ziping/core';
import type { PageRead } from './page.ts';
import type { RawPage } from './pdfium.ts';
import { pdfiumModule } from './pdfium.ts';

export type Request =
  | { type: 'open'; id: number; doc: number; path: string; bytes: Uint8Array }
  | { type: 'read'; id: number; doc: number; path: string; bytes?: Uint8Array; from: number; to: number }
  | { type: 'close'; doc: number };
export type Reply =
  | { id: number; pageCount: number }
  | { id: number; pages: { page: number; raw: RawPage }[] }
  | { id: number; error: { code?: InputErrorCode; message: string } };

/**
 * A worker per core but one, up to 4: the calling thread lays out the pages the workers read
 * (and node's GC and compiler threads need some of a core). Reading is most of the work, so
 * even on 2 cores one worker beside the calling thread pays (`pnpm bench pdf`); on 1 core the
 * pages are read on the calling thread.
 */
export function defaultPageWorkers(): number {
  return Math.max(0, Math.min(4, availableParallelism() - 1));
}

export interface PoolOptions {
  /** Worker threads (default: defaultPageWorkers); 0 reads the pages on the calling thread. */
  size?: number;
  /** Consecutive pages per request (default 8). */
  chunk?: number;
  /** From this size in bytes (default 1 MiB) a PDF is read on the workers; a smaller one on the calling thread, where it takes less than starting a worker. */
  longBytes?: number;
  /** Each worker's heap limit in MB (default: the process's); past it the document is TOO_LARGE. */
  maxHeapMb?: number;
}

// The compiled program (scripts/build.mjs defines ZIPING_COMPILED) starts its own compiled
// worker in dist/; from source, the worker registers tsx itself.
declare const ZIPING_COMPILED: boolean | undefined;
const ENTRY = fileURLToPath(new URL(typeof ZIPING_COMPILED === 'undefined' ? './pages-worker.mjs' : '../../../../dist/pdf-pages.mjs', import.meta.url));

/**
 * A worker's young generation: what it allocates per page is garbage by the page's end, so a
 * smaller one than V8's default cost no measurable time and took 10 to 20 MB off the process's
 * peak on the 301-page PDF (`pnpm bench pdf`).
 */
const YOUNG_MB = 16;

interface Slot { worker: Worker; busy: boolean; docs: Set<number>; pending: Map<number, (r: Reply) => void> }

export class PagePool {
  readonly #slots: Slot[] = [];
  readonly #waiting: ((s: Slot) => void)[] = [];
  #seq = 0;

  readonly size: number;
  readonly #chunk: number;
  readonly #longBytes: number;
  /** documents being read now */
  #reading = 0;
  #pagesRead = 0;

  constructor(readonly opts: PoolOptions = {}) {
    this.size = opts.size ?? defaultPageWorkers();
    this.#chunk = opts.chunk ?? 8;
    this.#longBytes = opts.longBytes ?? 1 << 20;
  }

  /**
   * Every page of the PDF, in order. A short one (by its bytes) is opened and read on the
   * calling thread. A long one is opened by a worker (its page count, or the typed reason it
   * cannot be read), and its runs go to the workers, two at a time to each so that none waits
   * for the next, while the calling thread lays out each page as it comes back. When no other
   * document is being read the workers are stopped: their engines' memory goes back to the
   * system before the document is reconstructed.
   */
  async read(buf: Uint8Array, path: string): Promise<PageRead[]> {
    this.#reading++;
    try {
      if (this.#onWorkers(buf)) return await this.#readShared(buf, path);
      const { openPdf, readPage } = await import('./page.ts');
      const doc = await openPdf(buf, path);
      try {
        const pages: PageRead[] = [];
        for (let p = 1; p <= doc.numPages; p++) {
          pages.push(readPage(doc, p, path));
          await new Promise((resolve) => setImmediate(resolve)); // timers (a queue worker's lock renewal)
        }
        return pages;
      } finally {
        doc.close();
      }
    } finally {
      if (--this.#reading === 0) await this.close();
    }
  }

  /** Whether this PDF is read on the workers (see `longBytes`). */
  #onWorkers(buf: Uint8Array): boolean {
    return this.size > 0 && buf.byteLength >= this.#longBytes;
  }

  async #readShared(buf: Uint8Array, path: string): Promise<PageRead[]> {
    const { layoutPage } = await import('./page.ts');
    const doc = ++this.#seq;
    const first = await this.#take();
    try {
      let pageCount: number;
      try {
        pageCount = ((await this.#send(first, { type: 'open', id: ++this.#seq, doc, path, bytes: buf })) as { pageCount: number }).pageCount;
        first.docs.add(doc);
      } catch (error) {
        this.#give(first);
        throw toError(error, path);
      }
      const queue: [number, number][] = [];
      for (let from = 1; from <= pageCount; from += this.#chunk) queue.push([from, Math.min(pageCount, from + this.#chunk - 1)]);
      const pages: PageRead[] = [];
      let failed = null as { error: unknown } | null;
      const reader = async (slot: Slot) => {
        const ask = () => {
          const run = failed ? undefined : queue.shift();
          if (!run) return null;
          const bytes = slot.docs.has(doc) ? undefined : buf;
          slot.docs.add(doc);
          const reply = this.#send(slot, { type: 'read', id: ++this.#seq, doc, path, bytes, from: run[0], to: run[1] });
          reply.catch(() => {}); // a failure is taken where it is awaited, or not at all once an earlier run failed
          return reply;
        };
        try {
          for (let next = ask(); next;) {
            const reply = next;
            next = ask(); // queued behind this one in the worker
            const got = ((await reply) as { pages: { page: number; raw: RawPage }[] }).pages;
            for (const { page, raw } of got) pages[page - 1] = layoutPage(page, raw);
            this.#pagesRead += got.length;
          }
        } catch (error) {
          failed ??= { error };
        } finally {
          this.#give(slot);
        }
      };
      const others = Array.from({ length: Math.min(this.size, queue.length) - 1 }, async () => reader(await this.#take()));
      await Promise.all([reader(first), ...others]);
      if (failed) throw toError(failed.error, path);
      return pages;
    } finally {
      for (const s of this.#slots) {
        if (s.docs.delete(doc)) s.worker.postMessage({ type: 'close', doc } satisfies Request);
      }
    }
  }

  /** Starts the workers now if this PDF will be read on them, so that they load while the caller checks the file. */
  prepare(buf: Uint8Array): void {
    if (!this.#onWorkers(buf)) return;
    while (this.#slots.length < this.size) this.#give(this.#spawn());
  }

  /** Workers running now. */
  get workers(): number {
    return this.#slots.length;
  }

  /** Pages the workers have read, over the pool's life. */
  get pagesReadByWorkers(): number {
    return this.#pagesRead;
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
    const resourceLimits = { maxYoungGenerationSizeMb: YOUNG_MB, ...(this.opts.maxHeapMb ? { maxOldGenerationSizeMb: this.opts.maxHeapMb } : {}) };
    const slot: Slot = { worker: new Worker(ENTRY, { resourceLimits, workerData: { pdfium: pdfiumModule() } }), busy: false, docs: new Set(), pending: new Map() };
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
