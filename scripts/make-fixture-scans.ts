// Make the OCR fixtures in fixtures/scans/ from the project's own fixture PDFs:
//   tsx scripts/make-fixture-scans.ts [--dpi 200] [--quality 40] [--sources a.pdf,b.pdf --out DIR]
// Each fixtures/pdf/<name>.pdf listed below (seeds 000 and 004) is rendered at 200 dpi, turned by a small
// angle, sprinkled with scanner noise and rebuilt as an image-only PDF (one grey JPEG per
// page, same page size). A few cell crops are cut from the first scan for the engine tests.
// Deterministic: a fixed seed per page, so a re-run gives the same bytes.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeGray, imagePdf } from '../packages/ocr/src/codec.ts';
import { binarize, crop, despeckle, estimateSkew, rotate, type GrayImage, type Rect } from '../packages/ocr/src/image.ts';
import { inkBox } from '../packages/ocr/src/textlines.ts';
import { rasterizePdf } from '../packages/ocr/src/raster.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const DPI = arg('dpi', 200);
const QUALITY = arg('quality', 40);

const list = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
/** The committed scans: seeds 000 and 004 (scored against the gold); `--sources a.pdf,b.pdf --out DIR` for others. */
const COMMITTED = ['000_ca0dcd0154b0e201.pdf', '004_339364824c9abd23.pdf'];
const SOURCES = list('sources')?.split(',') ?? COMMITTED;
/** Noise seed of a source: by its place in COMMITTED, so a scan comes out the same whether made alone or with the others. */
const seedBase = (name: string, si: number) => 1000 * ((COMMITTED.includes(name) ? COMMITTED.indexOf(name) : si) + 1);

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


const outDir = list('out') ?? join(root, 'fixtures/scans');
mkdirSync(outDir, { recursive: true });
let firstPage: GrayImage | null = null;
for (const [si, name] of SOURCES.entries()) {
  const src = readFileSync(join(root, 'fixtures/pdf', name));
  const rendered = await rasterizePdf(new Uint8Array(src), { dpi: DPI });
  const pages = [];
  for (const p of rendered) {
    const rand = rng(seedBase(name, si) + p.page);
    const angle = Math.round((rand() - 0.5) * 1.6 * 100) / 100; // within ±0.8°
    const scan = degrade(rotate(p.image, angle), rand);
    firstPage ??= scan;
    const j = await encodeGray(scan, 'jpeg', QUALITY);
    pages.push({ jpeg: j, width: scan.width, height: scan.height, wPt: (scan.width * 72) / DPI, hPt: (scan.height * 72) / DPI });
    console.log(`${name} p${p.page}: ${scan.width}×${scan.height}, skew ${angle}°, ${(j.length / 1024).toFixed(0)} KiB`);
  }
  const pdf = imagePdf(pages);
  writeFileSync(join(outDir, name), pdf);
  console.log(`→ ${join(outDir, name)} (${(pdf.length / 1024).toFixed(0)} KiB)`);
}

// Cell crops for the engine tests (pixel boxes on the first scanned page; see README.md).
const CROPS: Record<string, Rect> = JSON.parse(readFileSync(join(root, 'fixtures/scans/crops.json'), 'utf8')) as Record<string, Rect>;
if (firstPage && SOURCES[0] === '000_ca0dcd0154b0e201.pdf') {
  // cut from the deskewed page, tight around the ink, as the OCR stage hands lines to an engine
  const ink0 = binarize(firstPage);
  const straight = rotate(firstPage, -estimateSkew(ink0, firstPage.width, firstPage.height));
  const [ink] = despeckle(binarize(straight), straight.width, straight.height, [12]) as [Uint8Array];
  for (const [file, r] of Object.entries(CROPS)) {
    const box = inkBox({ width: straight.width, height: straight.height, ink }, r) ?? r;
    const c = crop(straight, { x0: box.x0 - 2, y0: box.y0 - 2, x1: box.x1 + 2, y1: box.y1 + 2 });
    writeFileSync(join(outDir, file), await encodeGray(c, 'png'));
    console.log(`→ ${join(outDir, file)} ${c.width}×${c.height}`);
  }
}
