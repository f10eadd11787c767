// PDFium (Chrome's PDF engine, BSD-licensed; the WebAssembly build of @embedpdf/pdfium, MIT)
// reads a page's characters and painted paths. It replaced pdfjs here: pdfjs compiles every
// embedded font to OpenType for a renderer this program does not have, and clones each page's
// operators between its two halves: about three times PDFium's CPU on a long PDF (profiles of
// the 301-page bench PDF).
// Only the raw C exports are called (no per-call argument conversion); numbers come back
// through one scratch block on the wasm heap.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { InputError } from '@ziping/core/errors';
import { apply, mul, type Matrix, type PaintedPath } from './geometry.ts';

type Module = Record<string, (...args: number[]) => number> & {
  HEAPU8: Uint8Array; HEAP32: Int32Array; HEAPF32: Float32Array; HEAPF64: Float64Array;
};

let compiled: WebAssembly.Module | null = null;
let loading: Promise<Module> | null = null;

/**
 * The compiled engine, once per process. V8 compiles wasm lazily, so this takes milliseconds;
 * a page worker is handed the calling thread's, whose code V8 has already optimised, instead
 * of compiling and optimising 4.6 MB of wasm again.
 */
export function pdfiumModule(given?: WebAssembly.Module): WebAssembly.Module {
  if (given) compiled = given;
  compiled ??= new WebAssembly.Module(readFileSync(createRequire(import.meta.url).resolve('@embedpdf/pdfium/pdfium.wasm')));
  return compiled;
}

/**
 * The engine, once per thread: its wasm comes from node_modules, nothing is fetched. The
 * functions are the wasm's own exports: the package's wrappers check each call's arguments
 * and copy them (about 0.1 s of the 301-page bench PDF's 3 s, in a profile).
 */
export function loadPdfium(): Promise<Module> {
  loading ??= (async () => {
    const wasm = pdfiumModule();
    const { init } = await import('@embedpdf/pdfium');
    const wrapped = await init({
      instantiateWasm: (imports: WebAssembly.Imports, done: (i: WebAssembly.Instance, m: WebAssembly.Module) => void) => {
        void WebAssembly.instantiate(wasm, imports).then((instance) => done(instance, wasm));
        return {};
      },
    } as never);
    wrapped.PDFiumExt_Init();
    const m = wrapped.pdfium as unknown as Module & { wasmExports: Record<string, unknown> };
    for (const [name, f] of Object.entries(m.wasmExports)) if (typeof f === 'function' && `_${name}` in m) (m as Record<string, unknown>)[`_${name}`] = f;
    return m;
  })();
  loading.catch(() => { loading = null; });
  return loading;
}

/** A wasm trap (PDFium hit something it could not handle) leaves the instance unusable: the next document gets a new one. */
export function dropEngine(): void {
  loading = null;
}

// FPDF_GetLastError codes, and what they mean
const ERR_PASSWORD = 4;
const ERRORS: Record<number, string> = { 2: 'the file cannot be opened', 3: 'not in PDF format, or damaged', 5: 'an unsupported security scheme', 6: 'a page cannot be read' };
// FPDFPageObj_GetType (text comes from the text page, which reads forms too)
const PATH = 2, IMAGE = 3, FORM = 5;
// FPDFPathSegment_GetType
const LINETO = 0, BEZIERTO = 1, MOVETO = 2;

/** One character as PDFium placed it, in PDF user space. */
export interface Glyph {
  ch: string;
  /** baseline origin */
  x: number; y: number;
  /** unit vector along the baseline */
  ux: number; uy: number;
  /** font size in user space */
  size: number;
  /** where the glyph's advance ends, along the baseline, from its origin */
  advance: number;
  /** no Unicode mapping for the glyph */
  unmapped: boolean;
  /** the font's handle: a change of font starts a new run, as in pdfjs */
  font: number;
}

/**
 * A page as PDFium gave it, its numbers in two flat buffers that pass between threads without
 * a copy (a worker reads the page, the calling thread lays it out): see `glyphsOf` and `pathsOf`.
 */
