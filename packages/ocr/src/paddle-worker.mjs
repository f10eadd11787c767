// Entry of a paddle worker thread run from source: it registers tsx itself (the compiled
// program starts dist/paddle-worker.mjs instead, see paddle.ts).
import { register } from 'tsx/esm/api';

register();
await import('./paddle-worker.ts');
