// Office Open XML containers (.xlsx/.xlsm, .docx/.docm): a ZIP of XML parts. zip.ts lists the
// ZIP's directory without inflating anything, so sniffing is cheap, and inflates only the XML
// parts a reader asks for (never media or vbaProject.bin: macros are ignored), each bounded and
// CRC-checked. The XML parse is our own ~40 lines: the parts are machine-written, we need element
// order, local names (some writers use `x:`/`w:` prefixes, some a default namespace) and
// attributes, and a tolerant reader that skips what it does not know instead of failing on it.
import type { MediaType } from '@ziping/core';
import { listZip, readEntry, ZipError } from './zip.ts';
import type { ZipEntry } from './zipdir.ts';

export type OfficeKind = 'xlsx' | 'docx';
export const OFFICE_TYPE = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const satisfies Record<OfficeKind, MediaType>;

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const starts = (buf: Uint8Array, magic: number[]) => magic.every((b, i) => buf[i] === b);

/**
 * Most XML one document may unpack (all parts read, together): 64 MiB. A real form workbook or
 * document is a few MB of XML; past this it is a zip bomb or a data dump, not a form, and is
 * refused with TOO_LARGE before the part that would cross it is inflated (declared sizes are
 * checked first, and no part inflates past its declared size).
 */
export const MAX_UNPACKED_BYTES = 64 * 1024 * 1024;

const mib = (n: number) =>
  n >= 2 ** 20 ? `${Math.round((n / 2 ** 20) * 10) / 10} MiB` : n >= 1024 ? `${Math.round(n / 1024)} KiB` : `${n} bytes`;

/** The ZIP's entry names, or null when the bytes are not a readable ZIP (truncated, corrupt). */
export function zipNames(buf: Uint8Array): string[] | null {
  if (!starts(buf, ZIP)) return null;
  try {
    return listZip(buf).map((e) => e.name);
  } catch {
    return null;
  }
}

/**
 * Which Office document a ZIP holds, by its main part. Macro-enabled files (.xlsm, .docm, content
 * type `application/vnd.ms-excel.sheet.macroEnabled.main+xml` …) have the same parts plus
 * vbaProject.bin, and are read the same way.
 */
export function officeKind(buf: Uint8Array): OfficeKind | null {
  const names = zipNames(buf);
  return names ? officeKindOf(names) : null;
}

/** The same, from the ZIP's entry names (the API lists a ZIP on disk itself, without reading it whole). */
export function officeKindOf(entryNames: Iterable<string>): OfficeKind | null {
  const names = new Set([...entryNames].map((n) => n.toLowerCase()));
  if (!names.has('[content_types].xml')) return null;
  if (names.has('xl/workbook.xml')) return 'xlsx';
  if (names.has('word/document.xml')) return 'docx';
  return null;
}

/** Why a ZIP that is not a readable Office document was refused, if it looks like one. */
export function officeProblem(buf: Uint8Array): { code: 'UNSUPPORTED_TYPE' | 'UNREADABLE'; detail: string } | null {
  if (!starts(buf, ZIP)) return null;
  try {
    listZip(buf);
  } catch (e) {
    return { code: 'UNREADABLE', detail: `a corrupt or truncated ZIP (Office) file: ${(e as Error).message}` };
  }
  return { code: 'UNSUPPORTED_TYPE', detail: 'a ZIP archive that is not an .xlsx or .docx (e.g. .xlsb, .pptx, .odt): save it as .xlsx/.docx or PDF' };
}

/** The parts of an Office package, inflated on demand, within one budget of MAX_UNPACKED_BYTES. */
export interface OfficePackage {
  names: string[];
  /** The part as text (UTF-8, or UTF-16 with BOM), undefined when absent. Throws ZipError. */
  text(name: string): string | undefined;
}

export function openPackage(buf: Uint8Array, limit = MAX_UNPACKED_BYTES): OfficePackage {
  const entries = listZip(buf);
  // Part names are case-insensitive in OPC; a producer may spell a target differently from the entry.
  const byName = new Map<string, ZipEntry>();
  for (const e of entries) if (!byName.has(e.name.toLowerCase())) byName.set(e.name.toLowerCase(), e);
  const cache = new Map<string, string>();
  let used = 0;
  return {
    names: entries.map((e) => e.name),
    text(name) {
      const e = byName.get(name.toLowerCase());
      if (!e) return undefined;
      const done = cache.get(e.name);
      if (done !== undefined) return done;
      if (used + e.size > limit) {
        throw new ZipError('too-large', `${e.name} unpacks to ${mib(e.size)}${e.size <= limit ? ` after ${mib(used)} of other parts` : ''}, over the limit of ${mib(limit)} of XML per document (MAX_UNPACKED_BYTES)`);
      }
      const bytes = readEntry(buf, e, limit - used);
      used += bytes.length;
      const le = bytes[0] === 0xff && bytes[1] === 0xfe;
      const be = bytes[0] === 0xfe && bytes[1] === 0xff;
      const text = new TextDecoder(le ? 'utf-16le' : be ? 'utf-16be' : 'utf-8').decode(bytes);
      cache.set(e.name, text);
      return text;
    },
  };
}

