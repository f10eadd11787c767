// `ziping worker`: takes document jobs from the queue (REDIS_URL) until SIGTERM / SIGINT,
// then finishes the running ones and exits 0. Scale by running more of them.
import { runWorker } from '@ziping/worker';
import { UsageError, type Command } from '../command.ts';

export const workerCommand: Command = async (args, config) => {
  if (args.length) throw new UsageError(`unexpected arguments: ${args.join(' ')}`);
  if (!config.queue) throw new UsageError('REDIS_URL is not set: the worker takes its jobs from the queue');
  await runWorker(config, (line) => process.stderr.write(`${line}\n`));
  return 0;
};
