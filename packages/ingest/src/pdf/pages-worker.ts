// A page worker (pool.ts): opens the documents it is sent and reads the pages it is asked
// for, one request at a time, replying with the pages as the engine gave them or a typed error.
import { parentPort, workerData } from 'node:worker_threads';
import { InputError } from '@ziping/core/errors';
import { openPdf, readRaw, type PdfDoc } from './page.ts';
import { loadPdfium, pdfiumModule } from './pdfium.ts';
import type { Reply, Request } from './pool.ts';

const port = parentPort!;
if (workerData?.pdfium) pdfiumModule(workerData.pdfium as WebAssembly.Module); // the calling thread's compiled engine
loadPdfium().catch(() => {}); // now, while the caller checks the file (pool.prepare); a failure shows at the first open
const open = new Map<number, { doc: Promise<PdfDoc> }>();
let queue = Promise.resolve();

async function handle(req: Request): Promise<Reply | null> {
  if (req.type === 'close') {
    const d = open.get(req.doc);
    open.delete(req.doc);
    await d?.doc.then((doc) => doc.close()).catch(() => {});
    return null;
  }
  let d = open.get(req.doc);
  if (req.type === 'open' || !d) {
    if (!req.bytes) throw new Error(`document ${req.doc} is not open in this worker`);
    d = { doc: openPdf(req.bytes, req.path) };
    d.doc.catch(() => {}); // reported to the request that opened it
    open.set(req.doc, d);
  }
  const doc = await d.doc;
  if (req.type === 'open') return { id: req.id, pageCount: doc.numPages };
  const pages = [];
  for (let p = req.from; p <= req.to; p++) pages.push({ page: p, raw: readRaw(doc, p, req.path) });
  return { id: req.id, pages };
}

port.on('message', (req: Request) => {
  queue = queue.then(async () => {
    try {
      const reply = await handle(req);
      // the pages' numbers are handed over, not copied
      if (reply) port.postMessage(reply, 'pages' in reply ? reply.pages.flatMap(({ raw }) => [raw.glyphs.buffer as ArrayBuffer, raw.paths.buffer as ArrayBuffer]) : []);
    } catch (e) {
      const code = e instanceof InputError ? e.code : undefined;
      port.postMessage({ id: 'id' in req ? req.id : -1, error: { code, message: (e as Error).message ?? String(e) } });
    }
  });
});
