// Ingests a batch. One file's failure (an InputError, a time or memory limit, or anything
// else) is recorded as a failed document and the batch goes on. Bytes already stored are
// recognised by their sha256 before extraction, so they cost a read, not an OCR. Exit 0
// when at least one file ended up stored (now or before: duplicates count), 1 when every
// file failed or none was found.
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isInputError } from '@ziping/core';
import { IsolatedExtractor, type FileFacts, type PipelineResult } from '@ziping/pipeline';
import { findBySha256, saveExtraction, saveFailure, type Db, type Failure, type SaveStatus } from '@ziping/store';
import { UsageError, type Command } from '../command.ts';
import { withDb } from '../with-db.ts';
import { expandPaths, type Found } from '../files.ts';
import { progress } from '../progress.ts';

export interface Outcome { file: string; status: SaveStatus; forms: number; indicators: number; anomalies: number; failure?: Failure }
/** What ingest needs of the extraction: IsolatedExtractor, or a stand-in in tests. */
export interface Extractor {
  facts(path: string): Promise<FileFacts>;
  extract(path: string): Promise<PipelineResult>;
}

export const ingest: Command = async (args, config) => {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { wait: { type: 'boolean', default: false } } });
  if (positionals.length === 0) throw new UsageError('expected at least one PATH');
  const found = (await expandPaths(positionals)).map((f) => ({ ...f, path: resolve(f.path) }));
  if (found.length === 0) {
    process.stderr.write('no files found\n');
    return 1;
  }
  const extractor = new IsolatedExtractor({ ...config.ingest, ingest: { ocr: config.ocr, pdfWorkers: config.ingest.pdfWorkers } });
  try {
    const outcomes = await withDb(config, async (db) => {
      const bar = progress(found.length);
      const done: Outcome[] = [];
      for (const f of found) {
        const o = await ingestOne(db, f, extractor);
        done.push(o);
        bar.step(done.length, `${o.status} ${basename(f.path)}`);
      }
      bar.end();
      return done;
    }, { wait: values.wait });
    process.stdout.write(summary(outcomes));
    return outcomes.some((o) => o.status !== 'failed') ? 0 : 1;
  } finally {
    await extractor.close();
  }
};

export async function ingestOne(db: Db, f: Found, extractor: Extractor): Promise<Outcome> {
  const file = f.path;
  let facts: FileFacts = null;
  try {
    if (f.error) throw f.error;
    facts = await extractor.facts(file);
    const known = facts ? await findBySha256(db, facts.sha256) : null;
    // a failed document is read again; so is a done one stored before layouts were kept (saveExtraction adds its layout)
    const missingLayout = known?.status === 'done' && !known.has_layout;
    if (known && known.status !== 'failed' && !missingLayout) return { file, status: 'duplicate', forms: 0, indicators: 0, anomalies: 0 };
    const { doc, extraction: x } = await extractor.extract(file);
    const { status } = await saveExtraction(db, doc, x);
    const added = status === 'stored';
    const indicators = x.forms.reduce((n, form) => n + form.indicators.length, 0);
    return { file, status, forms: added ? x.forms.length : 0, indicators: added ? indicators : 0, anomalies: added ? x.anomalies.length : 0 };
  } catch (e) {
    const failure: Failure = isInputError(e)
      ? { code: e.code, message: e.message }
      : { code: 'INTERNAL', message: (e as Error).message.startsWith(file) ? (e as Error).message : `${file}: ${(e as Error).message}` };
    const { status } = await saveFailure(db, { name: basename(file), path: file, sha256: facts?.sha256 ?? null, bytes: facts?.bytes ?? null }, failure);
    return { file, status, forms: 0, indicators: 0, anomalies: 0, failure };
  }
}

function summary(outcomes: Outcome[]): string {
  const n = (s: SaveStatus) => outcomes.filter((o) => o.status === s).length;
  const sum = (k: 'forms' | 'indicators' | 'anomalies') => outcomes.reduce((t, o) => t + o[k], 0);
  const failures = outcomes.filter((o) => o.failure);
  return [
    `documents: ${n('stored')} stored, ${n('duplicate')} duplicate, ${failures.length} failed`,
    `added: ${sum('forms')} forms, ${sum('indicators')} indicators, ${sum('anomalies')} anomalies`,
    ...failures.map((o) => `failed ${o.failure!.code}: ${o.failure!.message}`),
    '',
  ].join('\n');
}
