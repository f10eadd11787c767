// The review desk's own reads and writes (services/api/src/review): the documents list with
// its counts, where an anomaly falls in the filtered list (a link to one on page 2), and a
// decision on several anomalies at once.
import type { Db } from './db.ts';
import { ANOMALY_FROM, anomalyWhere } from './lists.ts';
import { Where, contains, type PageRequest, type Paged, type ReadFilter } from './read.ts';
import type { ReviewDecision, ReviewRow } from './reviews.ts';

export interface DeskDocumentFilter {
  /** queued, running, done, failed */
  status?: string;
  /** The media type, exact. */
  mediaType?: string;
  /** Substring of the name, or of the error code or message. */
  q?: string;
}

export interface DeskDocument {
  id: number; name: string; media_type: string | null; pages: number | null; status: string;
  error_code: string | null; error_message: string | null; created_at: Date;
  forms: number; tables: number;
  errors: number; warnings: number;
  /** Anomalies with at least one decision. */
  reviewed: number;
}

/** Every document the filter matches, in name order, with its counts. */
export async function deskDocuments(db: Db, f: DeskDocumentFilter = {}, page: PageRequest = { limit: 200, offset: 0 }): Promise<Paged<DeskDocument>> {
  const w = new Where()
    .add('d.status = ?', f.status)
    .add('d.media_type = ?', f.mediaType)
    .add('(d.name ILIKE ? OR d.error_code ILIKE ? OR d.error_message ILIKE ?)', f.q === undefined ? undefined : contains(f.q));
  const { sql, params } = w;
  const [{ total }] = await db.query<{ total: number }>(`SELECT count(*) AS total FROM documents d ${sql}`, params);
  const items = await db.query<DeskDocument>(
    `SELECT d.id, d.name, d.media_type, d.page_count AS pages, d.status, d.error_code,
            -- the message names the file; a server path (CLI ingest stores the path as given) becomes its name
            replace(d.error_message, d.path, d.name) AS error_message, d.created_at,
            (SELECT count(*) FROM forms x WHERE x.document_id = d.id) AS forms,
            (SELECT count(*) FROM budget_tables t WHERE t.document_id = d.id) AS tables,
            coalesce(a.errors, 0) AS errors, coalesce(a.warnings, 0) AS warnings, coalesce(a.reviewed, 0) AS reviewed
       FROM documents d
       LEFT JOIN (SELECT a.document_id,
                         count(*) FILTER (WHERE a.severity = 'error') AS errors,
                         count(*) FILTER (WHERE a.severity = 'warning') AS warnings,
                         count(*) FILTER (WHERE EXISTS (SELECT 1 FROM anomaly_reviews r WHERE r.anomaly_id = a.id)) AS reviewed
                    FROM anomalies a GROUP BY a.document_id) a ON a.document_id = d.id
       ${sql} ORDER BY d.name COLLATE "C", d.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, page.limit, page.offset ?? 0],
  );
  return { total, totalExact: true, limit: page.limit, offset: page.offset ?? 0, next: null, items };
}

/** Where anomaly `id` falls in the list the filter gives (0-based, the list's order: by id); null when the filter leaves it out. */
export async function anomalyPlace(db: Db, id: number, f: ReadFilter = {}): Promise<number | null> {
  const w = anomalyWhere(f);
  const n = w.params.length;
  const and = w.sql ? `${w.sql} AND` : 'WHERE';
  const [row] = await db.query<{ matches: boolean; place: number }>(
    `SELECT EXISTS (SELECT 1 ${ANOMALY_FROM} ${and} a.id = $${n + 1}) AS matches,
            (SELECT count(*) ${ANOMALY_FROM} ${and} a.id < $${n + 1}) AS place`,
    [...w.params, id],
  );
  return row?.matches ? Number(row.place) : null;
}

export interface BulkReview {
  ids: number[]; decision: ReviewDecision; reviewer: string; keyId?: number | null;
  reason?: string | null; correctedValue?: string | null;
}

/**
 * One decision on each anomaly, all or none: in one transaction, and only when every id
 * exists (else `missing` names those that do not and nothing is stored).
 */
export async function addReviews(db: Db, r: BulkReview): Promise<{ stored: ReviewRow[] } | { missing: number[] }> {
  const ids = [...new Set(r.ids)];
  return db.transaction(async (tx) => {
    const found = await tx.query<{ id: number }>('SELECT id FROM anomalies WHERE id = ANY($1::bigint[])', [ids]);
    const have = new Set(found.map((x) => Number(x.id)));
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
