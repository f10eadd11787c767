import { describe, expect, it } from 'vitest';
import { matchesOf } from './context.ts';

describe('matchesOf', () => {
  it('finds what matchAll finds, again on a second text, with no state left from the first', () => {
    const re = /执行数?(\d+(?:\.\d+)?)万元/g;
    const a = '预算执行数12.5万元，执行3万元。';
    const b = '执行7万元';
    const texts = (ms: RegExpMatchArray[]) => ms.map((m) => [m.index, m[0], m[1]]);
    expect(texts(matchesOf(re, a))).toEqual([[2, '执行数12.5万元', '12.5'], [12, '执行3万元', '3']]);
    expect(texts(matchesOf(re, b))).toEqual(texts([...b.matchAll(re)]));
    expect(texts(matchesOf(re, a))).toEqual(texts([...a.matchAll(re)]));
    expect(matchesOf(re, '无')).toEqual([]);
  });

  it('moves on past an empty match, as matchAll does', () => {
    expect(matchesOf(/x*/g, 'axxb').map((m) => [m.index, m[0]])).toEqual([[0, ''], [1, 'xx'], [3, ''], [4, '']]);
  });
});
