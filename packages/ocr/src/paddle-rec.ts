// PP-OCRv4 recognition on an onnxruntime session: crops resized to the model's 48-pixel height,
// inference, greedy CTC decoding (in full, and restricted to figures). Runs in the worker
// threads of paddle.ts (paddle-worker.ts).
//
// PaddleOCR pads every line to at least 320 columns, and most cells of a form are far
// narrower (a figure, a short label), so most of each run went on padding. Consecutive short
// crops of a page therefore share one 320-column input, `GAP` columns of padding apart, and
// the output steps are split between them at the middle of each gap: on the fixture scans
// this takes a third of the runs and reads the same (the only changes: two lone `)` read as
// `）` with more confidence).
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { normalizeText, NUMERIC_CHARS, type Recognition } from './engine.ts';
import { pad, type GrayImage } from './image.ts';

/** A crop decoded twice from the same network output: in full, and restricted to figures. */
export interface BothReadings { general: Recognition; numeric: Recognition }

const HEIGHT = 48;
const MIN_WIDTH = 320;
const MAX_WIDTH = MIN_WIDTH * 12;
/** Padding columns between crops sharing an input, as after a crop read alone. */
const GAP = 32;

const marginOf = (img: GrayImage) => Math.max(2, Math.round(img.height * 0.08));

/** Columns a crop takes in the input: its height (with the white margin) scaled to 48. */
function columns(img: GrayImage): number {
  const m = marginOf(img);
  return Math.max(1, Math.min(MAX_WIDTH, Math.ceil((HEIGHT * (img.width + 2 * m)) / (img.height + 2 * m))));
}

/**
 * Crops in order, grouped into shared inputs: consecutive ones while they fit in 320 columns.
 * A crop lower than `minHeight` pixels (a mark, not a line of text: blown up to 48 rows, the
 * model is unsure of it and its neighbours sway it) is read alone.
 */
export function packGroups(images: GrayImage[], minHeight = 0): GrayImage[][] {
  const groups: GrayImage[][] = [];
  let used = Infinity;
  for (const img of images) {
    const w = columns(img);
    const shares = w <= MIN_WIDTH - GAP && img.height >= minHeight;
    if (shares && used + w <= MIN_WIDTH) {
      groups.at(-1)!.push(img);
      used += w + GAP;
    } else {
      groups.push([img]);
      used = shares ? w + GAP : Infinity;
    }
  }
  return groups;
}

export async function createRecognizer(model: string, dictPath: string): Promise<(images: GrayImage[]) => Promise<BothReadings[]>> {
  const lines = readFileSync(dictPath, 'utf8').replace(/\r/g, '').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const dict = [...lines, ' '];
  // classes: 0 = CTC blank, i ≥ 1 = dict[i - 1]
  const numeric = Array.from({ length: dict.length + 1 }, (_, c) => c).filter((c) => c === 0 || (dict[c - 1] !== '' && NUMERIC_CHARS.includes(dict[c - 1]!)));
  const session = await ort.InferenceSession.create(readFileSync(model), {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all',
  });

  /** One input for the group (a packGroups group, or a crop alone), each crop's readings. */
  return async (group) => {
    const parts = group.map((img) => ({ padded: pad(img, marginOf(img)), margin: marginOf(img), w: columns(img), at: 0 }));
    let x = 0;
    for (const p of parts) { p.at = x; x += p.w + GAP; }
    const W = Math.max(MIN_WIDTH, x - GAP);
    const plane = HEIGHT * W;
    const data = new Float32Array(3 * plane); // zeros = the padding PaddleOCR uses
    for (const p of parts) resizeInto(data, W, p.padded, p.w, p.at);
    const out = (await session.run({ [session.inputNames[0]!]: new ort.Tensor('float32', data, [1, 3, HEIGHT, W]) }))[session.outputNames[0]!]!;
    const [, steps, classes] = out.dims as [number, number, number];
    const probs = out.data as Float32Array;
    const step = W / steps; // steps cover the input's width evenly
    return parts.map((p, k) => {
      // this crop's steps: those centred between the middles of the gaps around it
      const from = k === 0 ? 0 : Math.ceil((p.at - GAP / 2) / step - 0.5);
      const to = k === parts.length - 1 ? steps : Math.ceil((p.at + p.w + GAP / 2) / step - 0.5);
      const read = (only: number[] | null): Recognition => {
        const r = decode(probs, from, to, classes, dict, only);
        // CTC step → x in the crop
        const xs = r.steps.map((t) => ((t + 0.5) * step - p.at) * (p.padded.width / p.w) - p.margin);
        const text = normalizeText(r.text);
        // keep positions only while normalisation left the characters one to one
        return { text, confidence: r.confidence, xs: text.length === r.text.length ? xs : undefined };
      };
      return { general: read(null), numeric: read(numeric) };
    });
  };
}

/** Greedy CTC decoding of steps [from, to); with `only`, a step only chooses between those classes (blank and the figures). */
function decode(p: Float32Array, from: number, to: number, classes: number, dict: string[], only: number[] | null): { text: string; confidence: number; steps: number[] } {
  let text = '';
  const at: number[] = [];
  let conf = 0, n = 0, prev = -1;
  for (let t = from; t < to; t++) {
    let best = 0, bestP = -1;
    const row = t * classes;
    if (only) {
      for (const c of only) if (p[row + c]! > bestP) { bestP = p[row + c]!; best = c; }
    } else {
      for (let c = 0; c < classes; c++) if (p[row + c]! > bestP) { bestP = p[row + c]!; best = c; }
    }
    if (best !== 0 && best !== prev) {
      const ch = dict[best - 1] ?? '';
      text += ch;
      for (let k = 0; k < ch.length; k++) at.push(t);
      conf += bestP;
      n++;
    }
    prev = best;
  }
  return { text, confidence: n ? conf / n : 0, steps: at };
}

/**
 * A grey crop resized to 48 × `w` into columns [at, at + w) of a [1, 3, 48, W] input, grey
 * levels normalised to [-1, 1] as PaddleOCR does.
 */
function resizeInto(data: Float32Array, W: number, img: GrayImage, w: number, at: number): void {
  const plane = HEIGHT * W;
  const sx = img.width / w, sy = img.height / HEIGHT;
  for (let y = 0; y < HEIGHT; y++) {
    // box filter over the source pixels this target pixel covers (down- or up-scaling)
    const ya = y * sy, yb = Math.max(ya + 1e-6, (y + 1) * sy);
    for (let x = 0; x < w; x++) {
      const xa = x * sx, xb = Math.max(xa + 1e-6, (x + 1) * sx);
      let sum = 0, area = 0;
      for (let yy = Math.floor(ya); yy < Math.min(img.height, Math.ceil(yb)); yy++) {
        const fy = Math.min(yb, yy + 1) - Math.max(ya, yy);
        for (let xx = Math.floor(xa); xx < Math.min(img.width, Math.ceil(xb)); xx++) {
          const f = fy * (Math.min(xb, xx + 1) - Math.max(xa, xx));
          sum += img.data[yy * img.width + xx]! * f;
          area += f;
        }
      }
      const v = (area > 0 ? sum / area : 255) / 127.5 - 1;
      const i = y * W + at + x;
      data[i] = v; data[plane + i] = v; data[2 * plane + i] = v;
    }
  }
}
