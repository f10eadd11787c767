import type { AnomalyX, IndicatorX } from '@ziping/core';
import { describe, expect, it } from 'vitest';
import { LevelState } from './levels.ts';

const row = (s: LevelState, name: string): IndicatorX => ({
  level1: s.l1, level2: s.l2, name, target_initial: null, target: null, actual: null, weight: null, score: null, deviation: null, prov: {},
});

describe('LevelState (merged level cells of a declaration)', () => {
  it('fills labels down, and back up to the rows printed above them', () => {
    const rows: IndicatorX[] = [];
    const s = new LevelState(rows, []);
    rows.push(row(s, 'a')); // printed above its merged labels
    s.label('产出指标', 1, { page: 1, line: 2 });
    s.label('数量指标', 2, { page: 1, line: 2 });
    rows.push(row(s, 'b'));
    s.label('时效指标', 2, { page: 1, line: 3 });
    rows.push(row(s, 'c'));
    expect(rows.map((r) => [r.name, r.level1, r.level2])).toEqual([
      ['a', '产出指标', '数量指标'], ['b', '产出指标', '数量指标'], ['c', '产出指标', '时效指标'],
    ]);
  });

  it('starts a new 一级 block for a 二级 label of another family, and does not carry a 二级 label into it', () => {
    const rows: IndicatorX[] = [];
    const s = new LevelState(rows, []);
    s.label('产出指标', 1, { page: 1, line: 1 });
    s.label('质量指标', 2, { page: 1, line: 1 });
    s.label('社会效益指标', 2, { page: 1, line: 2 });
    expect([s.l1, s.l2]).toEqual(['效益指标', '社会效益指标']);
    s.label('满意度', 1, { page: 1, line: 3 }); // fits both levels: its column says 一级, and the block repeats it as 二级
    expect([s.l1, s.l2]).toEqual(['满意度', '满意度']);
  });

  it('corrects a misread label and reports it', () => {
    const findings: AnomalyX[] = [];
    const s = new LevelState([], findings);
    s.label('社会双血指标', 2, { page: 1, line: 7 });
    expect(s.l2).toBe('社会效益指标');
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toContain('line 7');
    // the finding cites the line (and the cell's box, where the source has one) its message names
    expect(findings[0]!.evidence).toEqual([{ field: 'label', value: '社会双血指标', prov: { page: 1, line: 7 } }]);
  });
});
