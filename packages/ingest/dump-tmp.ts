import { readFileSync } from 'node:fs';
const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
const doc = await pdfjs.getDocument({ data: new Uint8Array(readFileSync(process.argv[2]!)), verbosity: 0 }).promise;
const p = Number(process.argv[3] ?? 1);
const page = await doc.getPage(p);
const c = await page.getTextContent();
const vp = page.getViewport({ scale: 1 });
for (const it of c.items as any[]) if (it.str.trim()) console.log(it.transform[4].toFixed(1), (vp.height - it.transform[5]).toFixed(1), it.width.toFixed(1), JSON.stringify(it.str));
