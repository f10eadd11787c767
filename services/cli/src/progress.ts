// Progress on stderr: a redrawn bar on a terminal, one plain line per file otherwise
// (logs and CI keep every line).
export interface Progress {
  step(done: number, label: string): void;
  end(): void;
}

export function progress(total: number, out: NodeJS.WriteStream = process.stderr): Progress {
  if (!out.isTTY) {
    return { step: (done, label) => out.write(`[${done}/${total}] ${label}\n`), end: () => {} };
  }
  const width = 24;
  return {
    step(done, label) {
      const filled = Math.round((done / Math.max(total, 1)) * width);
      const cols = out.columns ?? 80;
      const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${label}`;
      out.write(`\r\x1b[2K${line.slice(0, cols - 1)}`);
    },
    end: () => out.write('\n'),
  };
}
