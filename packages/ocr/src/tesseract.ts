// Tesseract (tesseract.js 7, WebAssembly) on cell and line crops with the chi_sim LSTM model
// from the npm package @tesseract.js-data/chi_sim (4.0.0_best_int). langPath is always a
// local folder and the cache is off: without them tesseract.js fetches from a CDN and hangs.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { createWorker, OEM, PSM, type Worker } from 'tesseract.js';
import { defaultPoolSize, normalizeText, NUMERIC_CHARS, Pool, type OcrEngine, type Recognition, type RecognizeOptions } from './engine.ts';
import { pad, type GrayImage } from './image.ts';

const require = createRequire(import.meta.url);

export function tesseractLangPath(): string {
  return join(dirname(require.resolve('@tesseract.js-data/chi_sim/package.json')), '4.0.0_best_int');
}

export interface TesseractOptions {
  workers?: number;
}

export class TesseractEngine implements OcrEngine {
  readonly name = 'tesseract' as const;
  readonly version: string;
  readonly #pool: Pool<Worker>;

  private constructor(workers: Worker[]) {
    this.#pool = new Pool(workers);
    const v = (require('tesseract.js/package.json') as { version: string }).version;
    this.version = `tesseract.js ${v} chi_sim 4.0.0_best_int (LSTM)`;
  }

  static async create(o: TesseractOptions = {}): Promise<TesseractEngine> {
    const n = o.workers ?? defaultPoolSize();
    const langPath = tesseractLangPath();
    const workers = await Promise.all(
      Array.from({ length: n }, () =>
        createWorker('chi_sim', OEM.LSTM_ONLY, { langPath, gzip: true, cacheMethod: 'none', logger: () => {}, errorHandler: () => {} }),
      ),
    );
    return new TesseractEngine(workers);
  }

  async recognize(image: GrayImage, opts: RecognizeOptions = {}): Promise<Recognition> {
    if (image.width === 0 || image.height === 0) return { text: '', confidence: 0 };
    const padded = pad(image, Math.max(4, Math.round(image.height * 0.25)));
    const png = await sharp(Buffer.from(padded.data), { raw: { width: padded.width, height: padded.height, channels: 1 } }).png().toBuffer();
    return this.#pool.run(async (w) => {
      await w.setParameters({
        tessedit_pageseg_mode: PSM.SINGLE_LINE,
        // crops carry no resolution of their own; without it tesseract guesses 70 dpi
        user_defined_dpi: String(opts.dpi ?? 200),
        preserve_interword_spaces: '1',
        tessedit_char_whitelist: opts.numeric ? NUMERIC_CHARS : '',
      });
      const { data } = await w.recognize(png);
      const text = normalizeText(data.text ?? '');
      return { text, confidence: text === '' ? 0 : Math.max(0, Math.min(1, (data.confidence ?? 0) / 100)) };
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.#pool.workers.map((w) => w.terminate()));
  }
}
