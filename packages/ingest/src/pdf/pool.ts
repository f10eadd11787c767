// The pages of a PDF, read in parallel: the engine parses on the thread that calls it, so one
// thread reads one page at a time, and the pages of a long PDF are shared by the calling thread
// and worker threads, one PDFium document in each. The calling thread opens the document (its
// page count, or why it cannot be read) and reads a short one alone; a long one goes out in
// runs of CHUNK consecutive pages (fonts are shared by neighbours) to whichever reader is free,
// each worker getting the bytes with its first run. Workers are started on first use, kept for
// the next document and do not hold the process open while idle. A worker that runs out of
// memory fails its document with TOO_LARGE and is replaced.
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { InputError, type InputErrorCode } from '@ziping/core';
import type { PageRead } from './page.ts';

export type Request =
  | { type: 'read'; id: number; doc: number; path: string; bytes?: Uint8Array; from: number; to: number }
  | { type: 'close'; doc: number };
export type Reply =
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

  /**
   * Every page of the PDF, in order. The calling thread opens it (its page count, or the typed
   * reason it cannot be read) and reads a short one alone; a long one's runs are shared by the
   * calling thread and the workers, whichever is free taking the next.
   */
  async read(buf: Uint8Array, path: string): Promise<PageRead[]> {
    const { openPdf, readPage } = await import('./page.ts');
    const local = await openPdf(buf, path);
    const doc = ++this.#seq;
    try {
      const pageCount = local.numPages;
      const chunk = this.size === 0 || pageCount < 2 * this.#chunk ? pageCount : this.#chunk;
      const queue: [number, number][] = [];
      for (let from = 1; from <= pageCount; from += chunk) queue.push([from, Math.min(pageCount, from + chunk - 1)]);
      const runs = new Map<number, PageRead[]>();
      let failed = null as { error: unknown } | null;
      const remote = async () => {
        for (let run = queue.shift(); run && !failed; run = queue.shift()) {
          const slot = await this.#take();
          try {
            if (failed) return; // a run failed: the rest are not read
            const bytes = slot.docs.has(doc) ? undefined : buf;
            slot.docs.add(doc);
            const reply = await this.#send(slot, { type: 'read', id: ++this.#seq, doc, path, bytes, from: run[0], to: run[1] });
            runs.set(run[0], (reply as { pages: PageRead[] }).pages);
          } catch (error) {
            failed ??= { error };
          } finally {
            this.#give(slot);
          }
        }
      };
      const here = async () => {
        for (let run = queue.shift(); run && !failed; run = queue.shift()) {
          const pages: PageRead[] = [];
          try {
            for (let p = run[0]; p <= run[1]; p++) {
              pages.push(readPage(local, p, path));
              await new Promise((resolve) => setImmediate(resolve)); // workers' replies, timers
            }
          } catch (error) {
            failed ??= { error };
          }
          runs.set(run[0], pages);
        }
      };
      // workers first: each asks for a run before this thread starts on its own
      const helpers = queue.length > 1 ? Array.from({ length: Math.min(this.size, queue.length - 1) }, remote) : [];
      await Promise.all([...helpers, here()]);
      if (failed) throw toError(failed.error, path);
      return [...runs].sort((a, b) => a[0] - b[0]).flatMap(([, pages]) => pages);
    } finally {
      local.close();
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
