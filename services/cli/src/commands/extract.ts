import { toInterchange } from '@ziping/core';
import { extractFile } from '@ziping/pipeline';
import { parseArgs } from 'node:util';
import { UsageError, type Command } from '../command.ts';

/** Prints the form-extract/v1 JSON of one file; no database. Errors name the file (InputError). */
export const extract: Command = async (args, config) => {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { provenance: { type: 'boolean' } } });
  if (positionals.length !== 1) throw new UsageError('expected exactly one FILE');
  const { extraction } = await extractFile(positionals[0]!, undefined, { ocr: config.ocr, pdfWorkers: config.ingest.pdfWorkers });
  process.stdout.write(`${JSON.stringify(toInterchange(extraction, values.provenance), null, 2)}\n`);
  return 0;
};
