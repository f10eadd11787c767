// The extraction worker: runs each request it is sent, one at a time — `facts` hashes a
// file, `extract` runs the pipeline — and answers with the result or the error (an
// InputError keeps its code across the thread).
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { InputError, isInputError } from '@ziping/core';
import { closeOcr, type IngestOptions } from '@ziping/ingest';
import type { FileFacts } from './isolated.ts';
import { extractFile } from './pipeline.ts';

const port = parentPort!;
const opts = (workerData as { ingest: IngestOptions }).ingest;

port.on('message', async (m: { id: number; op: 'extract' | 'facts'; path: string } | 'close') => {
  if (m === 'close') {
    await closeOcr();
    process.exit(0); // ends this thread only
  }
  try {
    port.postMessage({ id: m.id, ok: m.op === 'facts' ? await fileFacts(m.path) : await extractFile(m.path, undefined, opts) });
  } catch (e) {
    const error = isInputError(e) ? { code: e.code, file: e.file, message: e.message } : { message: (e as Error)?.message ?? String(e) };
    port.postMessage({ id: m.id, error });
  }
});
port.postMessage('ready');

/** Read as a stream: memory stays flat for a huge file. */
async function fileFacts(file: string): Promise<FileFacts> {
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    await pipeline(createReadStream(file), async function* (chunks) {
      for await (const c of chunks as AsyncIterable<Buffer>) {
        bytes += c.length;
        hash.update(c);
      }
    });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    throw new InputError('UNREADABLE', file, `cannot read the file (${code ?? (e as Error).message})`);
  }
  return { sha256: hash.digest('hex'), bytes };
}
