// Every validation rule, in the order their findings are reported; PARSE findings come from
// reconstruct.
import type { Check } from '../context.ts';
import * as crossTable from './cross-table.ts';
import * as fundBalance from './fund-balance.ts';
import * as fundRate from './fund-rate.ts';
import * as fundScore from './fund-score.ts';
import * as grade from './grade.ts';
import * as missingReason from './missing-reason.ts';
import * as narrative from './narrative.ts';
import * as scoreOverWeight from './score-over-weight.ts';
import * as scoreRule from './score-rule.ts';
import * as subtotal from './subtotal.ts';
import * as totalScore from './total-score.ts';
import * as weightSum from './weight-sum.ts';

export const RULES: readonly Check[] = [
  fundRate, fundScore, fundBalance, scoreOverWeight, weightSum, totalScore, grade,
  narrative, crossTable, missingReason, scoreRule, subtotal,
];
