import { describe, expect, it } from 'vitest';
import { ctx, form, fundingRow } from './testing/build.ts';
import { passages } from './prose.ts';

// n forms, one funding row each on lines 1..n, then prose that no form's window holds: it is
// attributed to a form only through a mention of that form's project.
const n = 400;
const names = Array.from({ length: n }, (_, k) => `项目${k}号`);
names[7] = '道路养护示范工程';
names[8] = names[9] = '公共服务平台建设';
const forms = names.map((project, k) => form({ project, funding: [fundingRow({ prov: { executed: { page: 1, line: k + 1 } } })], prov: {} }));
const prose = [
  '一、项目391号的执行良好。',
  '二、其他说明。',
  '三、道 路 养 护 示 范 工 程的资金已执行。',
  '四、公共服务平台建设的资金已执行。',
];
const text = [...names.map((_, k) => `资金总额\t${k}\t${k}`), ...prose].join('\n');

describe('passages', () => {
  const ps = passages(ctx(forms, text));
  const p = ps.at(-1)!; // the prose after the forms: one paragraph
  const at = (s: string) => p.text.indexOf(s);

  it('attributes prose to the form it names, however far down the document', () => {
    expect(p.formAt(at('执行良好'))).toBe(391);
    expect(p.lineAt(at('执行良好')).line).toBe(n + 1);
  });

  it('finds a name printed with a space between its characters', () => {
    expect(p.formAt(at('的资金已执行'))).toBe(7);
    expect(p.lineAt(at('的资金已执行')).line).toBe(n + 3);
  });

  it('attributes nothing after a heading without a mention, nor to a name two forms share', () => {
    expect(p.formAt(at('其他说明'))).toBeNull();
    expect(p.formAt(p.text.lastIndexOf('的资金已执行'))).toBeNull();
  });

  it("gives a form's own lines to that form", () => {
    expect(ps[3 * 100]!.formAt(0)).toBe(100); // each line is three cells
  });
});
