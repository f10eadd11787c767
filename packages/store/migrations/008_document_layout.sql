-- What ingest read from a document (core's StoredLayout: lines, blocks with table cells, spans,
-- refs and boxes, page count and sizes, OCR record and readings), stored with it in the
-- transaction that stores its extraction. The source view and the review pages read this row, never the file
-- again: re-reading meant re-running ingest (minutes of OCR for a scan) in the API process.
-- Gzipped JSON, not jsonb: it is read in pieces and never queried into, and gzip makes it 7–9
-- times smaller than its JSON (a 30-page PDF's layout: 530 kB of JSON, 78 kB gzipped, 165 kB
-- as jsonb after TOAST compression — and jsonb is sent as its whole text, 577 kB, on every
-- read). `format` names the shape (`layout/v1`); a reader that does not know it says so
-- instead of misreading it.
CREATE TABLE document_layouts (
  document_id bigint PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
  format      text NOT NULL,
  layout      bytea NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- The layout in parts of up to 250 lines (the lines, and the table cells printed on them),
-- so that a few lines of a 20,000-row sheet are read without decoding all of it: `layout`
-- above holds the rest (page count, OCR record, tables' shapes) and the index of the parts
-- (packages/store/src/layout.ts).
CREATE TABLE document_layout_parts (
  document_id bigint NOT NULL REFERENCES document_layouts(document_id) ON DELETE CASCADE,
  part        integer NOT NULL,
  data        bytea NOT NULL,
  PRIMARY KEY (document_id, part)
);
