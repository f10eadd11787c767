// Entry of a page worker run from source (tests, tsx): it registers tsx itself, as a worker
// thread does not inherit the parent's loader. The compiled program runs dist/pdf-pages.mjs instead.
import { register } from 'tsx/esm/api';

register();
await import('./pages-worker.ts');
