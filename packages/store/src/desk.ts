// The review desk's own reads and writes (services/api/src/review): the documents list with
// its counts, where an anomaly falls in the filtered list (a link to one on page 2), and a
// decision on several anomalies at once.
import type { Db } from './db.ts';
import { ANOMALY_FROM, anomalyWhere } from './lists.ts';
import { Where, contains, paged, type PageRequest, type Paged, type ReadFilter } from './read.ts';

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
  return paged<DeskDocument>(
    db, 'FROM documents d', w,
    `d.id, d.name, d.media_type, d.page_count AS pages, d.status, d.error_code,
     -- the message names the file; a server path (CLI ingest stores the path as given) becomes its name
     replace(d.error_message, d.path, d.name) AS error_message, d.created_at,
     (SELECT count(*) FROM forms x WHERE x.document_id = d.id) AS forms,
     (SELECT count(*) FROM budget_tables t WHERE t.document_id = d.id) AS tables,
     (SELECT count(*) FROM anomalies a WHERE a.document_id = d.id AND a.severity = 'error') AS errors,
     (SELECT count(*) FROM anomalies a WHERE a.document_id = d.id AND a.severity = 'warning') AS warnings,
     (SELECT count(*) FROM anomalies a WHERE a.document_id = d.id
        AND EXISTS (SELECT 1 FROM anomaly_reviews r WHERE r.anomaly_id = a.id)) AS reviewed`,
    'd.name COLLATE "C", d.id', page,
  );
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
  return row?.matches ? row.place : null;
}
