import { describe, expect, it } from 'vitest';
import { textToLines } from '@ziping/ingest';
import { documentYear } from './reconstruct.ts';

describe('document year', () => {
  it('is read from a heading that names a year and a kind of report', () => {
    expect(documentYear(textToLines('一、主要概况\n\n二、某中心 2020 年度部门决算表\n收入支出决算总表'))).toBe(2020);
    expect(documentYear(textToLines('# 某局 2021 年部门预算'))).toBe(2021);
  });

  it('ignores years inside table rows and sentences', () => {
    expect(documentYear(textToLines('附件 1-1\n项目支出绩效自评表\n|时效指标|修缮及时性|2021年12月前完成|已完成|5|5'.replaceAll('|', '\t')))).toBeNull();
    expect(documentYear(textToLines('2021年，我局完成了预算绩效管理工作。'))).toBeNull();
  });
});
