// Forms exported as tab-separated cells. Walks the form's lines once: header fields, the
// funding block, the indicator table, subtotal and total lines.
import type { AnomalyX, TextLine } from '@ziping/core';
import { emptyForm, missingRowsFinding, parseFinding, provOf, readTotal, type LayoutParser } from '../form.ts';
import { isTotalLine, isUnlabelledTotal } from '../segment.ts';
import { squash } from '../text.ts';
import { FRAGMENT_COLUMNS, isIndicatorHeader, isSubHeader, readColumns, type IndicatorColumns } from './columns.ts';
import { fundingHeaderOf, fundingRowOf, mergeSubHeader, type FundingHeader } from './funding.ts';
import { readHeaderLine } from './header.ts';
import { parseIndicatorRow } from './indicators.ts';
import { LevelState } from './levels.ts';
import { isBareNumber } from '../text.ts';
import { cellsOf } from './row.ts';

const SECTION = /^(年度总体目标|年度主要任务|项目年度绩效目标|年度绩效目标|年度绩效指标|绩效指标|分解目标评价|一级|项目绩效分析)/;

export const parseTabbedForm: LayoutParser = (lines, region) => {
  const form = emptyForm(region, lines);
  const findings: AnomalyX[] = [];
  const levels = new LevelState(form.indicators, findings);
  let funding: FundingHeader | null = null;
  let cols: IndicatorColumns | null = region.fragment ? FRAGMENT_COLUMNS : null;
  let state: 'head' | 'funding' | 'other' | 'indicators' = region.fragment ? 'indicators' : 'head';
  let subtotalD: number | null = null;

  for (let i = region.body; i < region.end; i++) {
    const l = lines[i]!;
    if (l.text.trim() === '') continue;
    if (isTotalLine(l) || isUnlabelledTotal(l)) { readTotal(form, l, cellsOf(l)); continue; }
    if (/得分小计|^\(C\)$|^（C）$/.test(squash(cellsOf(l)[0]?.text ?? ''))) {
      subtotalD ??= readSubtotalD(l);
      continue;
    }
    if (state === 'head' && readHeaderLine(form, l)) continue;
    if (!funding && state !== 'indicators') {
      const fh = fundingHeaderOf(l);
      if (fh) {
        funding = fh;
        form.amount_unit ??= fh.unit;
        if (i + 1 < region.end && mergeSubHeader(fh, lines[i + 1]!)) i++;
        state = 'funding';
        continue;
      }
    }
    if (isIndicatorHeader(l)) {
      const header = [l];
      while (i + 1 < region.end && isSubHeader(lines[i + 1]!)) header.push(lines[++i]!);
      cols = readColumns(header);
      state = 'indicators';
      continue;
    }
    const first = squash(cellsOf(l)[0]?.text ?? '');
    if (state === 'funding') {
      if (SECTION.test(first)) { state = 'other'; continue; }
      const row = fundingRowOf(funding!, l);
      if (row) form.funding.push(row);
      continue;
    }
    if (state === 'indicators' && cols) readIndicator(l, cols);
  }
  form.budget_score = form.funding[0]?.score ?? subtotalD;
  if (region.fragment) {
    findings.push(parseFinding(`Headless fragment (line ${lines[region.start]!.line}): a piece of a longer form without its heading; the project cannot be identified.`));
  }
  const missing = missingRowsFinding(form);
  if (missing) findings.push(missing);
  return { form, findings };

  function readIndicator(l: TextLine, c: IndicatorColumns) {
    const { indicator, nameless } = parseIndicatorRow(l, c, levels);
    if (!indicator) return;
    if (!nameless) { form.indicators.push(indicator); return; }
    // A name that overflowed into the row above: `甲 乙` there, nothing here.
    const prev = form.indicators[form.indicators.length - 1];
    const cut = prev?.name.lastIndexOf(' ') ?? -1;
    if (prev && cut > 0) {
      indicator.name = prev.name.slice(cut + 1);
      indicator.prov.name = prev.prov.name!;
      prev.name = prev.name.slice(0, cut);
      form.indicators.push(indicator);
      return;
    }
    findings.push(parseFinding(`Line ${l.line}: an indicator row with values but no name.`, [{ field: 'row', value: l.text, prov: provOf(l) }]));
  }
};

/** 预算执行率得分 (D) on the subtotal line: the budget score of forms that print no funding score. */
function readSubtotalD(l: TextLine): number | null {
  const cells = cellsOf(l);
  const at = cells.findIndex((c) => /预算执行率得分/.test(squash(c.text)));
  if (at < 0) return null;
  const n = cells.slice(at + 1).find((c) => isBareNumber(c.text));
  return n ? Number(n.text) : null;
}
