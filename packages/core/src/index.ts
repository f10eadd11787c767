export * from './schema.ts';
export * from './model.ts';
export * from './errors.ts';
export * from './page.ts';
export * from './lexicon.ts';
export * from './geometry.ts';
export * from './layout.ts';
export * from './normalize.ts';
