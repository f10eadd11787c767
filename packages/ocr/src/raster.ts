// Pages as grey images: PDF pages rendered by pdfjs-dist (legacy build, Node) onto
// @napi-rs/canvas; PNG, JPEG and TIFF (every page of a multi-page TIFF) decoded by sharp.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { fromRgba, type GrayImage } from './image.ts';
import type { PageImage } from './ocr.ts';

const require = createRequire(import.meta.url);
const pdfjsRoot = () => dirname(require.resolve('pdfjs-dist/package.json'));

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<PdfJs> | null = null;
/**
 * pdfjs's legacy build and its worker module swap Array.prototype.push for core-js's (a fix for
 * a V8 edge case at 2^32 elements), which would slow every push in the process after the first
 * scan: both are loaded here and the native one put back.
 */
const loadPdfJs = () => (pdfjs ??= (async () => {
  const push = Array.prototype.push;
  try {
    const lib = await import('pdfjs-dist/legacy/build/pdf.mjs');
    // @ts-expect-error untyped; loaded now (it registers globalThis.pdfjsWorker) rather than at the first page, as it swaps push too
    await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
    return lib;
  } finally {
    Array.prototype.push = push;
  }
})());

export const DEFAULT_DPI = 200;

/** Open a PDF the way the renderer needs it: local CMaps and standard fonts, no network. */
export async function openPdf(data: Uint8Array) {
  const { getDocument } = await loadPdfJs();
  const root = pdfjsRoot();
  return getDocument({
    data,
    cMapUrl: pathToFileURL(join(root, 'cmaps') + '/').href,
    cMapPacked: true,
    standardFontDataUrl: pathToFileURL(join(root, 'standard_fonts') + '/').href,
    isEvalSupported: false,
    useSystemFonts: false,
    verbosity: 0,
  }).promise;
}

type PdfDocument = Awaited<ReturnType<typeof openPdf>>;

/** A PDF page the renderer could not draw (damaged content, a font it cannot use). */
export class PageRenderError extends Error {
  override readonly name = 'PageRenderError';
  constructor(readonly page: number, reason: string) {
    super(`page ${page} cannot be rendered for OCR (${reason})`);
  }
}

/** Render one page (1-based) of an open PDF at `dpi`. */
export async function renderPdfPage(doc: PdfDocument, pageNo: number, dpi = DEFAULT_DPI): Promise<PageImage> {
  try {
    return await render(doc, pageNo, dpi);
  } catch (e) {
    throw new PageRenderError(pageNo, (e as Error).message ?? String(e));
  }
}

async function render(doc: PdfDocument, pageNo: number, dpi: number): Promise<PageImage> {
  const page = await doc.getPage(pageNo);
  const viewport = page.getViewport({ scale: dpi / 72 });
  const w = Math.ceil(viewport.width), h = Math.ceil(viewport.height);
  const factory = doc.canvasFactory as { create(w: number, h: number): { canvas: unknown; context: CanvasRenderingContext2DLike }; destroy(c: unknown): void };
  const { canvas, context } = factory.create(w, h);
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, w, h);
  await page.render({ canvas: canvas as HTMLCanvasElement, canvasContext: context as unknown as CanvasRenderingContext2D, viewport }).promise;
  const rgba = context.getImageData(0, 0, w, h).data;
  const image = fromRgba(rgba, w, h);
  page.cleanup();
  factory.destroy({ canvas, context });
  return { page: pageNo, image, dpi, unit: 72 / dpi };
}

interface CanvasRenderingContext2DLike {
  fillStyle: string;
  fillRect(x: number, y: number, w: number, h: number): void;
  getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
}

/** Every page (or the listed ones) of a PDF as images. */
export async function rasterizePdf(data: Uint8Array, o: { dpi?: number; pages?: number[] } = {}): Promise<PageImage[]> {
  const doc = await openPdf(new Uint8Array(data)); // pdfjs detaches the buffer it is given
  try {
    const pages = o.pages ?? Array.from({ length: doc.numPages }, (_, i) => i + 1);
    const out: PageImage[] = [];
    for (const n of pages) out.push(await renderPdfPage(doc, n, o.dpi));
    return out;
  } finally {
    await doc.destroy();
  }
}

/**
 * Largest page decoded, from the dimensions its header declares (read before any pixel is):
 * an A3 page at 600 dpi is 70 megapixels; a header declaring far more is a decompression bomb.
 */
export const MAX_IMAGE_PIXELS = 100_000_000;

export class ImageTooLargeError extends Error {
  override readonly name = 'ImageTooLargeError';
}

/**
 * An image file's pages. The resolution comes from the file when it records one, else from
 * the page size assuming A4 (portrait or landscape), else 200 dpi. Bounding boxes come out in
 * points at that resolution, as for a PDF page (core's TextCell.bbox).
 */
export async function decodeImage(data: Buffer): Promise<PageImage[]> {
  const meta = await sharp(data, { limitInputPixels: false }).metadata(); // the header only: our own limit is checked next
  const n = meta.pages ?? 1;
  const pixels = (meta.width ?? 0) * (meta.pageHeight ?? meta.height ?? 0);
  if (pixels > MAX_IMAGE_PIXELS) throw new ImageTooLargeError(`${meta.width} × ${meta.pageHeight ?? meta.height} pixels, over the limit of ${MAX_IMAGE_PIXELS / 1e6} megapixels a page (MAX_IMAGE_PIXELS)`);
  const out: PageImage[] = [];
  for (let i = 0; i < n; i++) {
    const { data: raw, info } = await sharp(data, { page: i }).flatten({ background: '#ffffff' }).greyscale().raw().toBuffer({ resolveWithObject: true });
    const image: GrayImage = { width: info.width, height: info.height, data: channel0(raw, info.channels) };
    const dpi = dpiOf(meta.density, info.width, info.height);
    out.push({ page: i + 1, image, dpi, unit: 72 / dpi });
  }
  return out;
}

function channel0(raw: Buffer, channels: number): Uint8Array {
  if (channels === 1) return new Uint8Array(raw.buffer, raw.byteOffset, raw.length);
  const out = new Uint8Array(raw.length / channels);
  for (let i = 0; i < out.length; i++) out[i] = raw[i * channels]!;
  return out;
}

function dpiOf(density: number | undefined, w: number, h: number): number {
  if (density && density >= 100 && density <= 1200) return density;
  // A4 is 8.27 × 11.69 in: the short side tells the resolution of a full-page scan
  const guess = Math.min(w, h) / 8.27;
  return guess >= 100 && guess <= 1200 ? Math.round(guess) : DEFAULT_DPI;
}