export interface RawPage {
  /** pdfjs-style viewport transform: user space → points from the top-left of the displayed (rotated) page */
  base: Matrix;
  width: number;
  height: number;
  /** GLYPH numbers per character: code point, x, y, ux, uy, size, advance, unmapped (0 or 1), font */
  glyphs: Float64Array;
  /** per path: flags (1 stroked, 2 filled), its subpaths' count, and per subpath its points' count and x, y of each */
  paths: Float64Array;
  images: number;
}

const GLYPH = 9;

export function glyphsOf(f: Float64Array): Glyph[] {
  const out: Glyph[] = [];
  for (let k = 0; k + GLYPH <= f.length; k += GLYPH) {
    const code = f[k]!;
    out.push({ ch: code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd', x: f[k + 1]!, y: f[k + 2]!, ux: f[k + 3]!, uy: f[k + 4]!, size: f[k + 5]!, advance: f[k + 6]!, unmapped: f[k + 7] === 1, font: f[k + 8]! });
  }
  return out;
}

export function pathsOf(f: Float64Array): PaintedPath[] {
  const out: PaintedPath[] = [];
  for (let k = 0; k < f.length;) {
    const flags = f[k++]!;
    const polys: [number, number][][] = [];
    for (let n = f[k++]!; n > 0; n--) {
      const poly: [number, number][] = [];
      for (let m = f[k++]!; m > 0; m--, k += 2) poly.push([f[k]!, f[k + 1]!]);
      polys.push(poly);
    }
    out.push({ polys, stroked: (flags & 1) !== 0, filled: (flags & 2) !== 0 });
  }
  return out;
}

/** A path as pathsOf reads it back. */
function pushPath(out: Numbers, { polys, stroked, filled }: PaintedPath): void {
  out.push((stroked ? 1 : 0) | (filled ? 2 : 0), polys.length);
  for (const poly of polys) {
    out.push(poly.length);
    for (const [x, y] of poly) out.push(x, y);
  }
}

/** A Float64Array that grows as numbers are pushed. */
class Numbers {
  private a = new Float64Array(1024);
  private n = 0;
  push(...xs: number[]): void {
    if (this.n + xs.length > this.a.length) {
      const b = new Float64Array(Math.max(2 * this.a.length, this.n + xs.length));
      b.set(this.a);
      this.a = b;
    }
    for (const x of xs) this.a[this.n++] = x;
  }
  done(): Float64Array {
    return this.a.slice(0, this.n);
  }
}

/** PDFium keeps every font and object it parsed until the document is closed: it is reopened after this many pages. */
export const RELEASE_EVERY = 32;

export class PdfiumDoc {
  private scratch: number;
  private loaded = 0;
  private constructor(private m: Module, private bytes: number, private size: number, private doc: number, readonly numPages: number) {
    this.scratch = m._malloc!(64);
  }

  /** Opens a PDF; one PDFium cannot open is a typed error naming the file. */
  static async open(buf: Uint8Array, path: string): Promise<PdfiumDoc> {
    const m = await loadPdfium();
    const bytes = m._malloc!(buf.byteLength);
    m.HEAPU8.set(buf, bytes);
    let doc;
    try {
      doc = m._FPDF_LoadMemDocument!(bytes, buf.byteLength, 0);
    } catch (e) {
      dropEngine();
      throw new InputError('CORRUPT_PDF', path, `not a readable PDF (${(e as Error).message})`);
    }
    if (!doc) {
      const err = m._FPDF_GetLastError!();
      m._free!(bytes);
      if (err === ERR_PASSWORD) throw new InputError('ENCRYPTED_PDF', path, 'the PDF is password-protected');
      throw new InputError('CORRUPT_PDF', path, `not a readable PDF (${ERRORS[err] ?? `PDFium error ${err}`})`);
    }
    const pages = m._FPDF_GetPageCount!(doc);
    return new PdfiumDoc(m, bytes, buf.byteLength, doc, pages);
  }

  /**
   * Lets go of what PDFium keeps from the pages read so far (parsed objects, fonts): the
   * document is opened again from the same bytes. The wasm heap never shrinks, so this bounds
   * its peak on a long PDF.
   */
  private release(): void {
    this.m._FPDF_CloseDocument!(this.doc);
    this.doc = this.m._FPDF_LoadMemDocument!(this.bytes, this.size, 0);
    if (!this.doc) throw new Error('PDFium could not open the document again'); // it opened once from these bytes
  }

  /** `n` floats the last call wrote at `at` (by default the scratch block). */
  private floats(n: number, at = this.scratch): number[] {
    const f = this.m.HEAPF32; // read anew: the heap's view changes when it grows
    const out: number[] = [];
    for (let k = at / 4; out.length < n; k++) out.push(f[k]!);
    return out;
  }

  close(): void {
    if (!this.doc) return;
    const doc = this.doc;
    this.doc = 0;
    try {
      this.m._FPDF_CloseDocument!(doc);
      this.m._free!(this.bytes);
      this.m._free!(this.scratch);
    } catch {
      dropEngine(); // it trapped before: the instance is dropped, and its memory with it
    }
  }

  /** Page p (1-based): its characters and paths; null when PDFium cannot load it. */
  page(p: number): RawPage | null {
    if (++this.loaded % RELEASE_EVERY === 0) this.release();
    const m = this.m;
    const page = m._FPDF_LoadPage!(this.doc, p - 1);
    if (!page) return null;
    try {
      const { base, width, height } = this.viewport(page);
      const glyphs = this.glyphs(page);
      const out = { paths: new Numbers(), images: 0 };
      const n = m._FPDFPage_CountObjects!(page);
      for (let i = 0; i < n; i++) this.walk(m._FPDFPage_GetObject!(page, i), [1, 0, 0, 1, 0, 0], out, 0);
      return { base, width, height, glyphs, paths: out.paths.done(), images: out.images };
    } finally {
      m._FPDF_ClosePage!(page);
    }
  }

  /** The transform pdfjs' getViewport({ scale: 1 }) gives: the page's box (crop ∩ media), turned by /Rotate, y down. */
  private viewport(page: number): { base: Matrix; width: number; height: number } {
    const m = this.m;
    const s = this.scratch;
    m._FPDF_GetPageBoundingBox!(page, s); // FS_RECTF: left, top, right, bottom
    const [l, t, r, b] = this.floats(4) as [number, number, number, number];
    const x0 = Math.min(l, r), x1 = Math.max(l, r), y0 = Math.min(t, b), y1 = Math.max(t, b);
    const w = x1 - x0, h = y1 - y0;
    switch (((m._FPDFPage_GetRotation!(page) % 4) + 4) % 4) {
      case 1: return { base: [0, 1, 1, 0, -y0, -x0], width: h, height: w };
      case 2: return { base: [-1, 0, 0, 1, x1, -y0], width: w, height: h };
      case 3: return { base: [0, -1, -1, 0, y1, x1], width: h, height: w };
      default: return { base: [1, 0, 0, -1, -x0, y1], width: w, height: h };
    }
  }

  private glyphs(page: number): Float64Array {
    const m = this.m;
    const s = this.scratch;
    const tp = m._FPDFText_LoadPage!(page);
    if (!tp) return new Float64Array(0);
    const out = new Numbers();
    try {
      const n = m._FPDFText_CountChars!(tp);
      let obj = -1;
      let ux = 1, uy = 0, size = 0, font = 0, fontSize = 0, scale = 1;
      for (let i = 0; i < n; i++) {
        if (m._FPDFText_IsGenerated!(tp, i) === 1) continue; // PDFium's own spaces and line ends
        const code = m._FPDFText_GetUnicode!(tp, i);
        const o = m._FPDFText_GetTextObject!(tp, i);
        if (o !== obj) {
          obj = o;
          m._FPDFText_GetMatrix!(tp, i, s); // FS_MATRIX a b c d e f: the text object's matrix, without its font size
          const [a, bb, c, d] = this.floats(4) as [number, number, number, number];
          const len = Math.hypot(a, bb) || 1;
          ux = a / len;
          uy = bb / len;
          fontSize = m._FPDFText_GetFontSize!(tp, i);
          size = fontSize * (Math.hypot(c, d) || 1);
          scale = len;
          font = m._FPDFTextObj_GetFont!(o);
        }
        m._FPDFText_GetCharOrigin!(tp, i, s, s + 8);
        const x = m.HEAPF64[s / 8]!, y = m.HEAPF64[s / 8 + 1]!;
        let advance = 0;
        if (font && m._FPDFFont_GetGlyphWidth!(font, code, fontSize, s + 16)) advance = m.HEAPF32[(s + 16) / 4]! * scale;
        else if (m._FPDFText_GetLooseCharBox!(tp, i, s + 16)) {
          const [l, t, r, b] = this.floats(4, s + 16) as [number, number, number, number];
          // the box's far edge along the baseline
          for (const [bx, by] of [[l, t], [r, b], [l, b], [r, t]] as const) {
            advance = Math.max(advance, (bx - x) * ux + (by - y) * uy);
          }
        }
        out.push(code || 0xfffd, x, y, ux, uy, size, advance, m._FPDFText_HasUnicodeMapError!(tp, i) === 1 ? 1 : 0, font); // as glyphsOf reads them
      }
    } finally {
      m._FPDFText_ClosePage!(tp);
    }
    return out.done();
  }

  /** Paths and images, into form XObjects, with each object's matrix composed onto its form's. */
  private walk(obj: number, outer: Matrix, out: { paths: Numbers; images: number }, depth: number): void {
    const m = this.m;
    const type = m._FPDFPageObj_GetType!(obj);
    if (type === IMAGE) out.images++;
    else if (type === PATH) {
      const path = this.path(obj, outer);
      if (path) pushPath(out.paths, path);
    } else if (type === FORM && depth < 16) {
      const inner = mul(outer, this.matrix(obj));
      const n = m._FPDFFormObj_CountObjects!(obj);
      for (let i = 0; i < n; i++) this.walk(m._FPDFFormObj_GetObject!(obj, i), inner, out, depth + 1);
    }
  }

  private matrix(obj: number): Matrix {
    const s = this.scratch;
    if (!this.m._FPDFPageObj_GetMatrix!(obj, s)) return [1, 0, 0, 1, 0, 0];
    return this.floats(6) as Matrix;
  }

  private path(obj: number, outer: Matrix): PaintedPath | null {
    const m = this.m;
    const s = this.scratch;
    if (!m._FPDFPath_GetDrawMode!(obj, s, s + 4)) return null;
    const filled = m.HEAP32[s / 4] !== 0;
    const stroked = m.HEAP32[s / 4 + 1] !== 0;
    if (!filled && !stroked) return null;
    const t = mul(outer, this.matrix(obj));
    const polys: [number, number][][] = [];
    let cur: [number, number][] = [];
    const n = m._FPDFPath_CountSegments!(obj);
    let curve = 0;
    for (let k = 0; k < n; k++) {
      const seg = m._FPDFPath_GetPathSegment!(obj, k);
      const type = m._FPDFPathSegment_GetType!(seg);
      m._FPDFPathSegment_GetPoint!(seg, s, s + 4);
      const [x, y] = this.floats(2) as [number, number];
      const pt = apply(t, x, y);
      if (type === MOVETO) {
        if (cur.length > 1) polys.push(cur);
        cur = [pt];
        curve = 0;
      } else if (type === LINETO) cur.push(pt);
      else if (type === BEZIERTO && ++curve % 3 === 0) cur.push(pt); // a curve's end point
      if (m._FPDFPathSegment_GetClose!(seg) && cur.length > 1) {
        const [a, b] = [cur[0]!, cur[cur.length - 1]!];
        if (a[0] !== b[0] || a[1] !== b[1]) cur.push(a); // closed back to its start, once
      }
    }
    if (cur.length > 1) polys.push(cur);
    return { polys, stroked, filled };
  }
}
