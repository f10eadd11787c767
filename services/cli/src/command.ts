import type { Config } from '@ziping/config';

/** A command takes its own arguments and returns the exit code. */
export type Command = (args: string[], config: Config) => Promise<number>;

export class UsageError extends Error {}
