// Test support: the hand-checked gold forms as an Extraction over their seed document, so the
// rules can be measured against the gold anomalies. Gold has no provenance; each form gets a
// synthetic one from where its indicator names and total score are printed, found in order.
import { readFileSync, readdirSync } from 'node:fs';
import type { Anomaly, ExtractDoc, Extraction, FormX, IndicatorX, Prov, ProvMap, SourceDocument, TextLine } from '@ziping/core';
import { textToLines } from '@ziping/ingest';

const FIXTURES = new URL('../../../../fixtures/', import.meta.url);

export const goldStems = (): string[] =>
  readdirSync(new URL('gold/forms/', FIXTURES)).filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -5)).sort();

export function seedDoc(stem: string): SourceDocument {
  const text = readFileSync(new URL(`seeds/${stem}.txt`, FIXTURES), 'utf8');
  const lines = textToLines(text);
  return { name: `${stem}.txt`, path: `fixtures/seeds/${stem}.txt`, mediaType: 'text/plain', sha256: '', bytes: text.length, pageCount: 1, lines, blocks: [] };
}

export const goldDoc = (stem: string): ExtractDoc =>
  JSON.parse(readFileSync(new URL(`gold/forms/${stem}.json`, FIXTURES), 'utf8')) as ExtractDoc;

const squash = (s: string): string => s.replace(/\s+/g, '');
const tokens = (l: TextLine): number[] =>
  l.text.split(/[\t ]+/).map((t) => t.replace(/,/g, '')).filter((t) => /^\d+(\.\d+)?$/.test(t)).map(Number);
const prov = (l: TextLine): Prov => ({ page: l.page, line: l.line });
const provAt = (field: string, l: TextLine | undefined): ProvMap => (l ? { [field]: prov(l) } : {});
/** A table row rather than a sentence that happens to repeat the figure. */
const isRow = (l: TextLine): boolean => l.text.replace(/[\d.,\s\t%—-]/g, '').length < 20;

/** The gold forms with provenance where it can be found: indicator names, then the total. */
export function goldExtraction(gold: ExtractDoc, doc: SourceDocument): Extraction {
  let cursor = 0;
  const forms: FormX[] = gold.forms.map((f) => {
    const after = doc.lines.slice(cursor);
    const indicators: IndicatorX[] = f.indicators.map((r) => {
      const l = after.find((x) => squash(x.text).includes(squash(r.name)));
      return { ...r, prov: provAt('name', l) };
    });
    const lastRow = Math.max(cursor, ...indicators.map((r) => r.prov.name?.line ?? 0));
    const totalLine = f.total_score == null ? undefined
      : doc.lines.slice(lastRow).find((l) => isRow(l) && tokens(l).some((n) => Math.abs(n - f.total_score!) < 1e-9));
    const lines = [...indicators.flatMap((r) => r.prov.name ? [r.prov.name.line] : []), ...(totalLine ? [totalLine.line] : [])];
    if (lines.length) cursor = Math.max(...lines);
    return {
      ...f,
      funding: f.funding.map((r) => ({ ...r, prov: {} })),
      indicators,
      prov: provAt('total_score', totalLine),
    };
  });
  return { source: gold.source, forms, tables: [], anomalies: [] };
}

export interface Score { tp: number; fp: number; fn: number; precision: number; recall: number; f1: number }

const key = (a: Anomaly): string => `${a.rule}|${a.form}|${a.indicator ?? ''}`;

/** Anomalies matched as a multiset of rule + form + indicator keys. */
export function score(mine: Anomaly[], gold: Anomaly[]): Score {
  const want = new Map<string, number>();
  for (const a of gold) want.set(key(a), (want.get(key(a)) ?? 0) + 1);
  let tp = 0;
  for (const a of mine) {
    const n = want.get(key(a)) ?? 0;
    if (n > 0) { tp++; want.set(key(a), n - 1); }
  }
  return ratios(tp, mine.length - tp, gold.length - tp);
}

export function ratios(tp: number, fp: number, fn: number): Score {
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { tp, fp, fn, precision, recall, f1 };
}

const pct = (s: Score): string => `P ${s.precision.toFixed(3)} R ${s.recall.toFixed(3)} F1 ${s.f1.toFixed(3)} (tp ${s.tp} fp ${s.fp} fn ${s.fn})`;

/** The scores of several documents summed, each and the total logged. */
export function overall(results: { stem: string; score: Score }[]): Score {
  const sum = (k: 'tp' | 'fp' | 'fn') => results.reduce((n, r) => n + r.score[k], 0);
  const all = ratios(sum('tp'), sum('fp'), sum('fn'));
  for (const r of results) console.log(`${r.stem}: ${pct(r.score)}`);
  console.log(`overall: ${pct(all)}`);
  return all;
}
