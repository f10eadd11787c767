import { describe, expect, it } from 'vitest';
import { joinWrapped, normalizeText } from './normalize.ts';

describe('normalizeText', () => {
  it('folds Kangxi radicals and CJK Radicals Supplement to the simplified ideographs the fonts mean', () => {
    // what pdf.js returns for Noto CJK glyphs: ⾃⼰ ⽬标 ⼾ ⻔ ⻓ ⺠
    expect(normalizeText('⾃⼰ ⽬标值')).toBe('自己 目标值');
    expect(normalizeText('⼾籍⼈⼝')).toBe('户籍人口');
    expect(normalizeText('⻔诊 ⻓期 ⼈⺠')).toBe('门诊 长期 人民');
  });

  it('folds full-width digits, letters and operators but keeps CJK punctuation', () => {
    expect(normalizeText('＞＝９５％')).toBe('≥95%');
    expect(normalizeText('ＰＭ２．５（微克）：')).toBe('PM2.5（微克）：');
  });

  it('turns every space into one plain space and >= / <= / ≧ / ≦ into ≥ / ≤', () => {
    expect(normalizeText('\u00a0 a\u3000\u3000b\u200b c ')).toBe('a b c');
    expect(normalizeText('>=90%')).toBe('≥90%');
    expect(normalizeText('<= 20')).toBe('≤ 20');
    expect(normalizeText('≦20个工作日')).toBe('≤20个工作日');
  });
});

describe('joinWrapped', () => {
  it('joins CJK pieces without a space and Latin ones with one', () => {
    expect(joinWrapped(['家庭医生签约服务重点', '人群覆盖率'])).toBe('家庭医生签约服务重点人群覆盖率');
    expect(joinWrapped(['PM2.5', 'annual mean'])).toBe('PM2.5 annual mean');
    expect(joinWrapped(['细颗粒物', '(PM2.5)'])).toBe('细颗粒物(PM2.5)');
  });
});
