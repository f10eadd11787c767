// Extraction in a child process under a time limit and a heap limit, so one huge or
// pathological file fails on its own (TIMEOUT, TOO_LARGE) and the batch goes on. A process,
// not a worker thread: a worker that overruns its heap by one large allocation takes the
// whole process down, and a read blocked in the kernel (a stalled mount) survives
// Worker.terminate(); a killed process leaves neither behind. One child is reused across
// files (starting one loads the pipeline) and replaced only after it was
// killed for a limit or crashed.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { InputError, type InputErrorCode } from '@ziping/core';
import type { IngestOptions } from '@ziping/ingest';
import type { PipelineResult } from './pipeline.ts';

export interface IsolatedOptions {
  /** Time limit of one file, from the moment the child has it. */
  timeoutMs: number;
  /** Heap (old generation) limit of the child, in MB. */
  maxMemoryMb: number;
  ingest?: IngestOptions;
}

/** The identity of a file's bytes; null when the file does not exist. */
export type FileFacts = { sha256: string; bytes: number } | null;

type Reply = { id: number; ok: unknown } | { id: number; error: { code?: InputErrorCode; file?: string; message: string } };

// The compiled program (scripts/build.mjs defines ZIPING_COMPILED) forks its own compiled
// child in dist/; from source, the child registers tsx itself.
declare const ZIPING_COMPILED: boolean | undefined;
const ENTRY = fileURLToPath(new URL(typeof ZIPING_COMPILED === 'undefined' ? './extract-worker.mjs' : '../../../dist/extract-worker.mjs', import.meta.url));
// What V8 prints when the heap limit is reached, before it aborts the process.
const OUT_OF_MEMORY = /heap out of memory|Reached heap limit/;

export class IsolatedExtractor {
  #child: Promise<ChildProcess> | null = null;
  #current: ChildProcess | null = null;
  #stderr = '';
  #seq = 0;

  constructor(readonly opts: IsolatedOptions) {}

  /** Extracts one file; rejects with an InputError (TIMEOUT, TOO_LARGE or the pipeline's own) or an Error when the child crashed. */
  extract(path: string): Promise<PipelineResult> {
    return this.#run('extract', path) as Promise<PipelineResult>;
  }

  /** Hashes a file, under the same limits (a huge file, a stalled disk). */
  facts(path: string): Promise<FileFacts> {
    return this.#run('facts', path) as Promise<FileFacts>;
  }

  /** Stops the child (closing its OCR engines). */
  async close(): Promise<void> {
    const c = this.#current;
    this.#child = this.#current = null;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.send('close');
    await exited;
  }

  async #run(op: 'extract' | 'facts', path: string): Promise<unknown> {
    const c = await this.#start();
    const id = ++this.#seq;
    const { timeoutMs, maxMemoryMb } = this.opts;
    return new Promise((resolve, reject) => {
      const settle = (fn: () => void) => {
        clearTimeout(timer);
        c.off('message', onMessage).off('exit', onExit);
        fn();
      };
      const timer = setTimeout(() => {
        this.#discard(c);
        settle(() => reject(new InputError('TIMEOUT', path, `reading it took longer than ${timeoutMs} ms (INGEST_TIMEOUT_MS) and was stopped`)));
      }, timeoutMs);
      const onMessage = (m: Reply) => {
        if (m.id === id) settle(() => ('ok' in m ? resolve(m.ok) : reject(revive(m.error, path))));
      };
      const onExit = (code: number | null, signal: string | null) => {
        this.#discard(c);
        settle(() => reject(OUT_OF_MEMORY.test(this.#stderr)
          ? new InputError('TOO_LARGE', path, `reading it needed more than ${maxMemoryMb} MB of memory (INGEST_MAX_MEMORY_MB) and was stopped`)
          : new Error(`${path}: the extraction process crashed (${signal ?? `exit code ${code}`}): ${this.#stderr.trim().split('\n').at(-1) ?? ''}`)));
      };
      c.on('message', onMessage).on('exit', onExit);
      c.send({ id, op, path });
    });
  }

  #start(): Promise<ChildProcess> {
    if (this.#child) return this.#child;
    const c = fork(ENTRY, [JSON.stringify(this.opts.ingest ?? {})], {
      execArgv: [`--max-old-space-size=${this.opts.maxMemoryMb}`],
      serialization: 'advanced', // structured clone, as the results hold typed arrays
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    this.#stderr = '';
    // The tail only: enough to tell an out-of-memory abort from another crash.
    c.stderr!.on('data', (d: Buffer) => (this.#stderr = (this.#stderr + d.toString()).slice(-4096)));
    this.#current = c;
    this.#child = new Promise<ChildProcess>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`the extraction process did not start (exit code ${code}): ${this.#stderr.trim()}`));
      c.once('exit', onExit);
      c.once('message', () => {
        c.off('exit', onExit);
        resolve(c);
      });
    });
    this.#child.catch(() => this.#discard(c));
    return this.#child;
  }

  #discard(c: ChildProcess): void {
    if (this.#current === c) this.#child = this.#current = null;
    c.kill('SIGKILL');
  }
}

/** The child's InputError, whole again on this side. */
function revive(e: { code?: InputErrorCode; file?: string; message: string }, path: string): Error {
  if (!e.code || !e.file) return new Error(e.message.startsWith(path) ? e.message : `${path}: ${e.message}`);
  const prefix = `${e.file}: `;
  return new InputError(e.code, e.file, e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message);
}
