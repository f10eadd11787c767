// Office Open XML containers (.xlsx/.xlsm, .docx): a ZIP of XML parts. fflate (small, pure JS,
// already in the lockfile) lists the ZIP's directory without inflating anything, so sniffing is
// cheap, and inflates only the XML parts a reader asks for (never media or vbaProject.bin).
// The XML parse is our own ~40 lines: the parts are machine-written, we need element order,
// local names (some writers use `x:`/`w:` prefixes, some a default namespace) and attributes,
// and a tolerant reader that skips what it does not know instead of failing on it.
import type { MediaType } from '@ziping/core';
import { unzipSync } from 'fflate';

export type OfficeKind = 'xlsx' | 'docx';
export const OFFICE_TYPE = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const satisfies Record<OfficeKind, MediaType>;

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const starts = (buf: Uint8Array, magic: number[]) => magic.every((b, i) => buf[i] === b);

/** Bound on the unpacked XML a reader will inflate: a zip bomb stops here, not in memory. */
export const MAX_UNPACKED = 256 * 1024 * 1024;

/** The ZIP's entry names, or null when the bytes are not a readable ZIP (truncated, corrupt). */
export function zipNames(buf: Uint8Array): string[] | null {
  if (!starts(buf, ZIP)) return null;
  const names: string[] = [];
  try {
    unzipSync(buf, { filter: (f) => { names.push(f.name); return false; } });
  } catch {
    return null;
  }
  return names;
}

/** Which Office document a ZIP holds, by its main part (a macro-enabled .xlsm has the same parts). */
export function officeKind(buf: Uint8Array): OfficeKind | null {
  const names = zipNames(buf);
  if (!names?.includes('[Content_Types].xml')) return null;
  if (names.includes('xl/workbook.xml')) return 'xlsx';
  if (names.includes('word/document.xml')) return 'docx';
  return null;
}

/** Why bytes that are not a readable document look like an Office file, if they do. */
export function officeProblem(buf: Uint8Array): { code: 'UNSUPPORTED_TYPE' | 'UNREADABLE'; detail: string } | null {
  // Encrypted OOXML is wrapped in an OLE compound file, like the legacy binary formats.
  if (starts(buf, OLE)) return { code: 'UNSUPPORTED_TYPE', detail: 'an encrypted or legacy Office file (.xls/.doc/password-protected): save it as .xlsx/.docx or PDF' };
  if (!starts(buf, ZIP)) return null;
  if (zipNames(buf) === null) return { code: 'UNREADABLE', detail: 'a corrupt or truncated ZIP (Office) file' };
  return { code: 'UNSUPPORTED_TYPE', detail: 'a ZIP archive that is not an .xlsx or .docx (e.g. .xlsb, .pptx, .odt): save it as .xlsx/.docx or PDF' };
}

/** The XML parts of the package (and their .rels), as text, keyed by entry name. */
export function unpackXml(buf: Uint8Array): Map<string, string> {
  let total = 0;
  const files = unzipSync(buf, {
    filter: (f) => {
      if (!/\.(xml|rels)$/i.test(f.name)) return false;
      total += f.originalSize;
      if (total > MAX_UNPACKED) throw new Error(`more than ${MAX_UNPACKED >> 20} MB of XML when unpacked`);
      return true;
    },
  });
  const out = new Map<string, string>();
  for (const [name, bytes] of Object.entries(files)) {
    const le = bytes[0] === 0xff && bytes[1] === 0xfe;
    out.set(name, new TextDecoder(le ? 'utf-16le' : 'utf-8').decode(bytes));
  }
  return out;
}

/** Targets of a part's relationships by id, as entry names (`xl/worksheets/sheet1.xml`). */
export function relationships(parts: Map<string, string>, part: string): Map<string, { type: string; path: string }> {
  const dir = part.slice(0, part.lastIndexOf('/') + 1);
  const xml = parts.get(`${dir}_rels/${part.slice(dir.length)}.rels`);
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
