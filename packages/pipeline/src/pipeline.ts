// The stages, in order. Everything that turns a file into stored rows goes through here:
// the CLI, and later the worker, call `extractFile` and hand the result to the store.
//
//   ingest      file bytes → positioned text (text dump; PDF text layer; OCR for scans and images)
//   reconstruct positioned text → forms, funding rows, indicators (+ PARSE findings)
//   validate    recompute rates, scores, totals → anomalies (collected, never thrown)
//   store       one transaction per document (packages/store; not called here)
import type { AnomalyX, Extraction, SourceDocument } from '@ziping/core';
import { ingestFile, type IngestOptions } from '@ziping/ingest';
import { reconstruct } from '@ziping/reconstruct';
import { validate } from '@ziping/validate';

export type StageName = 'ingest' | 'reconstruct' | 'validate' | 'store';
export const STAGES: readonly StageName[] = ['ingest', 'reconstruct', 'validate', 'store'];

export interface PipelineResult {
  doc: SourceDocument;
  extraction: Extraction;
}

/**
 * `onStage` is called as each stage begins, and awaited: the queue worker writes a long
 * document's stage to its row before the stage runs (reconstruct and validate are synchronous,
 * so a write left pending would land only after them).
 */
export async function extractFile(path: string, onStage?: (s: StageName) => void | Promise<void>, opts: IngestOptions = {}): Promise<PipelineResult> {
  await onStage?.('ingest');
  const doc = await ingestFile(path, opts);
  await onStage?.('reconstruct');
  const rebuilt = reconstruct(doc);
  await onStage?.('validate');
  const found = validate(rebuilt, doc);
  const unsure = doc.ocr ? await ocrFindings(doc, rebuilt) : [];
  return { doc, extraction: { ...rebuilt, anomalies: [...rebuilt.anomalies, ...unsure, ...found] } };
}

/** Low-confidence and corrected OCR readings, as PARSE warnings placed in their forms. */
async function ocrFindings(doc: SourceDocument, x: Extraction): Promise<AnomalyX[]> {
  const { formOfLine, onExtractedValues, warningsToAnomalies } = await import('@ziping/ocr');
  return warningsToAnomalies(onExtractedValues(doc.ocr!.notes, x), formOfLine(x.forms));
}
