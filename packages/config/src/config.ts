// The one place that reads process.env: parsed once at start into a typed config.
import { z } from 'zod';

const EnvSchema = z.object({
  DATABASE_URL: z.string().url().optional(),
  /** Folder of the embedded database (PGlite) when DATABASE_URL is not set. */
  ZIPING_DATA_DIR: z.string().default('.ziping/db'),
  REDIS_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  database: { kind: 'postgres'; url: string } | { kind: 'embedded'; dir: string };
  redisUrl: string | null;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
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
  };
}
