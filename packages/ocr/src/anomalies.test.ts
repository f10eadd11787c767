import type { FormX } from '@ziping/core';
import { describe, expect, it } from 'vitest';
import { formOfLine, warningsToAnomalies } from './anomalies.ts';
import type { OcrWarning } from './ocr.ts';

describe('OCR warnings → PARSE anomalies', () => {
  it('gives one finding per form, each unsure cell in its evidence with its box', () => {
    const forms = [{ prov: { form: { page: 1, line: 1, lineEnd: 30 } } }, { prov: { form: { page: 3, line: 31, lineEnd: 70 } } }] as unknown as FormX[];
    const w = (line: number, kind: OcrWarning['kind'], text: string, from?: string): OcrWarning => ({
      rule: 'PARSE', kind, page: 1, line, col: 2, bbox: [10, 20, 30, 40], text, confidence: 0.4, from, message: `m${line}`,
    });
    const a = warningsToAnomalies([w(5, 'LOW_CONFIDENCE', '8.7'), w(40, 'CORRECTED', '效益指标', '双血指标'), w(90, 'UNREAD', ''), w(12, 'UNREAD', '')], formOfLine(forms));
    expect(a.map((x) => [x.rule, x.severity, x.form, x.expected, x.found])).toEqual([
      ['PARSE', 'warning', 0, null, 2],
      ['PARSE', 'warning', 1, '效益指标', '双血指标'],
      ['PARSE', 'warning', null, null, ''],
    ]);
    expect(a[0]!.evidence.map((e) => e.prov)).toEqual([{ page: 1, line: 5, bbox: [10, 20, 30, 40] }, { page: 1, line: 12, bbox: [10, 20, 30, 40] }]);
    expect(a[0]!.message).toContain('m5');
    expect(a[0]!.message).toContain('m12');
  });
});
