// The extraction process (see isolated.ts): runs each request it is sent, one at a time —
// `facts` hashes a file, `extract` runs the pipeline — and answers with the result or the
// error (an InputError keeps its code across the process boundary).
import '@ziping/core/jit'; // first: it tunes the compiler for what follows
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { InputError, isInputError } from '@ziping/core';
import { closeOcr, type IngestOptions } from '@ziping/ingest';
import type { FileFacts } from './isolated.ts';
import { extractFile } from './pipeline.ts';

const opts = JSON.parse(process.argv[2] ?? '{}') as IngestOptions;
const send = (m: unknown) => process.send!(m);

process.on('message', async (m: { id: number; op: 'extract' | 'facts'; path: string } | 'close') => {
  if (m === 'close') {
    await closeOcr();
    process.exit(0);
  }
  try {
    send({ id: m.id, ok: m.op === 'facts' ? await fileFacts(m.path) : await extractFile(m.path, undefined, opts) });
  } catch (e) {
    const error = isInputError(e) ? { code: e.code, file: e.file, message: e.message } : { message: (e as Error)?.message ?? String(e) };
    send({ id: m.id, error });
  }
});
// The parent is gone (killed, or closed us): nothing will read our answers.
process.on('disconnect', () => process.exit(0));
send('ready');

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
