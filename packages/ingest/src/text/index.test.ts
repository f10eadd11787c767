import { describe, expect, it } from 'vitest';
import { readText, sniffDialect } from './index.ts';
import { textToLines } from './lines.ts';

const SAMPLES: Record<string, string> = {
  html: '<!DOCTYPE html><html><body><table><tr><td>a</td></tr></table></body></html>',
  boxgrid: '标题\n+----+----+\n| 甲 | 1  |\n+----+----+\n',
  markdown: '# 标题\n\n| 甲 | 乙 |\n|----|----|\n| 1 | 2 |\n',
  csv: '标题,,,\n名称,甲,乙,丙\n金额,1,2,3\n',
  percell: ['名称', '金额', '得分', ...['甲', '乙', '丙', '丁', '戊'].flatMap((n, i) => [n, `${i + 1}00`, `${i + 5}`])].join('\n'),
  tabbed: '标题\n名称\t甲\n金额\t100\n',
};

describe('sniffDialect', () => {
  for (const [dialect, text] of Object.entries(SAMPLES)) {
    it(`recognises ${dialect}`, () => expect(sniffDialect(text)).toBe(dialect));
  }
  it('takes prose and an empty text as tab-separated (the default)', () => {
    expect(sniffDialect('今年，我们完成了任务。\n明年，继续努力。\n')).toBe('tabbed');
    expect(sniffDialect('')).toBe('tabbed');
  });
  it('takes a tab dump with pipes or commas in its cells as tab-separated', () => {
    expect(sniffDialect('名称\ta|b\tc,d,e,f\n金额\t1,000.00\t2\n')).toBe('tabbed');
  });
});

describe('readText', () => {
  it('keeps lines as textToLines gives them, blocks from the dialect reader', () => {
    for (const text of Object.values(SAMPLES).slice(1)) {
      const read = readText(text);
      expect(read.lines).toEqual(textToLines(text));
      expect(read.blocks.some((b) => b.kind === 'table')).toBe(true);
    }
  });
});
