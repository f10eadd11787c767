// The longest files start first, so that the run does not end waiting on one of them.
// vitest orders files by the durations it cached from the last run; without that cache (a
// fresh checkout, CI) it starts the largest files first, which put the OCR files — a few
// lines that read scans for a minute — last, and the run ended on them alone. These start
// first, in this order (the longest in a run of the suite); the rest keep vitest's order.
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const FIRST = [
  'services/cli/src/ingest-batch.test.ts',
  'services/cli/src/ingest.test.ts',
  'packages/pipeline/src/corpus-ocr.test.ts',
  'test/e2e/review.test.ts',
  'packages/pipeline/src/ocr-accuracy.test.ts',
  'packages/store/src/embedded.test.ts',
  'packages/pipeline/src/renditions.test.ts',
  'services/cli/src/built.test.ts',
  'packages/pipeline/src/isolated.test.ts',
];

export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification) => FIRST.findIndex((p) => f.moduleId.endsWith(p));
    const sorted = await super.sort(files);
    return [...sorted.filter((f) => rank(f) >= 0).sort((a, b) => rank(a) - rank(b)), ...sorted.filter((f) => rank(f) < 0)];
  }
}
