// Budget and final-account tables (预算 / 决算 reports) → BudgetTableX[], in document order.
// Tables inside self-evaluation forms are left to the form parsers.
import type { BudgetTableX, TextLine } from '@ziping/core';
import { provOf } from '../form.ts';
import { inRegions, type Region } from '../target/regions.ts';
import { findBlocks, isPageNoise, type Block } from './blocks.ts';
import { hintBook } from './hints.ts';
import type { TableLine } from './lines.ts';
import { fit, type Part } from './part.ts';
import { readGrid } from './grid.ts';
import { readLoose } from './loose.ts';
import { decimalsOf } from './tokens.ts';

interface Group { first: Block; last: Block; parts: Part[] }

export function reconstructTables(lines: TableLine[], regions: Pick<Region, 'start' | 'end'>[] = []): BudgetTableX[] {
  const inForm = inRegions(lines.length, regions);
  const tables: BudgetTableX[] = [];
  const book = hintBook();
  let group: Group | null = null;
  const flush = () => {
    if (group) {
      const t = toTable(lines, group);
      if (t) { tables.push(t); book.add(t); }
    }
    group = null;
  };
  const blocks = findBlocks(lines, inForm).filter((x) => x.budget);
  const decimals = decimalsOf(blocks.flatMap((b) => lines.slice(b.head, b.end).map((l) => l.text)));
  for (const b of blocks) {
    const body = lines.slice(b.head, b.end).filter((l) => !isPageNoise(l, b.title));
    const nonBlank = body.filter((l) => l.text.trim() !== '');
    // cells in their columns (a table's grid), or rows whose blank cells left no trace (loose)
    const columned = nonBlank.length > 0 && nonBlank.filter((l) => !l.loose && l.cells.length > 1).length >= nonBlank.length * 0.3;
    const g = group as Group | null;
    // a further page of the table before: same code and title, its header repeated
    const continued = g !== null && g.first.title === b.title && (g.first.code === b.code || b.code === null);
    if (!continued) flush();
    const inherited = continued ? g!.parts[0]!.head : [];
    const part = columned
      ? readGrid(body, inherited)
      : readLoose(body, { decimals, inherited, hints: book.hints });
    if (continued) { g!.parts.push(part); g!.last = b; } else group = { first: b, last: b, parts: [part] };
  }
  flush();
  return tables;
}

/** Stitch a table's pages: side by side, each side's rows over all pages, income side first. */
function toTable(lines: TextLine[], g: Group): BudgetTableX | null {
  const columns = g.parts.reduce((a, p) => (p.columns.length > a.length ? p.columns : a), [] as string[]);
  const width = Math.max(0, ...g.parts.map((p) => p.sides.length));
  const rows = [...Array(width).keys()].flatMap((s) => g.parts.flatMap((p) => p.sides[s] ?? []));
  // a table printed with nothing in it (no labels, only zeros) is not reported
  if (rows.every((r) => r.label === '' && r.values.every((v) => v === null || v === 0))) return null;
  return {
    title: g.first.title,
    code: g.first.code,
    entity: g.first.entity,
    amount_unit: g.first.unit,
    columns,
    rows: rows.map((r) => ({ ...r, values: fit(r.values, columns.length) })),
    prov: {
      table: provOf(lines[g.first.start]!, lines[lastNonBlank(lines, g.first.start, g.last.end)]!),
      ...Object.fromEntries(Object.entries(g.first.at).map(([field, i]) => [field, provOf(lines[i]!)])),
    },
  };
}

function lastNonBlank(lines: TextLine[], from: number, end: number): number {
  let i = end - 1;
  while (i > from && lines[i]!.text.trim() === '') i--;
  return i;
}
