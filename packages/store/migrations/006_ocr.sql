-- Which recogniser read a document's scanned pages (recorded per document), and which pages.
ALTER TABLE documents
  ADD COLUMN ocr_engine text,
  ADD COLUMN ocr_pages  jsonb;
