// Reviewers' decisions on anomalies (migration 004). Each decision is inserted as a row of
// its own; nothing extracted is updated, and the history is every row, oldest first.
import type { Db } from './db.ts';

export const REVIEW_DECISIONS = ['confirmed', 'dismissed', 'corrected'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

export interface NewReview {
  anomalyId: number;
  decision: ReviewDecision;
  /** The name of the key the decision was made with. */
  reviewer: string;
  /** That key (migration 009); null for the API_TOKEN bootstrap key. */
  keyId?: number | null;
  /** Required to dismiss. */
  reason?: string | null;
  /** Required to correct: the right value, as typed. */
  correctedValue?: string | null;
}

export interface ReviewRow {
  id: number;
  anomaly_id: number;
  decision: ReviewDecision;
  reviewer: string;
  /** The key the decision was made with; null before keys (migration 009) and for API_TOKEN. */
  key_id: number | null;
  reason: string | null;
  corrected_value: string | null;
  created_at: Date;
}

/** What is wrong with a review before it is stored (null: nothing). The table's CHECKs say the same. */
export function reviewProblem(r: Omit<NewReview, 'anomalyId'>): string | null {
  if (!(REVIEW_DECISIONS as readonly string[]).includes(r.decision)) return `decision is one of ${REVIEW_DECISIONS.join(', ')}`;
  if (!r.reviewer?.trim()) return 'the reviewer name is required';
  if (r.decision === 'dismissed' && !r.reason?.trim()) return 'a dismissal needs a reason';
  if (r.decision === 'corrected' && !r.correctedValue?.trim()) return 'a correction needs the right value';
  return null;
}

/** Stores one decision; null when the anomaly does not exist. */
export async function addReview(db: Db, { anomalyId, ...r }: NewReview): Promise<ReviewRow | null> {
  const out = await addReviews(db, { ids: [anomalyId], ...r });
  return 'stored' in out ? out.stored[0]! : null;
}

export type BulkReview = Omit<NewReview, 'anomalyId'> & { ids: number[] };

/**
 * One decision on each anomaly, all or none: in one transaction, and only when every id
 * exists (else `missing` names those that do not and nothing is stored).
 */
export async function addReviews(db: Db, r: BulkReview): Promise<{ stored: ReviewRow[] } | { missing: number[] }> {
  const ids = [...new Set(r.ids)];
  return db.transaction(async (tx) => {
    const found = await tx.query<{ id: number }>('SELECT id FROM anomalies WHERE id = ANY($1::bigint[])', [ids]);
    const have = new Set(found.map((x) => x.id));
    const missing = ids.filter((id) => !have.has(id));
    if (missing.length) return { missing };
    const stored = await tx.query<ReviewRow>(
      `INSERT INTO anomaly_reviews (anomaly_id, decision, reviewer, key_id, reason, corrected_value)
       SELECT x.id, $2::text, btrim($3::text), $6::bigint, nullif(btrim($4::text), ''), nullif(btrim($5::text), '')
         FROM unnest($1::bigint[]) WITH ORDINALITY AS x(id, k) ORDER BY x.k
       RETURNING id, anomaly_id, decision, reviewer, key_id, reason, corrected_value, created_at`,
      [ids, r.decision, r.reviewer, r.reason ?? null, r.correctedValue ?? null, r.keyId ?? null],
    );
    return { stored };
  });
}

/** Every decision on the anomaly, oldest first. */
export function reviewHistory(db: Db, anomalyId: number): Promise<ReviewRow[]> {
  return db.query<ReviewRow>(
    `SELECT id, anomaly_id, decision, reviewer, key_id, reason, corrected_value, created_at
       FROM anomaly_reviews WHERE anomaly_id = $1 ORDER BY id`,
    [anomalyId],
  );
}
