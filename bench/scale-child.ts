// One run of `pnpm bench scale`, in a process of its own so its peak RSS is the extraction's:
// extractFile (as `ziping extract`) on one file, then one JSON line on stdout: wall and CPU
// (user + system) seconds of the extraction, each stage's wall seconds, peak RSS.
import { extractFile, type StageName } from '@ziping/pipeline';

const path = process.argv[2]!;
const stages: Partial<Record<StageName, number>> = {};
let stage: StageName | null = null;
let mark = process.hrtime.bigint();
const lap = (next: StageName | null) => {
  const now = process.hrtime.bigint();
  if (stage) stages[stage] = Number(now - mark) / 1e9;
  stage = next;
  mark = now;
};
const t0 = process.hrtime.bigint();
const cpu0 = process.cpuUsage();
const { extraction } = await extractFile(path, lap);
lap(null);
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const { user, system } = process.cpuUsage(cpu0);
// maxRSS is in KiB
console.log(JSON.stringify({ seconds, cpu: (user + system) / 1e6, stages, maxRssMiB: process.resourceUsage().maxRSS / 1024, forms: extraction.forms.length }));
