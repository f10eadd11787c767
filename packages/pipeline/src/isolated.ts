// Extraction in a worker thread under a time limit and a heap limit, so one huge or
// pathological file fails on its own (TIMEOUT, TOO_LARGE) and the batch goes on. One worker
// is reused across files (starting one loads the whole pipeline, seconds under tsx); it is
// replaced only after it was stopped for a limit or crashed.
import { Worker } from 'node:worker_threads';
import { InputError, type InputErrorCode } from '@ziping/core';
import type { IngestOptions } from '@ziping/ingest';
import type { PipelineResult } from './pipeline.ts';

export interface IsolatedOptions {
  /** Time limit of one file, from the moment the worker has it. */
  timeoutMs: number;
  /** Heap (old generation) limit of the worker, in MB. */
  maxMemoryMb: number;
  ingest?: IngestOptions;
}

/** The identity of a file's bytes; null when the file does not exist. */
export type FileFacts = { sha256: string; bytes: number } | null;

type Reply = { id: number; ok: unknown } | { id: number; error: { code?: InputErrorCode; file?: string; message: string } };

export class IsolatedExtractor {
  #worker: Promise<Worker> | null = null;
  #current: Worker | null = null;
  #seq = 0;

  constructor(readonly opts: IsolatedOptions) {}

  /** Extracts one file; rejects with an InputError (TIMEOUT, TOO_LARGE or the pipeline's own) or an Error when the worker crashed. */
  extract(path: string): Promise<PipelineResult> {
    return this.#run('extract', path) as Promise<PipelineResult>;
  }

  /** Hashes a file, under the same limits (a huge file, a stalled disk). */
  facts(path: string): Promise<FileFacts> {
    return this.#run('facts', path) as Promise<FileFacts>;
  }

  async #run(op: 'extract' | 'facts', path: string): Promise<unknown> {
    const w = await this.#start();
    const id = ++this.#seq;
    const { timeoutMs, maxMemoryMb } = this.opts;
    return new Promise((resolve, reject) => {
      const settle = (fn: () => void) => {
        clearTimeout(timer);
        w.off('message', onMessage).off('error', onError).off('exit', onExit);
        fn();
      };
      const timer = setTimeout(() => {
        this.#discard(w);
        settle(() => reject(new InputError('TIMEOUT', path, `reading it took longer than ${timeoutMs} ms (INGEST_TIMEOUT_MS) and was stopped`)));
      }, timeoutMs);
      const onMessage = (m: Reply) => {
        if (m.id === id) settle(() => ('ok' in m ? resolve(m.ok) : reject(revive(m.error, path))));
      };
      const onError = (e: Error & { code?: string }) => {
        this.#discard(w);
        settle(() => reject(e.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new InputError('TOO_LARGE', path, `extraction needed more than ${maxMemoryMb} MB of memory (INGEST_MAX_MEMORY_MB) and was stopped`)
          : new Error(`${path}: extraction crashed: ${e.message}`)));
      };
      const onExit = (code: number) => {
        this.#discard(w);
        settle(() => reject(new Error(`${path}: the extraction worker exited (code ${code})`)));
      };
      w.on('message', onMessage).on('error', onError).on('exit', onExit);
      w.postMessage({ id, op, path });
    });
  }

  /** Stops the worker (closing its OCR engines). */
  async close(): Promise<void> {
    const w = this.#current;
    this.#worker = this.#current = null;
    if (!w) return;
    const exited = new Promise((r) => w.once('exit', r));
    w.postMessage('close');
    await exited;
  }

  #start(): Promise<Worker> {
    if (this.#worker) return this.#worker;
    const w = new Worker(new URL('./extract-worker.mjs', import.meta.url), {
      workerData: { ingest: this.opts.ingest ?? {} },
      resourceLimits: { maxOldGenerationSizeMb: this.opts.maxMemoryMb },
    });
    w.on('error', () => {}); // an idle worker's crash is seen at the next file (its exit)
    w.unref(); // a pending file keeps the process alive through its timer
    this.#current = w;
    this.#worker = new Promise<Worker>((resolve, reject) => {
      const onExit = (code: number) => reject(new Error(`the extraction worker did not start (exit code ${code})`));
      w.once('exit', onExit);
      w.once('message', () => {
        w.off('exit', onExit);
        resolve(w);
      });
    });
    this.#worker.catch(() => this.#discard(w));
    return this.#worker;
  }

  #discard(w: Worker): void {
    if (this.#current === w) this.#worker = this.#current = null;
    void w.terminate();
  }
}

/** The worker's InputError, whole again on this side. */
function revive(e: { code?: InputErrorCode; file?: string; message: string }, path: string): Error {
  if (!e.code || !e.file) return new Error(e.message.startsWith(path) ? e.message : `${path}: ${e.message}`);
  const prefix = `${e.file}: `;
  return new InputError(e.code, e.file, e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message);
}
