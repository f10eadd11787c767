// What a row of the layout is, by its words alone: the tests the interpreter's walk
// (interpret.ts) asks of a row before it reads it.
import type { LayoutCell } from '@ziping/core';
import { parseNumber } from '../text.ts';
import { KEY_VALUE, type Building } from './form-state.ts';
import { freshCells, type Row } from './rows.ts';
import { attachmentOf, indicatorField, isPlaceholder, levelOf, metaField, sectionKind, titleKind } from './vocabulary.ts';

/** A table row of an indicator block: a placeholder (指标1) or a level label, and nothing that heads a form. */
export const indicatorLike = (row: Row): boolean => {
  const cells = freshCells(row);
  return !row.paragraph && cells.some((c) => isPlaceholder(c.text) || levelOf(c.text) != null)
    && !cells.some((c) => metaField(c.text) != null || titleKind(c.text) != null || (sectionKind(c.text) != null && sectionKind(c.text) !== 'indicators'));
};

/**
 * A line `附件 3-1 项目支出绩效自评表` (or, as OCR reads it, `附件3-1项目支出绩效自评表`) as its
 * attachment label, the longest that is one, and its title.
 */
export function attachedTitle(text: string): { attachment: string; title: string } | null {
  for (let k = Math.min(text.length - 2, 16); k >= 2; k--) {
    const attachment = attachmentOf(text.slice(0, k));
    const title = text.slice(k).trim();
    if (attachment && titleKind(title)) return { attachment, title };
  }
  return null;
}

/** A row of header words (two or more the indicator vocabulary knows, most of the row, no figure). */
export const headerEcho = (cells: LayoutCell[]): boolean => {
  const known = cells.filter((c) => indicatorField(c.text) != null).length;
  return known >= 2 && known * 2 >= cells.length && !cells.some((c) => parseNumber(c.text) !== undefined || isPlaceholder(c.text));
};

/** A table row that can only open a form: a 项目名称 / 部门名称 label (a report's own tables have none). */
export const startsForm = (row: Row): boolean =>
  !row.paragraph && freshCells(row).some((c) => { const f = metaField(c.text); return f === 'project' || f === 'department'; });

/**
 * A `项目名称 …` line naming another project than the finished form's: reading-order text may
 * print the next form's key lines before its title, and they belong to that form.
 */
export const namesAnother = (row: Row, b: Building | null): boolean => {
  if (!row.paragraph || b?.form.project == null) return false;
  const m = KEY_VALUE.exec(freshCells(row)[0]!.text);
  return m != null && metaField(m[1]!) === 'project' && m[2]!.trim() !== b.form.project;
};
