// Shared by the review and document pages. Text from documents is only ever set as
// textContent (never parsed as HTML).
import { kindOf, t } from '/review/assets/i18n.js';

/** el('td', { class: 'n', dataset: { line: 3 } }, 'text', child…) */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'dataset') Object.assign(node.dataset, v);
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

export class HttpError extends Error {
  constructor(status, body) {
    super(body?.error?.message ?? `HTTP ${status}`);
    this.status = status;
    this.code = body?.error?.code;
  }
}

// The API key, entered on the review page, kept in this browser (the pages' CSP allows only
// their own scripts, so no other script can read it).
const KEY = 'ziping.key';
export const apiKey = () => localStorage.getItem(KEY) ?? '';
export const setApiKey = (key) => (key ? localStorage.setItem(KEY, key) : localStorage.removeItem(KEY));
const authHeaders = () => (apiKey() ? { authorization: `Bearer ${apiKey()}` } : {});
// left by the pages before keys
localStorage.removeItem('ziping.token');
localStorage.removeItem('ziping.reviewer');

export async function api(path, init = {}) {
  const res = await fetch(path, { ...init, headers: { ...authHeaders(), ...init.headers } });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new HttpError(res.status, body);
  return body;
}

/** Downloads `path` (an export) with the key, under the file name the API gives. */
export async function download(path) {
  const res = await fetch(path, { headers: authHeaders() });
  if (!res.ok) throw new HttpError(res.status, await res.json().catch(() => null));
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'export';
  const url = URL.createObjectURL(await res.blob());
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * Scrolls `box` (only) so that `child` sits about a third down it (and, with `x`, a third in
 * from its left: a wide sheet); the page itself does not move.
 */
export function scrollWithin(box, child, { x = false } = {}) {
  if (!box || !child) return;
  const at = child.getBoundingClientRect();
  const frame = box.getBoundingClientRect();
  box.scrollTop = Math.max(0, at.top - frame.top + box.scrollTop - box.clientHeight / 3);
  if (x) box.scrollLeft = Math.max(0, at.left - frame.left + box.scrollLeft - box.clientWidth / 3);
}

export const show = (v) => (v === null || v === undefined || v === '' ? '—' : String(v));

/** The lines a row or an evidence cites: 12, 12–14, or — for none. */
export const lineSpan = (r) => (r.line === null ? '—' : r.line_end && r.line_end !== r.line ? `${r.line}–${r.line_end}` : String(r.line));

/** A document's kind (pdf, image, xlsx…) as a badge. */
export function kindBadge(mediaType, name) {
  const kind = kindOf(mediaType, name);
  return el('span', { class: `badge kind kind-${kind}` }, t('kinds')[kind]);
}

/** A document's status (done, failed, queued, running) as a badge. */
export const statusBadge = (status) => el('span', { class: `badge status-${status}` }, t('statuses')[status] ?? status);

/** `lines` (a linesView) folded away under a summary, scrolled to their first cited line when opened. */
export function foldedLines(lines) {
  const folded = el('details', { class: 'source-lines' }, el('summary', {}, t('textLines')), lines);
  folded.addEventListener('toggle', () => scrollWithin(lines, lines.querySelector('.cited')));
  return folded;
}

/** Source lines with numbers; the lines in `cited` (a Set of line numbers) are highlighted. */
export function linesView(lines, cited = new Set()) {
  return el('div', { class: 'lines' }, lines.map((l) =>
    el('div', { id: `L${l.line}`, class: cited.has(l.line) ? 'cited' : null, dataset: { line: l.line, page: l.page } },
      el('span', { class: 'no' }, l.page > 1 || l.bbox ? `${l.page}:${l.line}` : l.line), l.text)));
}

/**
 * A table of the source as the API's /source sends it (a window of its rows, merged cells
 * with their spans), each row led by its number in the source; cells whose ref is in `cited`
 * (a Set) are highlighted. Above it: the sheet or table name and the cited refs.
 */
export function cellsView(t, cited = new Set()) {
  const hits = [...new Set(t.rows.flatMap((r) => r.cells).filter((c) => cited.has(c.ref)).map((c) => c.ref))];
  const span = (n) => (n > 1 ? n : null);
  const rows = t.rows.map((r) => el('tr', { dataset: { row: r.row } },
    el('td', { class: 'no' }, show(r.n)),
    r.cells.map((c) => el('td', {
      rowspan: span(c.rowSpan), colspan: span(c.colSpan), title: c.ref, class: cited.has(c.ref) ? 'cited' : null,
      dataset: c.ref ? { ref: c.ref } : {},
    }, c.text))));
  const first = t.rows[0]?.n, last = t.rows.at(-1)?.n;
  return el('div', { class: 'cells-view', dataset: { name: t.name } },
    el('p', { class: 'caption' }, el('b', { class: 'name' }, t.name), t.range ? ` (${t.range})` : '',
      hits.length ? [' · cited ', el('span', { class: 'refs' }, hits.join(', '))] : ''),
    el('div', { class: 'grid' }, el('table', {}, el('tbody', {}, rows))),
    t.truncated ? el('p', { class: 'note' }, `part of the table: ${t.rows.length} of its ${t.row_count} rows (${show(first)}–${show(last)}), ${t.col_count} columns`) : null);
}

// ── PDF pages, rendered by pdfjs-dist's browser build (served by the API) ──
let pdfjsLoaded = null;
const pdfs = new Map();

function pdfjs() {
  pdfjsLoaded ??= import('/review/pdfjs/pdf.min.mjs').then((lib) => {
    lib.GlobalWorkerOptions.workerSrc = '/review/pdfjs/pdf.worker.min.mjs';
    return lib;
  });
  return pdfjsLoaded;
}

function openPdf(lib, documentId) {
  let p = pdfs.get(documentId);
  if (!p) {
    p = lib.getDocument({
      url: `/documents/${documentId}/file`, httpHeaders: authHeaders(),
      cMapUrl: '/review/pdfjs/cmaps/', cMapPacked: true,
      standardFontDataUrl: '/review/pdfjs/standard_fonts/', wasmUrl: '/review/pdfjs/wasm/', iccUrl: '/review/pdfjs/iccs/',
      isEvalSupported: false,
    }).promise;
    p.catch(() => pdfs.delete(documentId));
    pdfs.set(documentId, p);
  }
  return p;
}

/** Outlines of `boxes` ({ bbox: [x0, y0, x1, y1] in points, top-left origin, ev }) at `scale` pixels a point. */
export function marksOf(boxes, scale) {
  return boxes.map(({ bbox: [x0, y0, x1, y1], ev }) => {
    const box = el('div', { class: 'box', dataset: ev === undefined ? {} : { ev } });
    const pad = 2;
    Object.assign(box.style, {
      left: `${x0 * scale - pad}px`, top: `${y0 * scale - pad}px`,
      width: `${(x1 - x0) * scale + 2 * pad}px`, height: `${(y1 - y0) * scale + 2 * pad}px`,
    });
    return box;
  });
}

/** Once drawn: the wrapper marked, and the first box of the first page brought into view in its scrolling pane. */
function drawn(wrap, sheet, children, marks) {
  sheet.replaceChildren(...children, ...marks);
  sheet.style.height = '';
  wrap.dataset.rendered = 'true';
  wrap.dispatchEvent(new Event('rendered'));
  wrap.dataset.boxes = String(marks.length);
  const pane = wrap.closest('.pane-scroll') ?? wrap;
  if (pane === wrap || pane.querySelector('.pdf') === wrap) scrollWithin(pane, marks[0]);
}

/** The page's frame; `height` (pixels) keeps its place until it is drawn. */
function pageFrame(pageNo, height) {
  const sheet = el('div', { class: 'sheet' }, el('p', { class: 'note' }, `… ${pageNo}`));
  if (height) sheet.style.height = `${Math.round(height)}px`;
  return { sheet, wrap: el('div', { class: 'pdf', dataset: { page: pageNo } }, sheet) };
}

/** Runs `draw` now, or with `lazy` once `wrap` comes near the visible part of the page: a long document draws only what is looked at. */
function when(lazy, wrap, draw) {
  if (!lazy) { draw(); return; }
  const seen = new IntersectionObserver((entries) => {
    if (!entries.some((e) => e.isIntersecting)) return;
    seen.disconnect();
    draw();
  }, { rootMargin: '600px 0px' });
  seen.observe(wrap);
}

const failedDrawing = (wrap, sheet) => (e) => {
  sheet.replaceChildren(el('p', { class: 'problem' }, `${e.message}`));
  wrap.dataset.rendered = 'failed';
};

/**
 * Page `pageNo` of the document's PDF (text or scanned), `width` pixels wide, each box
 * outlined. The wrapper gets data-rendered (and a `rendered` event) once drawn. With `lazy`,
 * drawn when scrolled near, `height` pixels high until then.
 */
export function pdfPageView(documentId, pageNo, boxes, width, { lazy = false, height } = {}) {
  const { sheet, wrap } = pageFrame(pageNo, lazy && height);
  when(lazy, wrap, () => (async () => {
    const lib = await pdfjs();
    const pdf = await openPdf(lib, documentId);
    const page = await pdf.getPage(pageNo);
    const scale = width / page.getViewport({ scale: 1 }).width;
    const viewport = page.getViewport({ scale });
    const ratio = window.devicePixelRatio || 1;
    const canvas = el('canvas', { width: Math.floor(viewport.width * ratio), height: Math.floor(viewport.height * ratio) });
    canvas.style.width = `${Math.floor(viewport.width)}px`;
    canvas.style.height = `${Math.floor(viewport.height)}px`;
    await page.render({
      canvas, canvasContext: canvas.getContext('2d'), viewport, transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0],
    }).promise;
    drawn(wrap, sheet, [canvas], marksOf(boxes, scale));
  })().catch(failedDrawing(wrap, sheet)));
  return wrap;
}

