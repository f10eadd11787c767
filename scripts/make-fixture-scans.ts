// Make the OCR fixtures in fixtures/scans/ from the project's own fixture PDFs:
//   tsx scripts/make-fixture-scans.ts [--dpi 200] [--quality 40]
// Each fixtures/pdf/<name>.pdf listed below is rendered at 200 dpi, turned by a small
// angle, sprinkled with scanner noise and rebuilt as an image-only PDF (one grey JPEG per
// page, same page size). A few cell crops are cut from the first scan for the engine tests.
// Deterministic: a fixed seed per page, so a re-run gives the same bytes.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { crop, rotate, type GrayImage, type Rect } from '../packages/ocr/src/image.ts';
import { rasterizePdf } from '../packages/ocr/src/raster.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const DPI = arg('dpi', 200);
const QUALITY = arg('quality', 40);

/** Sources: seed 000's forms (scored against the gold), and the image-only sample. */
const SOURCES = ['000_ca0dcd0154b0e201.pdf'];

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Grey paper, slightly uneven toner, and sparse dark specks. */
function degrade(img: GrayImage, rand: () => number): GrayImage {
  const out = new Uint8Array(img.data.length);
  for (let i = 0; i < out.length; i++) {
    const v = img.data[i]!;
    const paper = v > 200 ? 242 + (rand() - 0.5) * 10 : v + 25 * rand();
    out[i] = Math.max(0, Math.min(255, Math.round(paper)));
  }
  const specks = Math.round((img.width * img.height) / 4000);
  for (let k = 0; k < specks; k++) {
    const x = Math.floor(rand() * (img.width - 2)), y = Math.floor(rand() * (img.height - 2));
    const big = rand() < 0.2;
    for (let dy = 0; dy <= (big ? 1 : 0); dy++) for (let dx = 0; dx <= (big ? 1 : 0); dx++) out[(y + dy) * img.width + x + dx] = 60 + Math.floor(rand() * 60);
  }
  return { width: img.width, height: img.height, data: out };
}

const jpeg = (img: GrayImage) =>
  sharp(Buffer.from(img.data), { raw: { width: img.width, height: img.height, channels: 1 } }).jpeg({ quality: QUALITY, mozjpeg: true }).toBuffer();

/** A minimal PDF whose pages each show one full-page DeviceGray JPEG. */
function imagePdf(pages: { jpeg: Buffer; width: number; height: number; wPt: number; hPt: number }[]): Buffer {
  const parts: Buffer[] = [];
  const offsets: number[] = [];
  let size = 0;
  const push = (b: Buffer | string) => { const buf = typeof b === 'string' ? Buffer.from(b, 'latin1') : b; parts.push(buf); size += buf.length; };
  const obj = (n: number, body: (Buffer | string)[]) => { offsets[n] = size; push(`${n} 0 obj\n`); body.forEach(push); push('\nendobj\n'); };
  push('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n');
  const n = pages.length;
  const kids = pages.map((_, i) => `${3 + i * 3} 0 R`).join(' ');
  obj(1, ['<< /Type /Catalog /Pages 2 0 R >>']);
  obj(2, [`<< /Type /Pages /Count ${n} /Kids [${kids}] >>`]);
  pages.forEach((p, i) => {
    const page = 3 + i * 3, content = page + 1, image = page + 2;
    const w = p.wPt.toFixed(2), h = p.hPt.toFixed(2);
    obj(page, [`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${w} ${h}] /Resources << /XObject << /Im0 ${image} 0 R >> >> /Contents ${content} 0 R >>`]);
    const draw = `q ${w} 0 0 ${h} 0 0 cm /Im0 Do Q`;
    obj(content, [`<< /Length ${draw.length} >>\nstream\n${draw}\nendstream`]);
    obj(image, [`<< /Type /XObject /Subtype /Image /Width ${p.width} /Height ${p.height} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode /Length ${p.jpeg.length} >>\nstream\n`, p.jpeg, '\nendstream']);
  });
  const xref = size;
  const count = 3 + n * 3;
  push(`xref\n0 ${count}\n0000000000 65535 f \n`);
  for (let i = 1; i < count; i++) push(`${String(offsets[i]).padStart(10, '0')} 00000 n \n`);
  push(`trailer\n<< /Size ${count} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  return Buffer.concat(parts);
}

const outDir = join(root, 'fixtures/scans');
mkdirSync(outDir, { recursive: true });
let firstPage: GrayImage | null = null;
for (const [si, name] of SOURCES.entries()) {
  const src = readFileSync(join(root, 'fixtures/pdf', name));
  const rendered = await rasterizePdf(new Uint8Array(src), { dpi: DPI });
  const pages = [];
  for (const p of rendered) {
    const rand = rng(1000 * (si + 1) + p.page);
    const angle = Math.round((rand() - 0.5) * 1.6 * 100) / 100; // within ±0.8°
    const scan = degrade(rotate(p.image, angle), rand);
    firstPage ??= scan;
    const j = await jpeg(scan);
    pages.push({ jpeg: j, width: scan.width, height: scan.height, wPt: (scan.width * 72) / DPI, hPt: (scan.height * 72) / DPI });
    console.log(`${name} p${p.page}: ${scan.width}×${scan.height}, skew ${angle}°, ${(j.length / 1024).toFixed(0)} KiB`);
  }
  const pdf = imagePdf(pages);
  writeFileSync(join(outDir, name), pdf);
  console.log(`→ fixtures/scans/${name} (${(pdf.length / 1024).toFixed(0)} KiB)`);
}

// Cell crops for the engine tests (pixel boxes on the first scanned page; see README.md).
const CROPS: Record<string, Rect> = JSON.parse(readFileSync(join(outDir, 'crops.json'), 'utf8')) as Record<string, Rect>;
if (firstPage) {
  for (const [file, r] of Object.entries(CROPS)) {
    const c = crop(firstPage, r);
    await sharp(Buffer.from(c.data), { raw: { width: c.width, height: c.height, channels: 1 } }).png().toFile(join(outDir, file));
    console.log(`→ fixtures/scans/${file} ${c.width}×${c.height}`);
  }
}
