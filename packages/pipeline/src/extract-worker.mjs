// Entry of the extraction worker thread. Node 20 does not carry tsx's loader from `--import
// tsx` into worker threads, so the worker registers it itself before loading the TypeScript.
import { register } from 'tsx/esm/api';

register();
await import('./extract-worker.ts');
