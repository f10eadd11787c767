// PP-OCRv4 recognition of one crop on an onnxruntime session: resize to the model's 48-pixel
// height, inference, greedy CTC decoding (in full, and restricted to figures). Runs in the
// worker threads of paddle.ts (paddle-worker.ts).
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { normalizeText, NUMERIC_CHARS, type Recognition } from './engine.ts';
import { pad, type GrayImage } from './image.ts';

/** A crop decoded twice from the same network output: in full, and restricted to figures. */
export interface BothReadings { general: Recognition; numeric: Recognition }

const HEIGHT = 48;
const MIN_WIDTH = 320;

export async function createRecognizer(model: string, dictPath: string): Promise<(image: GrayImage) => Promise<BothReadings>> {
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

  return async (image) => {
    const margin = Math.max(2, Math.round(image.height * 0.08));
    const padded = pad(image, margin);
    const { tensor, width } = toTensor(padded);
    const out = (await session.run({ [session.inputNames[0]!]: tensor }))[session.outputNames[0]!]!;
    const [, steps, classes] = out.dims as [number, number, number];
    const probs = out.data as Float32Array;
    const read = (only: number[] | null): Recognition => {
      const r = decode(probs, steps, classes, dict, only);
      // CTC step → x in the crop: steps cover the padded tensor width evenly
      const W = Math.max(MIN_WIDTH, width);
      const xs = r.steps.map((t) => ((t + 0.5) * W) / steps * (padded.width / width) - margin);
      const text = normalizeText(r.text);
      // keep positions only while normalisation left the characters one to one
      return { text, confidence: r.confidence, xs: text.length === r.text.length ? xs : undefined };
    };
    return { general: read(null), numeric: read(numeric) };
  };
}

/** Greedy CTC decoding; with `only`, a crop only chooses between those classes (blank and the figures). */
function decode(p: Float32Array, steps: number, classes: number, dict: string[], only: number[] | null): { text: string; confidence: number; steps: number[] } {
  let text = '';
  const at: number[] = [];
  let conf = 0, n = 0, prev = -1;
  for (let t = 0; t < steps; t++) {
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
 * Grey crop → [1, 3, 48, W] normalised to [-1, 1], padded right to 320 as PaddleOCR does;
 * `width` is how much of W the resized crop fills.
 */
function toTensor(img: GrayImage): { tensor: ort.Tensor; width: number } {
  const w = Math.max(1, Math.min(MIN_WIDTH * 12, Math.ceil((HEIGHT * img.width) / img.height)));
  const W = Math.max(MIN_WIDTH, w);
  const plane = HEIGHT * W;
  const data = new Float32Array(3 * plane); // zeros = the padding PaddleOCR uses
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
      const i = y * W + x;
      data[i] = v; data[plane + i] = v; data[2 * plane + i] = v;
    }
  }
  return { tensor: new ort.Tensor('float32', data, [1, 3, HEIGHT, W]), width: w };
}
