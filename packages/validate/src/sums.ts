// What the form-level sums need: the whole set of indicator rows with weights and scores.
// A fragment, a form whose indicator block was read only in part (`partial`, reported as a
// PARSE warning), or a form with a row whose weight or score was not read, cannot be summed.
import type { Evidence, FormX } from '@ziping/core';
import { budgetWeight, fundingFig, indicatorFig } from './context.ts';

export interface Sums {
  weights: number[];
  scores: number[];
  /** The budget's 分值 where a funding row prints it. */
  budget: { row: number; weight: number } | null;
}

export function sums(f: FormX): Sums | null {
  if (f.fragment || f.partial || f.indicators.length === 0) return null;
  if (f.indicators.some((r) => r.weight == null || r.score == null)) return null;
  return {
    weights: f.indicators.map((r) => r.weight!),
    scores: f.indicators.map((r) => r.score!),
    budget: budgetWeight(f),
  };
}

export const total = (xs: number[]): number => Math.round(xs.reduce((s, x) => s + x, 0) * 1e6) / 1e6;

/**
 * Department forms score the budget as one of their indicators, so their indicator weights
 * alone make 100; a form with no printed budget weight is only whole when they do.
 */
export const indicatorsAreWhole = (s: Sums): boolean => s.budget == null && Math.abs(total(s.weights) - 100) < 1e-6;

export const indicatorEvidence = (f: FormX, field: 'weight' | 'score'): Evidence[] =>
  f.indicators.map((_, k) => indicatorFig(f, k, field));

export const budgetEvidence = (f: FormX, s: Sums): Evidence[] =>
  s.budget ? [fundingFig(f, s.budget.row, 'weight')] : [];