/** Targets of a part's relationships by id, as entry names (`xl/worksheets/sheet1.xml`). */
export function relationships(pkg: OfficePackage, part: string): Map<string, { type: string; path: string }> {
  const dir = part.slice(0, part.lastIndexOf('/') + 1);
  const xml = pkg.text(`${dir}_rels/${part.slice(dir.length)}.rels`);
  const out = new Map<string, { type: string; path: string }>();
  if (!xml) return out;
  scanXml(xml, {
    open: (name, a) => {
      if (name !== 'Relationship' || !a.Id || !a.Target || a.TargetMode === 'External') return;
      out.set(a.Id, { type: a.Type?.slice(a.Type.lastIndexOf('/') + 1) ?? '', path: resolvePath(dir, a.Target) });
    },
  });
  return out;
}

function resolvePath(dir: string, target: string): string {
  const out: string[] = [];
  for (const seg of (target.startsWith('/') ? target.slice(1) : dir + target).split('/')) {
    if (seg === '..') out.pop();
    else if (seg !== '.' && seg !== '') out.push(seg);
  }
  return out.join('/');
}

export interface XmlEl { name: string; attrs: Record<string, string>; children: XmlNode[] }
export type XmlNode = XmlEl | string;
interface Handler { open?(name: string, attrs: Record<string, string>, empty: boolean): void; close?(name: string): void; text?(t: string): void }

const TOKEN = /<!--[\s\S]*?-->|<!\[CDATA\[([\s\S]*?)\]\]>|<[?!][^>]*>|<(\/?)([^\s/>]+)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>|([^<]+)/g;
const ATTR = /([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const ENTITY = /&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const local = (name: string) => name.slice(name.indexOf(':') + 1);

export const decodeEntities = (s: string) =>
  !s.includes('&') ? s : s.replace(ENTITY, (m, e: string) => {
    if (e[0] !== '#') return NAMED[e.toLowerCase()] ?? m;
    const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
  });

/** Events for each element (local names, prefixes dropped) and text run, in document order. */
export function scanXml(xml: string, h: Handler): void {
  for (const m of xml.matchAll(TOKEN)) {
    if (m[6] !== undefined) { h.text?.(decodeEntities(m[6])); continue; }
    if (m[1] !== undefined) { h.text?.(m[1]); continue; }
    if (m[3] === undefined) continue; // comment, declaration, processing instruction
    const name = local(m[3]);
    if (m[2] === '/') { h.close?.(name); continue; }
    const attrs: Record<string, string> = {};
    ATTR.lastIndex = 0;
    for (let a = ATTR.exec(m[4]!); a; a = ATTR.exec(m[4]!)) attrs[local(a[1]!)] = decodeEntities(a[2] ?? a[3] ?? '');
    h.open?.(name, attrs, m[5] === '/');
    if (m[5] === '/') h.close?.(name);
  }
}

/** A tree of the part; a stray end tag closes up to its match or is ignored, unclosed ones end at the end. */
export function parseXml(xml: string): XmlEl {
  const root: XmlEl = { name: '#root', attrs: {}, children: [] };
  const stack = [root];
  scanXml(xml, {
    open: (name, attrs) => {
      const el: XmlEl = { name, attrs, children: [] };
      stack.at(-1)!.children.push(el);
      stack.push(el);
    },
    close: (name) => {
      let i = stack.length - 1;
      while (i > 0 && stack[i]!.name !== name) i--;
      if (i > 0) stack.length = i;
    },
    text: (t) => { stack.at(-1)!.children.push(t); },
  });
  return root;
}

export const elements = (el: XmlEl, name?: string): XmlEl[] =>
  el.children.filter((c): c is XmlEl => typeof c !== 'string' && (name === undefined || c.name === name));

/** The first element of that name, depth first. */
export function find(el: XmlEl, name: string): XmlEl | undefined {
  for (const c of elements(el)) {
    if (c.name === name) return c;
    const f = find(c, name);
    if (f) return f;
  }
  return undefined;
}
