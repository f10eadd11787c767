import type { AnomalyX, Extraction, SourceDocument } from '@ziping/core';

/**
 * Runs every rule over an extraction; rules collect findings and never throw.
 * `doc` gives the rules that read prose (NARRATIVE) the document's lines.
 */
export function validate(_x: Extraction, _doc: SourceDocument): AnomalyX[] {
  return [];
}
