// The stages, in order. Everything that turns a file into stored rows goes through here:
// the CLI, and later the worker, call `extractFile` and hand the result to the store.
//
//   ingest      file bytes → positioned text (text dump; PDF and OCR later)
//   reconstruct positioned text → forms, funding rows, indicators (+ PARSE findings)
//   validate    recompute rates, scores, totals → anomalies (collected, never thrown)
//   store       one transaction per document (packages/store; not called here)
import type { Extraction, SourceDocument } from '@ziping/core';
import { ingestFile } from '@ziping/ingest';
import { reconstruct } from '@ziping/reconstruct';
import { validate } from '@ziping/validate';

export type StageName = 'ingest' | 'reconstruct' | 'validate' | 'store';
export const STAGES: readonly StageName[] = ['ingest', 'reconstruct', 'validate', 'store'];

export interface PipelineResult {
  doc: SourceDocument;
  extraction: Extraction;
}

export async function extractFile(path: string, onStage?: (s: StageName) => void): Promise<PipelineResult> {
  onStage?.('ingest');
  const doc = await ingestFile(path);
  onStage?.('reconstruct');
  const rebuilt = reconstruct(doc);
  onStage?.('validate');
  const found = validate(rebuilt, doc);
  return { doc, extraction: { ...rebuilt, anomalies: [...rebuilt.anomalies, ...found] } };
}