// an image's bytes, fetched with the key (an <img src> would go without it)
const images = new Map();

/**
 * A scanned page stored as an image (PNG, JPEG), `width` pixels wide, each box outlined; the
 * boxes are in the page's points (`size`, from the stored layout), else in the image's pixels.
 */
export function imagePageView(documentId, pageNo, boxes, width, size, { lazy = false } = {}) {
  const { sheet, wrap } = pageFrame(pageNo, lazy && size && (size.height * width) / size.width);
  when(lazy, wrap, () => (async () => {
    if (!images.has(documentId)) {
      images.set(documentId, fetch(`/documents/${documentId}/file`, { headers: authHeaders() }).then(async (res) => {
        if (!res.ok) throw new HttpError(res.status, await res.json().catch(() => null));
        return URL.createObjectURL(await res.blob());
      }));
    }
    const img = el('img', { src: await images.get(documentId), alt: '' });
    await img.decode();
    img.style.width = `${width}px`;
    const scale = width / (size?.width ?? img.naturalWidth);
    drawn(wrap, sheet, [img], marksOf(boxes, scale));
  })().catch(failedDrawing(wrap, sheet)));
  return wrap;
}

/** The boxes to outline on `page` ({ bbox, ev }): stored ones, else the boxes of the cited source lines. */
export function boxesOn(page, spans, lines) {
  const out = [];
  for (const s of spans) {
    if (s.page !== page) continue;
    if (s.bbox) { out.push({ bbox: s.bbox, ev: s.ev }); continue; }
    for (const l of lines) {
      if (l.page === page && l.line >= s.line && l.line <= (s.line_end ?? s.line) && l.bbox) out.push({ bbox: l.bbox, ev: s.ev });
    }
  }
  return out;
}
