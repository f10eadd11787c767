export { JOBS, JOB_NAMES, isJobName, parsePayload, type JobName, type JobPayload } from './catalog.ts';
export { deleteQueueKeys, redisConnection, within } from './connection.ts';
export {
  QUEUE_NAME, openQueue, startJobWorker, UnrecoverableError,
  type Enqueued, type Job, type JobContext, type JobHandlers, type JobQueue, type JobWorker,
} from './queue.ts';
export {
  processDocument, runDocument, type DocumentJobResult, type ProcessPayload, type RunOptions, type RunOutcome,
  type StageCpu, type StageProgress,
} from './process-document.ts';
