export { closeOcr, ingestBytes, ingestFile, ingestImage, ingestPdf, type IngestOptions } from './ingest.ts';
export { readPdf, type PdfText } from './pdf/index.ts';
export { sniffMediaType } from './detect.ts';
export { OFFICE_TYPE, officeKindOf, type OfficeKind } from './office/ooxml.ts';
export { centralDirectory, type ZipEntry, type ZipRead } from './office/zipdir.ts';
export { textToLines } from './text/lines.ts';
export { readText, type TextRead, type TextDialect } from './text/index.ts';
