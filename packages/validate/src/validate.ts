import type { AnomalyX, Extraction, SourceDocument } from '@ziping/core';
import { RULES } from './rules/index.ts';

/**
 * Runs every rule over an extraction; rules collect findings and never throw.
 * `doc` gives the rules that read prose (NARRATIVE, CROSS_TABLE) the document's lines.
 */
export function validate(x: Extraction, doc: SourceDocument): AnomalyX[] {
  const ctx = { x, doc };
  return RULES.flatMap((rule) => {
    try {
      return rule.run(ctx);
    } catch {
      // A rule that trips over data it did not expect has nothing to say about it; the
      // other rules' findings still stand.
      return [];
    }
  });
}
