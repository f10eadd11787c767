// The recogniser behind the layout stage: one text line (or a small cell) image in, text
// and a confidence out. Implementations load their models once per process and run a
// pool of workers sized to the machine's cores.
import { availableParallelism } from 'node:os';
import type { GrayImage } from './image.ts';

export type EngineName = 'tesseract' | 'paddle';
export const ENGINES: readonly EngineName[] = ['paddle', 'tesseract'];
/** Chosen by the benchmark on the fixture scans (see README.md of this package). */
export const DEFAULT_ENGINE: EngineName = 'paddle';

export interface RecognizeOptions {
  /** The crop holds a figure: restrict the alphabet to digits and the symbols around them. */
  numeric?: boolean;
  /** Resolution of the crop, for engines that size glyphs by it. */
  dpi?: number;
}

export interface Recognition {
  text: string;
  /** 0..1. */
  confidence: number;
  /**
   * Where each character of `text` sits (x of its centre in the crop, pixels), for engines
   * that know it: lets the layout put back spaces the recogniser drops.
   */
  xs?: number[];
}

export interface OcrEngine {
  readonly name: EngineName;
  /** Engine and model version, recorded with each document. */
  readonly version: string;
  recognize(image: GrayImage, opts?: RecognizeOptions): Promise<Recognition>;
  /**
   * The crops of a page, in reading order, before any is recognised: an engine that reads
   * several short crops in one pass groups them here (deterministically, from the page alone).
   */
  prepare?(images: GrayImage[], opts?: { dpi?: number }): void;
  /** Frees workers; the engine cannot be used afterwards. */
  close(): Promise<void>;
}

/** What numeric columns hold: figures, percentages, comparison signs, dashes for "n/a". */
export const NUMERIC_CHARS = '0123456789.,%-+≥≤<>=—~/';

export const defaultPoolSize = (): number => Math.max(1, Math.min(4, availableParallelism()));

/** A fixed set of workers; each task waits for a free one. */
export class Pool<W> {
  readonly #free: W[];
  readonly #waiting: ((w: W) => void)[] = [];
  readonly workers: readonly W[];

  constructor(workers: W[]) {
    this.workers = workers;
    this.#free = [...workers];
  }

  async run<T>(task: (w: W) => Promise<T>): Promise<T> {
    const w = this.#free.pop() ?? (await new Promise<W>((resolve) => this.#waiting.push(resolve)));
    try {
      return await task(w);
    } finally {
      const next = this.#waiting.shift();
      if (next) next(w); else this.#free.push(w);
    }
  }
}

const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;

/**
 * Recogniser output → the text a typist would have entered: full-width digits and signs
 * made half-width, no spaces between CJK characters (tesseract puts one between each).
 */
export function normalizeText(s: string): string {
  let t = s.replace(/[\uff10-\uff19\uff05\uff0e\uff0b\uff1c\uff1e\uff1d]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  t = t.replace(/[|¦]/g, ' ').replace(/\s+/g, ' ').trim();
  // drop spaces touching a CJK character
  t = t.replace(/ (?=\S)/g, (sp, off: number) => (CJK.test(t[off - 1] ?? '') || CJK.test(t[off + 1] ?? '') ? '' : sp));
  return t;
}
