export { openDb, openPostgres, openEmbedded, type Db, type DbConfig } from './db.ts';
export { migrate } from './migrate.ts';
export { saveExtraction, saveFailure, type SaveResult, type SaveStatus, type FailedFile, type Failure } from './save.ts';
export { counts, failedDocuments, listAnomalies, type Counts, type AnomalyRow, type AnomalyFilter, type EvidenceRow, type FailedDocument } from './queries.ts';
export { parseTarget, type ParsedTarget, type TargetOp } from './target.ts';
export { saveRows } from './save.ts';
export {
  recordUpload, markRunning, markQueued, completeDocument, failDocument, getDocument, documentForms, documentAnomalies,
  type DocumentRow, type DocumentStatus, type DocumentStage, type DocumentCounts, type Upload, type UploadResult,
  type DocumentForm, type DocumentAnomaly,
} from './documents.ts';
