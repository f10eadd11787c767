// 一级 / 二级 labels of a declaration's indicator table sit in merged cells: printed once,
// often in the middle row of the merge. The state below fills them down to the rows below and
// back up to the rows above that had none.
import type { AnomalyX, IndicatorX, Prov } from '@ziping/core';
import { correctLabel } from '@ziping/core';
import { parseFinding } from '../form.ts';
import { levelsOf, parentOf as parentLevel1 } from '../interpret/vocabulary.ts';

const BOTH_LEVELS = /^满意度(指标)?$/; // a 满意度 block often repeats its label at both levels
const STANDARD_L1 = /^(产出|效益|满意度)(指标)?$/;

export class LevelState {
  l1: string | null = null;
  l2: string | null = null;

  constructor(
    private readonly rows: IndicatorX[],
    private readonly findings: AnomalyX[],
  ) {}

  /** A label cell printed `at`; `asLevel` is what its column says when the label fits both levels. */
  label(raw: string, asLevel: 1 | 2, at: Prov): void {
    const { text, corrected } = correctLabel(raw);
    const printed = raw.replace(/\s+/g, '');
    if (corrected) {
      this.findings.push(parseFinding(`Level label printed as ${printed} (line ${at.line}), a misspelling of ${text}.`, [{ field: 'label', value: raw, prov: at }], {
        indicator: printed, expected: text, found: printed,
      }));
    }
    // a label either level may take (满意度指标, 成本指标): its column says which
    const { one, two } = levelsOf(text);
    const level = one && two ? asLevel : one ? 1 : two ? 2 : null;
    if (level === 1) this.setL1(text, true);
    else if (level === 2) this.setL2(text);
  }

  private setL1(text: string, explicit: boolean): void {
    if (this.l1 && this.l1.startsWith(text)) return; // `产出` again after `产出指标`
    this.backfill('level1', text, this.l2);
    this.l1 = text;
    // the 二级 label of another family does not carry over into a new 一级 block
    const parent = this.l2 ? parentLevel1(this.l2) : null;
    if (explicit && parent && STANDARD_L1.test(text) && parent !== parentLevel1(text)) this.l2 = BOTH_LEVELS.test(text) ? text : null;
  }

  private setL2(text: string): void {
    if (this.l2 === text) return;
    this.backfill('level2', text);
    this.l2 = text;
    const parent = parentLevel1(text);
    // a 二级 label of another family starts a new 一级 block whose label was merged away
    if (parent && this.l1 && STANDARD_L1.test(this.l1) && parentLevel1(this.l1) !== parent) {
      this.setL1(this.l1.endsWith('指标') ? parent : parent.replace(/指标$/, ''), false);
      this.l2 = text;
    }
  }

  /** Rows printed above a merged label's text belong to it too (a 一级 label: only those of the same 二级 block). */
  private backfill(field: 'level1' | 'level2', text: string, level2?: string | null): void {
    for (let i = this.rows.length - 1; i >= 0 && this.rows[i]![field] == null; i--) {
      if (level2 !== undefined && this.rows[i]!.level2 !== level2) break;
      this.rows[i]![field] = text;
    }
  }
}
