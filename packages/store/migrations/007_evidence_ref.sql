-- The cell an evidence value was read from, where the source has cells: a sheet cell
-- (`附件1-2!C7` in an XLSX, `C7` in a CSV) or a table cell (`t2 r3 c4` in a DOCX or an HTML
-- page). The review page finds that cell in a rendering of the table; page and line alone
-- cannot point into a sheet. NULL for PDFs, scans and text dumps. (Forms, funding rows and
-- indicators keep their per-field refs in their `prov` jsonb already.)
ALTER TABLE anomaly_evidence ADD COLUMN ref text;
