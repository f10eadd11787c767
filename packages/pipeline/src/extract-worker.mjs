// Entry of the extraction process. It registers tsx itself rather than through `--import
// tsx`, which resolves from the working directory, not from here.
import { register } from 'tsx/esm/api';

register();
await import('./extract-worker.ts');
