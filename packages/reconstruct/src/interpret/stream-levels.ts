// What a stream read becomes: indicators with their levels shared out among the labels met in
// the stream, and the one PARSE warning of a block read only in part.
import type { AnomalyX, FormX, IndicatorX } from '@ziping/core';
import { parseFinding } from '../form.ts';
import { parseNumber } from '../text.ts';
import { provOf } from './rows.ts';
import { groupCost, share } from './share.ts';
import type { StreamRead, StreamRow } from './stream.ts';
import { directionOp, levelOf, levelsOf, parentOf, type IndicatorField } from './vocabulary.ts';

/** The PARSE warning of a form whose indicator block was read only in part (`FormX.partial`). */
export function partialFinding(f: FormX, form: number): AnomalyX {
  const at = f.partial!;
  const last = f.indicators.at(-1);
  const upTo = last ? `（至“${last.name}”${last.prov.name ? `，第${last.prov.name.page}页第${last.prov.name.line}行` : ''}）` : '';
  return {
    ...parseFinding(`指标表只读出前${f.indicators.length}行${upTo}；第${at.page}页第${at.line}行起的其余指标行在此来源中排列方式不同（如分页后按列排印），未能可靠还原，未读取；该表的分值、得分合计不予核对。请改用PDF原件或保留版面的文本。`,
      [
        { field: 'indicators', value: f.indicators.length, prov: at },
        // the last row read, which the message names too
        ...(last?.prov.name ? [{ field: `indicators[${f.indicators.length - 1}].name`, value: last.name, prov: last.prov.name }] : []),
      ]),
    form,
  };
}

/** The rows of a stream read into a form; a read that stopped short marks the form partial. */
export function markPartial(f: FormX, read: StreamRead): void {
  if (read.unread) f.partial = provOf(read.unread.prov);
}

export function toIndicator(r: StreamRow): IndicatorX {
  const v = (f: IndicatorField) => r.values.get(f)?.text ?? null;
  const value = v('target_value');
  const dir = v('target_direction') ?? v('target_op');
  const op = dir == null ? '' : (directionOp(dir) ?? dir);
  const target = value == null ? v('target') : `${op}${value}${v('target_unit') ?? ''}`;
  const deviation = r.deviation.map((t) => t.text).join('') || null;
  return {
    level1: null, level2: null, name: r.name.text, target_initial: v('target_initial'), target, actual: v('actual'),
    weight: parseNumber(r.weight.text) as number, score: parseNumber(r.score.text) as number, deviation,
    prov: { name: r.name.cell.prov, weight: r.weight.cell.prov, score: r.score.cell.prov },
  };
}

/**
 * Rows 0..n-1 shared out among labels standing at row positions `at` (in order; a half for a
 * label printed between two rows), each near the middle of its group, as centred.ts shares
 * the rows of a layout dump (row r on line 2r). Each row's label index, or null without labels.
 */
export function centredGroups(n: number, at: number[]): number[] | null {
  const spans = Array.from({ length: n }, (_, r) => ({ page: 1, top: 2 * r, bottom: 2 * r }));
  return share(at.map((a) => groupCost(spans, { page: 1, line: 2 * a })), n);
}

/** 一级 / 二级 of the rows from the labels met in the stream; 一级 from the 二级 label's family where the vocabulary knows it. */
export function streamLevels(read: StreamRead, list: IndicatorX[]): void {
  // a label of both levels (满意度指标) is the 一级 of a 二级 of its family printed next to it
  // (or next before it, where both stand at the same place)
  const heads = (l: StreamRead['levels'][number], k: number) => {
    const child = (o: StreamRead['levels'][number] | undefined) => !!o && levelOf(o.tok.text) === 2 && parentOf(o.tok.text) === l.tok.text;
    const prev = read.levels[k - 1];
    return child(read.levels[k + 1]) || (child(prev) && prev!.at === l.at);
  };
  const two = read.levels.filter((l, k) => levelOf(l.tok.text) === 2 || (levelsOf(l.tok.text).two && parentOf(l.tok.text) != null && !heads(l, k)));
  const one = read.levels.filter((l) => !two.includes(l));
  // rows whose levels are settled apart are left out of the sharing: the others' positions
  // counted among the rest
  const fixed = new Map((read.fixed ?? []).map((f) => [f.at, f]));
  const free = list.map((_, r) => r).filter((r) => !fixed.has(r));
  const compact = (at: number) => free.filter((r) => r < at).length - (Number.isInteger(at) ? 0 : 0.5);
  const g2 = free.length > 0 ? centredGroups(free.length, two.map((l) => compact(l.at))) : null;
  const g1 = free.length > 0 ? centredGroups(free.length, one.map((l) => compact(l.at))) : null;
  list.forEach((ind, r) => {
    const f = fixed.get(r);
    if (f) {
      ind.level2 = f.two?.text ?? null;
      ind.level1 = f.family ?? f.one?.text ?? null;
      if (f.two) ind.prov.level2 = f.two.cell.prov;
      if (f.one && ind.level1 === f.one.text) ind.prov.level1 = f.one.cell.prov;
      return;
    }
    const k = free.indexOf(r);
    const l2 = g2 ? two[g2[k]!]! : null;
    const l1 = g1 ? one[g1[k]!]! : null;
    ind.level2 = l2?.tok.text ?? null;
    const family = l2 ? parentOf(l2.tok.text) : null;
    ind.level1 = family && (!l1 || levelOf(l1.tok.text) === 1) ? family : (l1?.tok.text ?? null);
    if (l2) ind.prov.level2 = l2.tok.cell.prov;
    if (l1 && ind.level1 === l1.tok.text) ind.prov.level1 = l1.tok.cell.prov;
  });
}
