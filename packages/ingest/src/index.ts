export { ingestFile, ingestBytes, ingestPdf } from './ingest.ts';
export { readPdf, type PdfText } from './pdf/index.ts';
export { sniffMediaType } from './detect.ts';
export { textToLines } from './text.ts';
