import { describe, expect, it } from 'vitest';
import { ingestBytes } from './ingest.ts';

describe('ingestBytes on a large text dump', () => {
  it('counts the pages of more lines than a call can take as arguments', () => {
    // 300,000 lines: Math.max(...lines) overflowed the stack here
    const text = Array.from({ length: 300_000 }, (_, i) => `项目${i}\t${i}`).join('\n');
    const doc = ingestBytes(Buffer.from(text), 'big.txt');
    expect(doc.lines).toHaveLength(300_000);
    expect(doc.pageCount).toBe(1);
    expect(doc.lines.at(-1)).toMatchObject({ line: 300_000, text: '项目299999\t299999' });
  });
});
