import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { sniffMediaType } from '../detect.ts';
import { decodeText, detectEncoding } from './decode.ts';

const bytes = (hex: string) => Buffer.from(hex.replace(/\s/g, ''), 'hex');
// '附件1 项目支出绩效自评表（2021年度）≥95%' in GB18030 (not valid UTF-8).
const GB_LINE = bytes('b8bdbcfe3120cfeec4bfd6a7b3f6bca8d0a7d7d4c6c0b1eda3a832303231c4eab6c8a3a9a1dd393525');
const utf16 = (s: string, le: boolean) => {
  const b = Buffer.from(`\uFEFF${s}`, 'utf16le');
  return le ? b : b.swap16();
};

describe('decodeText', () => {
  it('reads UTF-8 with and without a BOM, the BOM dropped', () => {
    expect(decodeText(Buffer.from('\uFEFF项目\r\n名称', 'utf8'))).toEqual({ text: '项目\r\n名称', encoding: 'utf-8' });
    expect(decodeText(Buffer.from('项目名称', 'utf8'))).toEqual({ text: '项目名称', encoding: 'utf-8' });
  });

  it('reads UTF-16 LE and BE with a BOM', () => {
    expect(decodeText(utf16('自评表\t得分', true))).toEqual({ text: '自评表\t得分', encoding: 'utf-16le' });
    expect(decodeText(utf16('自评表\t得分', false))).toEqual({ text: '自评表\t得分', encoding: 'utf-16be' });
  });

  it('reads UTF-16 LE and BE without a BOM by where the NULs of its ASCII fall', () => {
    const text = '项目名称\t食品安全抽检\n分值\t10\n得分\t9.5\n';
    const le = Buffer.from(text, 'utf16le');
    expect(decodeText(le)).toEqual({ text, encoding: 'utf-16le' });
    expect(decodeText(Buffer.from(le).swap16())).toEqual({ text, encoding: 'utf-16be' });
    expect(sniffMediaType(le)).toBe('text/plain');
    // NULs on both sides are not UTF-16 (and sniffMediaType refuses them as binary)
    expect(detectEncoding(Buffer.alloc(64))).toBe('utf-8');
    expect(sniffMediaType(Buffer.alloc(64))).toBe('binary');
  });

  it('reads GB18030', () => {
    expect(decodeText(bytes('cd a9 cf aa'))).toEqual({ text: '桐溪', encoding: 'gb18030' });
    expect(decodeText(GB_LINE)).toEqual({ text: '附件1 项目支出绩效自评表（2021年度）≥95%', encoding: 'gb18030' });
  });

  it('keeps UTF-8 with one broken sequence as UTF-8', () => {
    const broken = Buffer.concat([Buffer.from('项目名称：', 'utf8'), bytes('e4b8'), Buffer.from('\n金额 100 元，合计 200 元\n', 'utf8')]);
    expect(detectEncoding(broken)).toBe('utf-8');
  });
});

describe('sniffMediaType', () => {
  it('takes GB18030 and UTF-16 text for text', () => {
    expect(sniffMediaType(GB_LINE)).toBe('text/plain');
    expect(sniffMediaType(utf16('自评表\r\n得分\t10', true))).toBe('text/plain');
    expect(sniffMediaType(utf16('自评表\r\n得分\t10', false))).toBe('text/plain');
  });

  it('still refuses binary junk', async () => {
    expect(sniffMediaType(await readFile(new URL('../../../../fixtures/bad/junk.bin', import.meta.url)))).toBe('binary');
    expect(sniffMediaType(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00]))).toBe('binary');
    // Random high bytes without NULs or controls: neither UTF-8 nor GB18030.
    let seed = 7;
    const noise = Buffer.from(Array.from({ length: 4096 }, () => 0x80 + ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % 128)));
    expect(sniffMediaType(noise)).toBe('binary');
  });
});
