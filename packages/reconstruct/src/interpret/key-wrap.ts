// Key labels wrapped inside a narrow label cell (项目名 / 称, 实施单 / 位) as plain pdftotext
// prints them (LayoutParagraph.interleaved). The reader walks the table line by line across
// the cells of a row, so a wrapped label's pieces come apart: the first line of the label, the
// first lines of the cells beside it (its value, or the labels and values of the same table
// row), then the label's rest. Neither piece is a label, together they are; the joined label
// takes the first piece's place, so that the pairing of labels and values (key-column.ts) sees
// it where the label began. Where the label and its value alternate exactly (label, value,
// label's rest, value's rest: both cells wrapped over two lines), the value is joined too.
import type { Row } from './rows.ts';
import { metaField, sectionKind } from './vocabulary.ts';

/** Lines looked at between a label's pieces: the other cells of its table row. */
const MAX_BETWEEN = 4;

const textOf = (row: Row): string => row.slots[0]!.text;
const lineOf = (row: Row): number => row.slots[0]!.prov.line;
const pageOf = (row: Row): number => row.slots[0]!.prov.page;

/** A label a table row's key cell holds (not a block's heading of several rows). */
const keyText = (t: string): boolean => !/[:：]./.test(t) && [...t].length <= 12 && metaField(t) != null && sectionKind(t) == null;

/** A piece of a wrapped label: a few CJK characters, no figure, nothing the vocabulary knows. */
const pieceOf = (row: Row | undefined, max: number, known: (t: string) => boolean): boolean => {
  if (!row?.interleaved) return false;
  const t = textOf(row);
  return /^[\u3400-\u9fff（）()]+$/.test(t) && [...t].length <= max && !known(t);
};

/** Row `b` a line or a blank line below row `a`, on its page. */
const near = (a: Row, b: Row): boolean => pageOf(a) === pageOf(b) && lineOf(b) > lineOf(a) && lineOf(b) <= lineOf(a) + 2;

/** A value line: short text of no sentence, nothing the vocabulary knows. */
const valueLike = (row: Row | undefined, known: (t: string) => boolean): boolean =>
  !!row?.interleaved && [...textOf(row)].length <= 40 && !/[，。；;,:：]/.test(textOf(row)) && !known(textOf(row));

const withText = (row: Row, text: string): Row => {
  const { parts: _, ...rest } = row;
  return { ...rest, slots: [{ ...row.slots[0]!, text, raw: text }] };
};

/** The rows with wrapped key labels (and a value wrapped beside one) joined; `known` tells a line of the vocabulary. */
export function joinWrappedKeys(rows: Row[], known: (t: string) => boolean): Row[] {
  const out = rows.slice();
  const gone = new Set<Row>();
  for (let i = 0; i < out.length; i++) {
    const head = out[i]!;
    if (gone.has(head) || !pieceOf(head, 8, known)) continue;
    let j = i + 1;
    let chain = head;
    for (; j < out.length && j <= i + 1 + MAX_BETWEEN; j++) {
      const r = out[j]!;
      if (!r.paragraph || !near(chain, r)) { j = out.length; break; }
      chain = r;
      const joined = textOf(head) + textOf(r);
      if (pieceOf(r, 3, known) && (keyText(joined) || sectionKind(joined) != null)) break;
    }
    if (j >= out.length || j > i + 1 + MAX_BETWEEN) continue;
    const tail = out[j]!;
    out[i] = withText(head, textOf(head) + textOf(tail));
    gone.add(tail);
    // label, value, label's rest, value's rest, then a line the vocabulary knows (or none)
    const v1 = out[i + 1];
    const v2 = out[j + 1];
    const after = out[j + 2];
    if (keyText(textOf(out[i]!)) && j === i + 2 && v1 && v2 && valueLike(v1, known) && valueLike(v2, known) && near(tail, v2)
      && (!after || !near(v2, after) || !valueLike(after, known))) {
      out[i + 1] = withText(v1, textOf(v1) + textOf(v2));
      gone.add(v2);
    }
  }
  return out.filter((r) => !gone.has(r));
}
