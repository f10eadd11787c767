// The API on a random loopback port over a database holding the fixtures (stored by the
// same pipeline code as `ziping ingest`), and Debian's Chromium driven by playwright-core.
// Used by review.test.ts and by screenshot.ts (docs/review.png).
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApi } from '@ziping/api';
import { extractFile } from '@ziping/pipeline';
import { createKey, migrate, saveExtraction, saveFailure, type Db } from '@ziping/store';
import { chromium, type Browser } from 'playwright-core';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const TOKEN = 'e2e-review-token-42';
/** The reviewer whose key the page is given: decisions record this name. */
export const REVIEWER = '李审计';
export const CHROMIUM = '/usr/bin/chromium';

/** The seeds (text dumps), one PDF of the same form, one workbook and one scan (PNG, OCR'd), so each kind of source view shows. */
export const FIXTURES = [
  'seeds/000_ca0dcd0154b0e201.txt', 'seeds/001_ba783ae97283a765.txt', 'seeds/002_80c952864022144d.txt',
  'seeds/003_69315ee9fbc7324a.txt', 'seeds/004_339364824c9abd23.txt', 'pdf/001_ba783ae97283a765.pdf',
  'corpus/xlsx/d01_fenglin_slj_2022.xlsx', 'corpus/png/d02_luzhou_scjg_2023.png',
];

/** A file ingest refuses: stored as a failed document, with its error's code and message. */
export const FAILING = 'bad/no_table.txt';

export interface Served {
  app: Awaited<ReturnType<typeof buildApi>>; base: string; documents: Map<string, number>;
  /** A `reviewer` key named REVIEWER. */
  key: string;
}

/** Migrates, stores the fixtures, makes a reviewer's key, listens on 127.0.0.1 at a port the system picks. */
export async function serve(db: Db, filesDir: string): Promise<Served> {
  await migrate(db);
  const documents = new Map<string, number>();
  for (const f of FIXTURES) {
    const { doc, extraction } = await extractFile(join(ROOT, 'fixtures', f));
    documents.set(doc.name, (await saveExtraction(db, doc, extraction)).documentId);
  }
  const failing = join(ROOT, 'fixtures', FAILING);
  const refused = await extractFile(failing).then(() => null, (e: unknown) => e as Error & { code?: string });
  if (!refused?.code) throw new Error(`${FAILING} was expected to fail with a coded InputError`);
  const failed = await saveFailure(db, { name: basename(failing), path: failing, sha256: null, bytes: null }, { code: refused.code, message: refused.message });
  documents.set(basename(failing), failed.documentId);
  const app = await buildApi({
    api: { host: '127.0.0.1', port: 0, token: TOKEN, maxFileBytes: 1 << 20, maxFiles: 4 },
    filesDir, db, queue: null, logLevel: 'silent',
  });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, base, documents, key: (await createKey(db, REVIEWER, 'reviewer')).secret };
}

export function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}
