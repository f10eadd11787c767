// Performance-target declarations (绩效目标申报表, 整体支出绩效目标表) → forms of kind `target`.
export { findTargetRegions, isTargetTitle } from './regions.ts';
export { parseTargetForm, dropOrgCode } from './parse.ts';
