// `process-document`: the same stages as `ziping ingest` (`extractFile`), on an uploaded
// file whose document row already exists, with the row following along: `running` +
// stage, then `done` with everything saved in one transaction, or `failed` with a code.
// Used by the worker (one job per document) and by the API when there is no queue.
//
// A short document costs two row writes: `running` at the start and `done` in its
// transaction. The stages after the first are written to the row (and reported as the job's
// progress) only once the document has run for `REPORT_AFTER_MS`: long work shows where it
// is, while a text of a few forms, done in a tenth of a second, does not pay four row
// updates and four progress reports for states nobody could see.
import { isInputError } from '@ziping/core';
import type { IngestOptions } from '@ziping/ingest';
import { STAGES, extractFile, type StageName } from '@ziping/pipeline';
import { completeDocument, failDocument, markQueued, markRunning, type Db, type Failure } from '@ziping/store';
import type { JobPayload } from './catalog.ts';
import { UnrecoverableError, type JobContext } from './queue.ts';

export type ProcessPayload = JobPayload<'process-document'>;

export interface StageProgress { stage: StageName; step: number; of: number }

/**
 * CPU milliseconds (user + system, from `process.cpuUsage()`) of one document: each stage,
 * and `total` for the whole run including the row's stage bookkeeping. The counter is the
 * process's, so with more than one job at a time in a process the figures include the
 * other jobs' work; measure with a concurrency of 1.
 */
export interface StageCpu { ingest: number; reconstruct: number; validate: number; store: number; total: number }

export type RunOutcome =
  | { status: 'done'; cpu: StageCpu }
  /** The document was no longer waiting for work (finished by an earlier delivery). */
  | { status: 'skipped' }
  /** `retry`: the failure may pass and another attempt follows (the row is back to `queued`). */
  | { status: 'failed'; failure: Failure; retry: boolean; error: unknown };

export interface RunOptions {
  /** The time limit: once aborted, the attempt fails with TIMEOUT. */
  signal?: AbortSignal;
  /** When false, a transient failure puts the row back to `queued` instead of `failed`. */
  lastAttempt?: boolean;
  /** Called once the row shows the stage: always for the first, for later ones on long work. */
  onStage?: (p: StageProgress) => unknown;
  /** OCR settings for scanned pages and images (`false`: leave them unread). */
  ocr?: IngestOptions['ocr'];
  /** Wall milliseconds after which each further stage is reported (0: every stage). */
  reportAfterMs?: number;
}

/** How long a document runs before its later stages are written to its row and reported. */
export const REPORT_AFTER_MS = 1000;

/** Runs the stages for one document and records the outcome on its row. Never throws for a failure of the document. */
export async function runDocument(db: Db, p: ProcessPayload, opts: RunOptions = {}): Promise<RunOutcome> {
  const { signal, lastAttempt = true, reportAfterMs = REPORT_AFTER_MS } = opts;
  const started = performance.now();
  const cpu = cpuClock();
  let skipped = false;
  const report = async (stage: StageName) => {
    if (signal?.aborted || skipped) return;
    if (!(await markRunning(db, p.documentId, stage))) skipped = true;
    else await opts.onStage?.({ stage, step: STAGES.indexOf(stage) + 1, of: STAGES.length });
  };
  // Stage work is timed apart from the reports before it.
  const begin = async (stage: StageName) => {
    cpu.lap(null);
    if (performance.now() - started >= reportAfterMs) await report(stage);
    cpu.lap(stage);
  };
  try {
    await report('ingest');
    if (skipped) return { status: 'skipped' };
    const onStage = (s: StageName) => (s === 'ingest' ? cpu.lap(s) : begin(s));
    const { doc, extraction } = await untilAborted(extractFile(p.path, onStage, { ocr: opts.ocr }), signal);
    await begin('store');
    signal?.throwIfAborted();
    const stored = !skipped && (await completeDocument(db, p.documentId, doc, extraction));
    cpu.lap(null);
    return stored ? { status: 'done', cpu: cpu.done() } : { status: 'skipped' };
  } catch (e) {
    const failure = failureOf(e, p);
    const retry = !isInputError(e) && !lastAttempt;
    if (retry) await markQueued(db, p.documentId);
    else await failDocument(db, p.documentId, failure);
    return { status: 'failed', failure, retry, error: e };
  }
}

/** Splits the process's CPU time into stages: `lap(stage)` starts one, `lap(null)` ends it. */
function cpuClock() {
  // Whole microseconds until the end, so the stages add up exactly.
  const us = () => {
    const u = process.cpuUsage();
    return u.user + u.system;
  };
  const start = us();
  const spent = { ingest: 0, reconstruct: 0, validate: 0, store: 0 };
  let open: { stage: StageName; at: number } | null = null;
  return {
    lap(next: StageName | null) {
      const now = us();
      if (open) spent[open.stage] += now - open.at;
      open = next ? { stage: next, at: now } : null;
    },
    done(): StageCpu {
      const ms = (n: number) => n / 1000;
      return { ingest: ms(spent.ingest), reconstruct: ms(spent.reconstruct), validate: ms(spent.validate), store: ms(spent.store), total: ms(us() - start) };
    },
  };
}

function failureOf(e: unknown, p: ProcessPayload): Failure {
  // Messages name the uploaded file, not where its bytes are stored.
  if (isInputError(e)) return { code: e.code, message: e.message.replaceAll(p.path, p.name) };
  if (e instanceof DOMException && e.name === 'TimeoutError') return { code: 'TIMEOUT', message: `${p.name}: time limit exceeded` };
  return { code: 'INTERNAL', message: `${p.name}: ${String((e as Error).message).replaceAll(p.path, p.name)}` };
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** A `process-document` job's return value (what `pnpm bench ingest` reads its CPU split from). */
export type DocumentJobResult = Exclude<RunOutcome, { status: 'failed' }>;

/**
 * The worker's handler: progress goes to the job; bad input fails the job for good
 * (`UnrecoverableError`, no retry), anything else is thrown for BullMQ to retry with backoff.
 */
export function processDocument(db: Db, ocr?: IngestOptions['ocr']) {
  return async (p: ProcessPayload, ctx: JobContext): Promise<DocumentJobResult> => {
    const out = await runDocument(db, p, {
      signal: ctx.signal,
      lastAttempt: ctx.lastAttempt,
      onStage: (s) => ctx.job.updateProgress(s),
      ocr,
    });
    if (out.status !== 'failed') return out;
    const message = `${out.failure.code}: ${out.failure.message}`;
    if (isInputError(out.error)) throw new UnrecoverableError(message);
    throw out.error instanceof Error ? out.error : new Error(message);
  };
}
