// A stored row carries the span it was read from (page, line..line_end, bbox) so SQL can
// join to source lines without unpacking the per-field map.
import type { Prov, ProvMap } from '@ziping/core';

export interface Span {
  page: number | null;
  line: number | null;
  line_end: number | null;
  bbox: number[] | null;
}

export const NO_SPAN: Span = { page: null, line: null, line_end: null, bbox: null };

export function spanOf(p: Prov | null | undefined): Span {
  if (!p) return NO_SPAN;
  return { page: p.page, line: p.line, line_end: p.lineEnd ?? p.line, bbox: p.bbox ?? null };
}

/** The span of the fields on the first page they occupy: a row torn over a page keeps its start. */
export function spanOfMap(map: ProvMap | undefined, whole?: string): Span {
  if (!map) return NO_SPAN;
  if (whole && map[whole]) return spanOf(map[whole]);
  const all = Object.values(map);
  if (all.length === 0) return NO_SPAN;
  const page = Math.min(...all.map((p) => p.page));
  const on = all.filter((p) => p.page === page);
  const boxes = on.flatMap((p) => (p.bbox ? [p.bbox] : []));
  return {
    page,
    line: Math.min(...on.map((p) => p.line)),
    line_end: Math.max(...on.map((p) => p.lineEnd ?? p.line)),
    bbox: boxes.length
      ? [
          Math.min(...boxes.map((b) => b[0])),
          Math.min(...boxes.map((b) => b[1])),
          Math.max(...boxes.map((b) => b[2])),
          Math.max(...boxes.map((b) => b[3])),
        ]
      : null,
  };
}
