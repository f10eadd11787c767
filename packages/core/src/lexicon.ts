// Misreadings of the forms' label vocabulary seen in OCR'd and re-typed documents. Shared by
// reconstruct (labels in text layers) and OCR (recognised cells); a correction is recorded.

const LEXICON: [RegExp, string][] = [
  [/双血|双星|效溢|郊益/g, '效益'],
];

/** The label with white space removed and known misreadings corrected. */
export function correctLabel(text: string): { text: string; corrected: boolean } {
  const squashed = text.replace(/\s+/g, '');
  let out = squashed;
  for (const [re, to] of LEXICON) out = out.replace(re, to);
  return { text: out, corrected: out !== squashed };
}
