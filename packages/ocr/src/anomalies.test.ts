import type { Extraction, FormX } from '@ziping/core';
import { describe, expect, it } from 'vitest';
import { formOfLine, onExtractedValues, warningsToAnomalies } from './anomalies.ts';
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

describe('which OCR warnings an auditor gets', () => {
  it('keeps those on cells read into the extraction, and cells read as nothing; drops header labels and prose', () => {
    const w = (line: number, kind: OcrWarning['kind'], bbox: OcrWarning['bbox']): OcrWarning => ({
      rule: 'PARSE', kind, page: 1, line, col: 0, bbox, text: 'x', confidence: 0.5, message: `m${line}`,
    });
    const x = {
      source: 's', year: null, anomalies: [], tables: [],
      forms: [{
        prov: { project: { page: 1, line: 2, bbox: [0, 0, 100, 20] } },
        funding: [{ prov: { executed: { page: 1, line: 6, bbox: [200, 100, 260, 120] } } }],
        indicators: [{ prov: { score: { page: 1, line: 9 } } }],
      }],
    } as unknown as Extraction;
    const kept = onExtractedValues([
      w(2, 'LOW_CONFIDENCE', [10, 5, 90, 15]), // the project name's box
      w(5, 'LOW_CONFIDENCE', [200, 80, 260, 95]), // a header label above the executed amount
      w(6, 'CORRECTED', [210, 102, 250, 118]), // the executed amount
      w(9, 'LOW_CONFIDENCE', [0, 0, 5, 5]), // on the score's line (no box kept there)
      w(12, 'UNREAD', [0, 300, 50, 320]), // nothing read: a value may be missing
      w(14, 'LOW_CONFIDENCE', [0, 400, 500, 420]), // prose
    ], x);
    expect(kept.map((k) => k.line)).toEqual([2, 6, 9, 12]);
  });
});
