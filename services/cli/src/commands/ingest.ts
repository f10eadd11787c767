// Ingests a batch. One file's failure (an InputError, a time or memory limit, or anything
// else) is recorded as a failed document and the batch goes on. Bytes already stored are
// recognised by their sha256 before extraction, so they cost a read, not an OCR. Exit 0
// when at least one file ended up stored (now or before: duplicates count), 1 when every
// file failed or none was found.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { InputError, isInputError } from '@ziping/core';
import { IsolatedExtractor } from '@ziping/pipeline';
import { findBySha256, saveExtraction, saveFailure, type Db, type Failure, type SaveStatus } from '@ziping/store';
import { UsageError, withDb, type Command } from '../command.ts';
import { expandPaths, type Found } from '../files.ts';
import { progress } from '../progress.ts';

interface Outcome { file: string; status: SaveStatus; forms: number; indicators: number; anomalies: number; failure?: Failure }
interface Facts { sha256: string | null; bytes: number | null }

export const ingest: Command = async (args, config) => {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { wait: { type: 'boolean', default: false } } });
  if (positionals.length === 0) throw new UsageError('expected at least one PATH');
  const found = (await expandPaths(positionals)).map((f) => ({ ...f, path: resolve(f.path) }));
  if (found.length === 0) {
    process.stderr.write('no files found\n');
    return 1;
  }
  const extractor = new IsolatedExtractor({ ...config.ingest, ingest: { ocr: config.ocr } });
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

async function ingestOne(db: Db, f: Found, extractor: IsolatedExtractor): Promise<Outcome> {
  const file = f.path;
  let facts: Facts = { sha256: null, bytes: null };
  try {
    if (f.error) throw f.error;
    facts = await fileFacts(file);
    const known = facts.sha256 ? await findBySha256(db, facts.sha256) : null;
    if (known && known.status !== 'failed') return { file, status: 'duplicate', forms: 0, indicators: 0, anomalies: 0 };
    const { doc, extraction: x } = await extractor.extract(file);
    const { status } = await saveExtraction(db, doc, x);
    const added = status === 'stored';
    const indicators = x.forms.reduce((n, form) => n + form.indicators.length, 0);
    return { file, status, forms: added ? x.forms.length : 0, indicators: added ? indicators : 0, anomalies: added ? x.anomalies.length : 0 };
  } catch (e) {
    const failure: Failure = isInputError(e)
      ? { code: e.code, message: e.message }
      : { code: 'INTERNAL', message: (e as Error).message.startsWith(file) ? (e as Error).message : `${file}: ${(e as Error).message}` };
    const { status } = await saveFailure(db, { name: basename(file), path: file, ...facts }, failure);
    return { file, status, forms: 0, indicators: 0, anomalies: 0, failure };
  }
}

/**
 * Identity of the file's bytes, read as a stream (memory stays flat for a huge file). A file
 * that does not exist has none: the extraction reports it as NOT_FOUND.
 */
async function fileFacts(file: string): Promise<Facts> {
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    await pipeline(createReadStream(file), async function* (chunks) {
      for await (const c of chunks) {
        bytes += (c as Buffer).length;
        hash.update(c as Buffer);
      }
    });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { sha256: null, bytes: null };
    throw new InputError('UNREADABLE', file, `cannot read the file (${code ?? (e as Error).message})`);
  }
  return { sha256: hash.digest('hex'), bytes };
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
