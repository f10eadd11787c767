export { ingestFile, ingestBytes } from './ingest.ts';
export { sniffMediaType } from './detect.ts';
export { textToLines } from './text.ts';
