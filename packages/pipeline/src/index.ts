export * from './pipeline.ts';
export * from './isolated.ts';
