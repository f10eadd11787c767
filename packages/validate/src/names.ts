// Project names in prose: a long report has hundreds of forms, so a passage is searched only
// for the names that can occur in it, not for every form's name in turn.

/** One project name and the forms that bear it (a long report repeats names). */
export interface Name { re: RegExp; forms: number[]; order: number }

/** Two UTF-16 code units as one number. */
const pair = (a: number, b: number): number => a * 0x10000 + b;
const SPACE = /\s/;

/**
 * The project names to look for, each filed under the pair of adjacent characters of it
 * that the fewest names share: a unit is searched only for the names whose pair it holds,
 * so the search costs the unit's length, not its length times the number of forms.
 */
export function nameIndex(forms: { project?: string | null }[]): Map<number, Name[]> {
  const byName = new Map<string, Name>();
  forms.forEach((f, i) => {
    // Names shorter than four characters (其他) occur in ordinary sentences.
    const bare = f.project?.replace(/\s+/g, '') ?? '';
    if (bare.length < 4) return;
    const known = byName.get(bare);
    if (known) known.forms.push(i);
    else byName.set(bare, { re: nameRegex(bare), forms: [i], order: byName.size });
  });
  const pairsOf = (bare: string): number[] => [...new Set(Array.from({ length: bare.length - 1 }, (_, k) => pair(bare.charCodeAt(k), bare.charCodeAt(k + 1))))];
  const count = new Map<number, number>();
  for (const bare of byName.keys()) for (const p of pairsOf(bare)) count.set(p, (count.get(p) ?? 0) + 1);
  const index = new Map<number, Name[]>();
  for (const [bare, name] of byName) {
    const key = pairsOf(bare).reduce((best, p) => (count.get(p)! < count.get(best)! ? p : best));
    const filed = index.get(key);
    if (filed) filed.push(name);
    else index.set(key, [name]);
  }
  return index;
}

/** The names that may occur in `text`: those whose pair it holds, adjacent or across one space (`\s?`). */
export function candidates(text: string, index: Map<number, Name[]>): Name[] {
  const found = new Set<Name>();
  const take = (p: number) => index.get(p)?.forEach((n) => found.add(n));
  for (let j = 0; j + 1 < text.length; j++) {
    const a = text.charCodeAt(j);
    take(pair(a, text.charCodeAt(j + 1)));
    if (j + 2 < text.length && SPACE.test(text[j + 1]!)) take(pair(a, text.charCodeAt(j + 2)));
  }
  return [...found].sort((x, y) => x.order - y.order);
}

const nameRegex = (bare: string): RegExp =>
  new RegExp([...bare].map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s?'), 'g');
