// Ingests a batch. One file's failure (an InputError, or anything else) is recorded as a
// failed document and the batch goes on. Exit 0 when at least one file ended up stored
// (now or before: duplicates count), 1 when every file failed or none was found.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '@ziping/config';
import { isInputError } from '@ziping/core';
import { extractFile } from '@ziping/pipeline';
import { saveExtraction, saveFailure, type Db, type Failure, type SaveStatus } from '@ziping/store';
import { UsageError, withDb, type Command } from '../command.ts';
import { expandPaths } from '../files.ts';
import { progress } from '../progress.ts';

interface Outcome { file: string; status: SaveStatus; forms: number; indicators: number; anomalies: number; failure?: Failure }

export const ingest: Command = async (args, config) => {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  if (positionals.length === 0) throw new UsageError('expected at least one PATH');
  const files = (await expandPaths(positionals)).map((f) => resolve(f));
  if (files.length === 0) {
    process.stderr.write('no files found\n');
    return 1;
  }
  const outcomes = await withDb(config, async (db) => {
    const bar = progress(files.length);
    const done: Outcome[] = [];
    for (const file of files) {
      const o = await ingestOne(db, file, config.ocr);
      done.push(o);
      bar.step(done.length, `${o.status} ${basename(file)}`);
    }
    bar.end();
    return done;
  });
  process.stdout.write(summary(outcomes));
  return outcomes.some((o) => o.status !== 'failed') ? 0 : 1;
};

async function ingestOne(db: Db, file: string, ocr: Config['ocr']): Promise<Outcome> {
  try {
    const { doc, extraction: x } = await extractFile(file, undefined, { ocr });
    const { status } = await saveExtraction(db, doc, x);
    const added = status === 'stored';
    const indicators = x.forms.reduce((n, f) => n + f.indicators.length, 0);
    return { file, status, forms: added ? x.forms.length : 0, indicators: added ? indicators : 0, anomalies: added ? x.anomalies.length : 0 };
  } catch (e) {
    const failure: Failure = isInputError(e)
      ? { code: e.code, message: e.message }
      : { code: 'INTERNAL', message: `${file}: ${(e as Error).message}` };
    const { status } = await saveFailure(db, { name: basename(file), path: file, ...(await fileFacts(file)) }, failure);
    return { file, status, forms: 0, indicators: 0, anomalies: 0, failure };
  }
}

/** Identity of a file the pipeline rejected, so a retry replaces its failure instead of adding one. */
async function fileFacts(file: string): Promise<{ sha256: string | null; bytes: number | null }> {
  const buf = await readFile(file).catch(() => null);
  return buf ? { sha256: createHash('sha256').update(buf).digest('hex'), bytes: buf.length } : { sha256: null, bytes: null };
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
