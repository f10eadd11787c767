// Entry of a page worker run from source (tests, tsx): it registers tsx itself, as a worker
// thread does not inherit the parent's loader. pdfjs is imported first, by node itself:
// through tsx, its 3 MB of JavaScript would be transformed again in every worker (6 s).
// Importing it swaps Array.prototype.push (see loadPdfjs in page.ts), put back here too.
// The compiled program runs dist/pdf-pages.mjs instead.
import { register } from 'tsx/esm/api';

const push = Array.prototype.push;
await import('pdfjs-dist/legacy/build/pdf.mjs');
await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
Array.prototype.push = push;
register();
await import('./pages-worker.ts');
