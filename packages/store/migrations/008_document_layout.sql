-- What ingest read from a document (core's StoredLayout: lines, blocks with table cells, spans,
-- refs and boxes, page count, OCR record and readings), stored with it in the transaction that
-- stores its extraction. The source view and the review pages read this row, never the file
-- again: re-reading meant re-running ingest (minutes of OCR for a scan) in the API process.
-- `layout` is the gzip of the layout's JSON: it is only ever read whole and never queried
-- into, and as bytes it is 5–10 times smaller than jsonb, on disk and on the wire (a scan's
-- or a large workbook's layout runs to megabytes). `format` names the shape (`layout/v1`);
-- a reader that does not know it says so instead of misreading it.
CREATE TABLE document_layouts (
  document_id bigint PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
  format      text NOT NULL,
  layout      bytea NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
