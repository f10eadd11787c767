// The one catalog of background jobs: each name with its payload schema, how often and how
// far apart it is retried, and its job id. Enqueueing and processing both go through it,
// so a payload is validated on the way in and again on the way out.
import { z } from 'zod';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a lowercase hex sha256');

export const JOBS = {
  /** Run the stages on one stored upload and save the result into its document row. */
  'process-document': {
    payload: z.object({
      documentId: z.number().int().positive(),
      sha256,
      /** Where the bytes are stored (content-addressed, shared by the API and the workers). */
      path: z.string().min(1),
      /** The name the file was uploaded under. */
      name: z.string().min(1),
      /** The document's `runs`: 1 for the first upload, +1 each time a failed document is queued again. */
      run: z.number().int().positive(),
    }),
    // Transient failures (database, Redis, a timeout under load) are retried 1 s, 2 s, 4 s
    // apart; bad input is not retried at all (see process-document.ts).
    options: { attempts: 4, backoff: { type: 'exponential', delay: 1000 } },
    // The same bytes are processed once: a repeated id keeps the first job. A deliberate
    // re-run (a failed document uploaded again) has a new run number and so its own id.
    jobId: (p: { sha256: string; run: number }) => (p.run === 1 ? p.sha256 : `${p.sha256}-${p.run}`),
  },
} as const;

export type JobName = keyof typeof JOBS;
export type JobPayload<N extends JobName> = z.infer<(typeof JOBS)[N]['payload']>;
export const JOB_NAMES = Object.keys(JOBS) as JobName[];

export function parsePayload<N extends JobName>(name: N, data: unknown): JobPayload<N> {
  return JOBS[name].payload.parse(data) as JobPayload<N>;
}

export const isJobName = (name: string): name is JobName => Object.hasOwn(JOBS, name);
