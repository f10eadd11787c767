import { describe, expect, it } from 'vitest';
import { doc, form, fundingRow } from './testing/build.ts';
import { formSpans } from './span.ts';

// A form whose figures were read from `line`: its funding row there, its total on the next.
const at = (line: number) => form({ funding: [fundingRow({ prov: { executed: { page: 1, line } } })], prov: { total_score: { page: 1, line: line + 1 } } });

describe('formSpans', () => {
  it('carries a span over the table rows after its last figure, up to prose or the next form', () => {
    const text = [
      '项目名称\t甲', '资金总额\t1\t2', '总分\t90', '备注\t无', '', '分析\t好', '一、绩效分析', // form 0: lines 2–3, rows to 6
      '资金总额\t1\t2', '总分\t90', '备注\t无', '资金总额\t3\t4', '总分\t80', // form 1: 8–9, form 2: 11–12
    ].join('\n');
    expect(formSpans([at(2), at(8), at(11)], doc(text))).toEqual([{ start: 2, end: 6 }, { start: 8, end: 10 }, { start: 11, end: 12 }]);
  });

  it('gives a form far down a long document its own span, and none to a form without provenance', () => {
    // 3,000 forms of four lines each: a funding row, a total, a 备注 row, a line of prose
    const n = 3000;
    const text = Array.from({ length: n }, (_, i) => `资金总额\t${i}\t${i}\n总分\t90\n备注\t无\n第${i}个项目的说明。`).join('\n');
    const forms = Array.from({ length: n }, (_, i) => at(4 * i + 1));
    forms.splice(n - 1, 0, form({ funding: [], indicators: [], prov: {} }));
    const spans = formSpans(forms, doc(text));
    expect(spans).toHaveLength(n + 1);
    expect(spans[0]).toEqual({ start: 1, end: 3 });
    expect(spans[n - 2]).toEqual({ start: 4 * (n - 2) + 1, end: 4 * (n - 2) + 3 });
    expect(spans[n - 1]).toBeNull();
    expect(spans[n]).toEqual({ start: 4 * (n - 1) + 1, end: 4 * (n - 1) + 3 });
  });

  it('stops a form whose rows run on at the first line of the next form with provenance', () => {
    const text = ['资金总额\t1\t2', '总分\t90', '资金总额\t3\t4', '总分\t80', '备注\t无'].join('\n');
    const none = form({ funding: [], indicators: [], prov: {} });
    expect(formSpans([at(1), none, at(3)], doc(text))).toEqual([{ start: 1, end: 2 }, null, { start: 3, end: 5 }]);
  });
});
