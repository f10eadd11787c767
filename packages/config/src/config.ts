// The one place that reads process.env: parsed once at start into a typed config.
import { z } from 'zod';

/** A positive whole number given as text (environment values are strings). */
const int = (dflt: number, min = 1) => z.coerce.number().int().min(min).default(dflt);

/** Defaults of the upload limits that callers building an ApiConfig by hand may leave out. */
export const UPLOAD_DEFAULTS = { maxTotalBytes: 500 * 1024 * 1024, maxZipRatio: 100 };

const EnvSchema = z.object({
  DATABASE_URL: z.string().url().optional(),
  /** Folder of the embedded database (PGlite) when DATABASE_URL is not set. */
  ZIPING_DATA_DIR: z.string().default('.ziping/db'),
  REDIS_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  // Service mode (ziping serve / ziping worker)
  /** Uploaded files, stored content-addressed by sha256. Shared by the API and the workers. */
  ZIPING_FILES_DIR: z.string().default('.ziping/files'),
  API_HOST: z.string().default('127.0.0.1'),
  API_PORT: int(8080, 0).pipe(z.number().max(65535)),
  /** Bootstrap admin key (named keys: `ziping keys create`). `serve` needs it or a live key. */
  API_TOKEN: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(8).optional()), // '' from compose's ${API_TOKEN:-}
  /** true: GET requests need no key (uploads and decisions still do). */
  API_PUBLIC_READS: z.enum(['true', 'false']).default('false'),
  /** Failed key checks a client address may make per minute before it gets 429. */
  API_AUTH_FAILURES: int(10),
  /** Largest accepted file, and largest file inside a .zip, in bytes. */
  UPLOAD_MAX_BYTES: int(50 * 1024 * 1024),
  /** Most files in one upload request (the files inside a .zip count one each). */
  UPLOAD_MAX_FILES: int(100),
  /** Most bytes one request may bring: its files as sent, plus the files inside its .zip files unpacked. */
  UPLOAD_MAX_TOTAL_BYTES: int(UPLOAD_DEFAULTS.maxTotalBytes),
  /** Most bytes one compressed byte of a .zip entry may unpack to (past its first MiB): a zip bomb's is ~1000. */
  UPLOAD_MAX_ZIP_RATIO: int(UPLOAD_DEFAULTS.maxZipRatio),
  /** Redis key prefix of the queues, so several deployments can share one Redis. */
  QUEUE_PREFIX: z.string().regex(/^[\w.-]+$/).default('ziping'),
  WORKER_CONCURRENCY: int(2),
  /** Time limit for one document, all stages. */
  JOB_TIMEOUT_MS: int(5 * 60_000),
  /** A job whose worker stopped renewing its lock (killed) is re-delivered after this… */
  JOB_LOCK_MS: int(60_000),
  /** …at the next stall check, run this often. */
  JOB_STALLED_INTERVAL_MS: int(30_000),

  // ziping ingest: each file is extracted in a child process (reused across files) under these limits
  /** Time limit for one file; past it the file fails with TIMEOUT and the batch goes on. */
  INGEST_TIMEOUT_MS: int(5 * 60_000),
  /** Heap limit of the extraction process, in MB; past it the file fails with TOO_LARGE. */
  INGEST_MAX_MEMORY_MB: int(2048, 64),
  /** Threads reading the pages of a PDF of 1 MiB or more, each with its own PDF engine; 0 = on the calling thread. Default: the cores less one, at most 4. */
  PDF_WORKERS: z.coerce.number().int().min(0).max(32).optional(),

  // OCR of scanned PDF pages and image files
  /** Recogniser: paddle (PP-OCRv4, the default: more accurate on table cells) or tesseract; off leaves scans unread. */
  OCR_ENGINE: z.enum(['paddle', 'tesseract', 'off']).default('paddle'),
  /** Recognisers run in parallel (default: the cores, at most 4). */
  OCR_WORKERS: z.coerce.number().int().min(1).max(32).optional(),
  /** Resolution scanned PDF pages are rendered at. */
  OCR_DPI: int(200, 72).pipe(z.number().max(600)),
});

export type LogLevel = z.infer<typeof EnvSchema>['LOG_LEVEL'];

export interface QueueConfig {
  redisUrl: string;
  prefix: string;
  concurrency: number;
  jobTimeoutMs: number;
  lockDurationMs: number;
  stalledIntervalMs: number;
}

export interface ApiConfig {
  host: string;
  port: number;
  /** API_TOKEN: an admin key outside the database (bootstrap, tests). */
  token: string | null;
  /** Reads (GET) without a key. Default false. */
  publicReads?: boolean;
  /** Failed key checks per client address per minute before 429. Default 10. */
  authFailuresPerMinute?: number;
  maxFileBytes: number;
  maxFiles: number;
  /** UPLOAD_DEFAULTS when not given. */
  maxTotalBytes?: number;
  maxZipRatio?: number;
}

/** Structurally the OCR package's `OcrConfig`; `false` when OCR is off. */
export interface OcrSettings {
  engine: 'paddle' | 'tesseract';
  workers?: number;
  dpi: number;
}

export interface Config {
  database: { kind: 'postgres'; url: string } | { kind: 'embedded'; dir: string };
  redisUrl: string | null;
  logLevel: LogLevel;
  filesDir: string;
  api: ApiConfig;
  /** Null without REDIS_URL: no queue, documents are processed inline. */
  queue: QueueConfig | null;
  ocr: OcrSettings | false;
  ingest: { timeoutMs: number; maxMemoryMb: number; pdfWorkers?: number };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid environment: ${issues}`);
  }
  const e = parsed.data;
  return {
    database: e.DATABASE_URL ? { kind: 'postgres', url: e.DATABASE_URL } : { kind: 'embedded', dir: e.ZIPING_DATA_DIR },
    redisUrl: e.REDIS_URL ?? null,
    logLevel: e.LOG_LEVEL,
    filesDir: e.ZIPING_FILES_DIR,
    api: {
      host: e.API_HOST, port: e.API_PORT, token: e.API_TOKEN ?? null,
      publicReads: e.API_PUBLIC_READS === 'true', authFailuresPerMinute: e.API_AUTH_FAILURES,
      maxFileBytes: e.UPLOAD_MAX_BYTES, maxFiles: e.UPLOAD_MAX_FILES,
      maxTotalBytes: e.UPLOAD_MAX_TOTAL_BYTES, maxZipRatio: e.UPLOAD_MAX_ZIP_RATIO,
    },
    queue: e.REDIS_URL
      ? {
          redisUrl: e.REDIS_URL, prefix: e.QUEUE_PREFIX, concurrency: e.WORKER_CONCURRENCY,
          jobTimeoutMs: e.JOB_TIMEOUT_MS, lockDurationMs: e.JOB_LOCK_MS, stalledIntervalMs: e.JOB_STALLED_INTERVAL_MS,
        }
      : null,
    ingest: { timeoutMs: e.INGEST_TIMEOUT_MS, maxMemoryMb: e.INGEST_MAX_MEMORY_MB, ...(e.PDF_WORKERS !== undefined ? { pdfWorkers: e.PDF_WORKERS } : {}) },
    ocr: e.OCR_ENGINE === 'off' ? false : { engine: e.OCR_ENGINE, dpi: e.OCR_DPI, ...(e.OCR_WORKERS ? { workers: e.OCR_WORKERS } : {}) },
  };
}
