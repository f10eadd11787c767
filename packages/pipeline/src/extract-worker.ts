// The extraction worker: runs `extractFile` for each path it is sent, one at a time, and
// answers with the result or the error (an InputError keeps its code across the thread).
import { parentPort, workerData } from 'node:worker_threads';
import { isInputError } from '@ziping/core';
import { closeOcr, type IngestOptions } from '@ziping/ingest';
import { extractFile } from './pipeline.ts';

const port = parentPort!;
const opts = (workerData as { ingest: IngestOptions }).ingest;

port.on('message', async (m: { id: number; path: string } | 'close') => {
  if (m === 'close') {
    await closeOcr();
    process.exit(0); // ends this thread only
  }
  try {
    port.postMessage({ id: m.id, ok: await extractFile(m.path, undefined, opts) });
  } catch (e) {
    const error = isInputError(e) ? { code: e.code, file: e.file, message: e.message } : { message: (e as Error)?.message ?? String(e) };
    port.postMessage({ id: m.id, error });
  }
});
port.postMessage('ready');
