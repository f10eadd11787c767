export { validate } from './validate.ts';
export { RULES } from './rules/index.ts';
export type { Check, Ctx } from './context.ts';
