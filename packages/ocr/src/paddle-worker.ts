// A worker thread of the paddle engine (paddle.ts): one PP-OCRv4 session (1 intra-op thread)
// reading the crops it is sent. onnxruntime-node runs inference synchronously on the thread
// that calls it, so sessions on the main thread would take turns however many there were; a
// thread each keeps the cores busy while the main thread lays out the next cells and pages.
import { parentPort, workerData } from 'node:worker_threads';
import type { GrayImage } from './image.ts';
import { createRecognizer, type BothReadings } from './paddle-rec.ts';

export interface PaddleWorkerData { model: string; dict: string }
/** Crops read in one input (paddle-rec.ts packGroups), and their readings in the same order. */
export type PaddleRequest = { id: number; images: GrayImage[] };
export type PaddleReply = { id: number; readings: BothReadings[] } | { id: number; error: string };

const { model, dict } = workerData as PaddleWorkerData;
const recognize = await createRecognizer(model, dict);

parentPort!.on('message', async ({ id, images }: PaddleRequest) => {
  try {
    parentPort!.postMessage({ id, readings: await recognize(images) } satisfies PaddleReply);
  } catch (e) {
    parentPort!.postMessage({ id, error: (e as Error)?.message ?? String(e) } satisfies PaddleReply);
  }
});
parentPort!.postMessage('ready');
