import { InputError, type Extraction, type SourceDocument } from '@ziping/core';

export function reconstruct(doc: SourceDocument): Extraction {
  throw new InputError('NO_TABLE', doc.path, 'not implemented');
}
