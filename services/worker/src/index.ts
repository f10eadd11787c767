export { runWorker, startDocumentWorker, untilSignal, type DocumentWorker } from './worker.ts';
