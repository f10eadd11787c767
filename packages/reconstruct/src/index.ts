export { reconstruct } from './reconstruct.ts';
