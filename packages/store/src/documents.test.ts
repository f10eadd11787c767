import type { Extraction, SourceDocument } from '@ziping/core';
import { describe, expect, it } from 'vitest';
import {
  completeDocument, documentAnomalies, documentForms, failDocument, getDocument, markQueued, markRunning, recordUpload,
} from './documents.ts';
import { migrate } from './migrate.ts';
import { counts } from './queries.ts';
import { saveExtraction } from './save.ts';
import { ENGINES, useOpenDb } from './testing.ts';

const sha = (c: string) => c.repeat(64);
const upload = (c: string, name = `${c}.txt`) => ({ name, path: `/files/${sha(c)}`, sha256: sha(c), mediaType: 'text/plain', bytes: 10 });
const source = (c: string): SourceDocument => ({
  name: sha(c), path: `/files/${sha(c)}`, sha256: sha(c), mediaType: 'text/plain', bytes: 10, pageCount: 1, lines: [], blocks: [],
});
const extraction: Extraction = {
  source: 'a.txt',
  forms: [{
    kind: 'project', attachment: null, title: '项目支出绩效自评表', year: 2023, project: '养护', department: null,
    implementer: null, amount_unit: '万元', budget_score: null, total_score: 90, grade: null, fragment: false, prov: {},
    funding: [],
    indicators: [{ level1: '产出指标', level2: null, name: '人次', target_initial: null, target: '≥10', actual: '12', weight: 10, score: 10, deviation: null, prov: {} }],
  }],
  tables: [],
  anomalies: [{ rule: 'PARSE', severity: 'warning', form: 0, table: null, indicator: null, expected: 1, found: 2, message: 'm', evidence: [{ field: 'f', value: 1, prov: { page: 1, line: 2, ref: 't1 r2 c3' } }] }],
};

describe.each(ENGINES)('documents in service mode on %s', (engine) => {
  const h = useOpenDb(engine);

  it('follows an upload from queued to done, with the rows and counts saved into the same row', async () => {
    await migrate(h.db);
    const first = await recordUpload(h.db, upload('a'));
    expect(first).toMatchObject({ created: true, requeued: false, document: { status: 'queued', runs: 1, name: 'a.txt' } });
    const id = first.document.id;
    expect(await markRunning(h.db, id, 'reconstruct')).toBe(true);
    expect(await getDocument(h.db, id)).toMatchObject({ status: 'running', stage: 'reconstruct' });
    expect(await completeDocument(h.db, id, source('a'), extraction)).toBe(true);
    const done = await getDocument(h.db, id);
    expect(done).toMatchObject({ status: 'done', stage: null, name: 'a.txt', page_count: 1, error_code: null });
    expect(done?.counts).toEqual({ forms: 1, indicators: 1, tables: 0, anomalies: 1 });
    expect(await documentForms(h.db, id)).toMatchObject([{ ordinal: 0, kind: 'project', indicators: 1, funding_rows: 0 }]);
    expect(await documentAnomalies(h.db, id)).toMatchObject([{ rule: 'PARSE', form: 0, evidence: [{ field: 'f', line: 2, ref: 't1 r2 c3' }] }]);
    // A second delivery of the same job finds it done and writes nothing.
    expect(await markRunning(h.db, id, 'ingest')).toBe(false);
    expect(await completeDocument(h.db, id, source('a'), extraction)).toBe(false);
    expect((await counts(h.db)).forms).toBe(1);
  });

  it('returns the existing document for the same bytes, and queues a failed one again', async () => {
    const again = await recordUpload(h.db, upload('a', 'other-name.txt'));
    expect(again).toMatchObject({ created: false, requeued: false, document: { status: 'done', name: 'a.txt' } });

    const b = (await recordUpload(h.db, upload('b'))).document;
    await markRunning(h.db, b.id, 'ingest');
    await markQueued(h.db, b.id);
    expect(await getDocument(h.db, b.id)).toMatchObject({ status: 'queued', stage: null });
    await failDocument(h.db, b.id, { code: 'EMPTY_FILE', message: 'b.txt: the file is empty' });
    // A later failure report (e.g. the stall backstop) does not overwrite the first.
    await failDocument(h.db, b.id, { code: 'INTERNAL', message: 'late' });
    expect(await getDocument(h.db, b.id)).toMatchObject({ status: 'failed', error_code: 'EMPTY_FILE', counts: { forms: 0 } });
    const retried = await recordUpload(h.db, upload('b', 'b2.txt'));
    expect(retried).toMatchObject({ created: false, requeued: true, document: { id: b.id, status: 'queued', runs: 2, error_code: null, name: 'b2.txt' } });
  });

  it('keeps `ziping ingest` working beside it: a queued sha256 is a duplicate there', async () => {
    await recordUpload(h.db, upload('c'));
    expect(await saveExtraction(h.db, source('c'), extraction)).toMatchObject({ status: 'duplicate' });
    const stored = await saveExtraction(h.db, source('d'), extraction);
    expect(stored.status).toBe('stored');
    expect((await getDocument(h.db, stored.documentId))?.counts).toEqual({ forms: 1, indicators: 1, tables: 0, anomalies: 1 });
  });
});
