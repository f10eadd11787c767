// 一级 / 二级 labels sit in merged cells: printed once (often in the middle row of the
// merge), sometimes wrapped so that `产出` and `指标` land on different rows. The state
// below fills them down, fills them back up to rows above that had none, and completes
// a label whose `指标` half arrives on a later row.
import type { AnomalyX, IndicatorX } from '@ziping/core';
import { parseFinding } from '../form.ts';
import { correctLabel, levelOf, parentLevel1 } from '../vocab.ts';

const BOTH_LEVELS = /^满意度(指标)?$/; // a 满意度 block often repeats its label at both levels
const STANDARD_L1 = /^(产出|效益|满意度)(指标)?$/;

export class LevelState {
  l1: string | null = null;
  l2: string | null = null;
  l1Col: number | null = null;
  l2Col: number | null = null;
  /** Highest placeholder number (指标N) seen in the current 二级 block. */
  private lastNumber = 0;

  constructor(
    private readonly rows: IndicatorX[],
    private readonly findings: AnomalyX[],
  ) {}

  /** A label cell; `asLevel` is what its column says when the label fits both levels. */
  label(raw: string, col: number, asLevel: 1 | 2, line: number): void {
    const { text, corrected } = correctLabel(raw);
    if (corrected) {
      this.findings.push(parseFinding(`Level label printed as ${raw.replace(/\s+/g, '')} (line ${line}), a misspelling of ${text}.`, [], {
        indicator: raw.replace(/\s+/g, ''), expected: text, found: raw.replace(/\s+/g, ''),
      }));
    }
    const level = BOTH_LEVELS.test(text) ? asLevel : levelOf(text);
    if (level === 1) this.setL1(text, col, true);
    else if (level === 2) this.setL2(text, col);
  }

  private setL1(text: string, col: number, explicit: boolean): void {
    if (explicit) this.l1Col = col;
    if (this.l1 && this.l1.startsWith(text)) return; // `产出` again after `产出指标` was completed
    this.backfill('level1', text, this.l2);
    this.l1 = text;
    // the 二级 label of another family does not carry over into a new 一级 block
    const parent = this.l2 ? parentLevel1(this.l2) : null;
    if (explicit && parent && STANDARD_L1.test(text) && parent !== parentLevel1(text)) this.l2 = BOTH_LEVELS.test(text) ? text : null;
  }

  /**
   * A placeholder row (`指标1`, `指标2`, …). Numbering restarts in every 二级 block, so `指标1`
   * after a higher number on a row without a label starts a block whose label is printed
   * further down (a merged cell's text sits mid-block): the rows wait for it, unlabelled.
   */
  placeholder(text: string, labelledRow: boolean): void {
    const n = Number(/\d+/.exec(text)?.[0] ?? 0);
    if (n === 1 && this.lastNumber >= 2 && !labelledRow) this.l2 = null;
    this.lastNumber = n;
  }

  private setL2(text: string, col: number): void {
    this.l2Col = col;
    this.lastNumber = 0;
    if (this.l2 === text) return;
    this.backfill('level2', text);
    this.l2 = text;
    const parent = parentLevel1(text);
    // A 二级 label of another family starts a new 一级 block whose label was merged away.
    if (parent && this.l1 && STANDARD_L1.test(this.l1) && parentLevel1(this.l1) !== parent) {
      this.setL1(this.l1.endsWith('指标') ? parent : parent.replace(/指标$/, ''), col, false);
      this.l2 = text;
    }
  }

  /** A bare `指标` cell: the second half of a wrapped label in that column. */
  complete(col: number): void {
    if (col === this.l2Col && this.l2 && !this.l2.endsWith('指标')) this.rename('level2', this.l2, this.l2 + '指标');
    else if (col === this.l1Col && this.l1 && !this.l1.endsWith('指标')) this.rename('level1', this.l1, this.l1 + '指标');
  }

  private rename(field: 'level1' | 'level2', from: string, to: string): void {
    for (let i = this.rows.length - 1; i >= 0 && this.rows[i]![field] === from; i--) this.rows[i]![field] = to;
    if (field === 'level1') this.l1 = to;
    else this.l2 = to;
  }

  /** Rows printed above a merged label's text belong to it too (a 一级 label: only those of the same 二级 block). */
  private backfill(field: 'level1' | 'level2', text: string, level2?: string | null): void {
    for (let i = this.rows.length - 1; i >= 0 && this.rows[i]![field] == null; i--) {
      if (level2 !== undefined && this.rows[i]!.level2 !== level2) break;
      this.rows[i]![field] = text;
    }
  }
}
