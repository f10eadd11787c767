export { openDb, openPostgres, type Db, type DbConfig, type OpenOptions } from './db.ts';
export { DbError, isDbError, type DbErrorCode } from './embedded.ts';
export { migrate } from './migrate.ts';
export { saveExtraction, saveFailure, type SaveResult, type SaveStatus, type FailedFile, type Failure } from './save.ts';
export { counts, failedDocuments, listAnomalies, type Counts, type AnomalyRow, type AnomalyFilter, type EvidenceRow, type FailedDocument } from './queries.ts';
export { parseTarget, type ParsedTarget, type TargetOp } from './target.ts';
export { saveRows } from './save.ts';
export { saveLayout, documentLayout, documentLayoutHead, layoutParts, type LayoutHead } from './layout.ts';
export {
  findBySha256, recordUpload, markRunning, markQueued, completeDocument, failDocument, getDocument, documentForms, documentAnomalies,
  type DocumentRow, type DocumentStatus, type DocumentStage, type DocumentCounts, type Upload, type UploadResult,
  type DocumentForm, type DocumentAnomaly,
} from './documents.ts';
export {
  listDocuments, documentsNamed, documentReconstruction, REVIEW_STATES, COUNT_CAP,
  type ReadFilter, type PageRequest, type Paged, type DocumentListRow, type ReconstructedForm, type ReconstructedTable,
} from './read.ts';
export {
  listForms, listFunding, listIndicators, listAnomalyDetails, listReviews, anomalyDetail, anomalyCounts, everyRow, CursorError,
  type ListOptions, type FormListRow, type FundingListRow, type IndicatorListRow, type AnomalyListRow, type ReviewListRow,
  type EvidenceDetail, type ReviewState, type AnomalyCounts,
} from './lists.ts';
export { deskDocuments, anomalyPlace, type DeskDocument, type DeskDocumentFilter } from './desk.ts';
export { addReview, addReviews, type BulkReview, reviewHistory, reviewProblem, REVIEW_DECISIONS, type NewReview, type ReviewRow, type ReviewDecision } from './reviews.ts';
export {
  reconcileAmounts, reconcileTargets,
  type ReconcileFilter, type AmountCheck, type TargetCheck, type AmountStatus, type TargetStatus, type Source as ReconcileSource,
} from './reconcile.ts';
export {
  createKey, revokeKey, listKeys, hasLiveKeys, authenticateKey, keyProblem, KeyError, KEY_ROLES,
  type KeyRow, type KeyRole, type KeyIdentity,
} from './keys.ts';
