import { describe, expect, it } from 'vitest';
import { parseTarget } from './target.ts';

const t = (op: string | null, value: number | null, unit: string | null, approx = false) => ({ op, value, unit, approx });

describe('parseTarget', () => {
  it.each([
    ['≥2000 人次', t('≥', 2000, '人次')],
    ['>=95%', t('≥', 95, '%')],
    ['<=3天', t('≤', 3, '天')],
    ['≤15个工作日', t('≤', 15, '个工作日')],
    ['大于等于80%', t('≥', 80, '%')],
    ['=12个月', t('=', 12, '个月')],
    ['≥20 万份', t('≥', 20, '万份')],
    ['＞＝９０％', t('≥', 90, '%')],
    ['>0', t('>', 0, null)],
    ['不超过1,500.5万元', t('≤', 1500.5, '万元')],
    ['2000人次以上', t('≥', 2000, '人次')],
  ])('%s has an operator', (text, want) => {
    expect(parseTarget(text)).toEqual(want);
  });

  it.each([
    ['100%', t(null, 100, '%')],
    ['12个月', t(null, 12, '个月')],
  ])('%s (bare figure) keeps op null', (text, want) => {
    expect(parseTarget(text)).toEqual(want);
  });

  it.each([
    ['约10000个', t(null, 10000, '个', true)],
    ['≈5 km', t(null, 5, 'km', true)],
    ['30人左右', t(null, 30, '人', true)],
  ])('%s is approximate', (text, want) => {
    expect(parseTarget(text)).toEqual(want);
  });

  it.each(['提高', '有所提升', '2023年12月底前', '', null, '≥', '达到国家标准要求的检测合格率'])('%s is qualitative', (text) => {
    expect(parseTarget(text)).toEqual(t(null, null, null));
  });
});
