import { RuleSchema, SeveritySchema } from '@ziping/core';
import { listAnomalies, type AnomalyRow } from '@ziping/store';
import { parseArgs } from 'node:util';
import { UsageError, type Command } from '../command.ts';
import { withDb } from '../with-db.ts';

export const anomalies: Command = async (args, config) => {
  const { values } = parseArgs({
    args,
    options: { document: { type: 'string' }, rule: { type: 'string' }, severity: { type: 'string' } },
  });
  if (values.severity && !SeveritySchema.safeParse(values.severity).success) {
    throw new UsageError(`--severity must be error or warning, not ${values.severity}`);
  }
  if (values.rule && !RuleSchema.safeParse(values.rule).success) {
    throw new UsageError(`unknown --rule ${values.rule} (one of ${RuleSchema.options.join(', ')})`);
  }
  const rows = await withDb(config, (db) => listAnomalies(db, values));
  for (const a of rows) process.stdout.write(format(a));
  process.stderr.write(`${rows.length} anomal${rows.length === 1 ? 'y' : 'ies'}\n`);
  return 0;
};

function format(a: AnomalyRow): string {
  const where = [a.document, a.form == null ? null : `form ${a.form}${a.project ? ` (${a.project})` : ''}`, a.indicator]
    .filter(Boolean)
    .join(' · ');
  const figures = a.expected != null || a.found != null ? ` [expected ${a.expected ?? '—'}, found ${a.found ?? '—'}]` : '';
  const lines = a.evidence.map((e) => {
    const line = e.line == null ? 'no position' : `p${e.page} l${e.line}${e.line_end && e.line_end !== e.line ? `-${e.line_end}` : ''}`;
    // the cell of a sheet or table (XLSX, CSV, DOCX, HTML) is where a reader looks; the line is the dump's
    const at = e.ref ? `${line} ${e.ref}` : line;
    return `    ${e.field} = ${e.value ?? '—'}  (${at})\n`;
  });
  return `${a.severity.toUpperCase()} ${a.rule}  ${where}\n  ${a.message}${figures}\n${lines.join('')}`;
}
