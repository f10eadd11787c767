// V8's optimising compiler tuned for batch work, process-wide (worker threads included).
// Imported first by every entry point, so that it is set before the rest of the program runs.
//
// With V8's defaults, a 300-page PDF spent 1.5 to 1.8 CPU-s of its 4.5 in TurboFan, on
// background threads: functions were optimised after a few calls and optimised again after
// each deoptimisation as new shapes of data came in (`--trace-opt`: 364 compilations, some
// functions 5 or 6 times). On 2 cores that compiling competes with the page workers and
// with other processes. Optimising only what stays hot (a budget 6 times the default) and
// inlining less took the whole process from 4.5 to 3.5 CPU-s and from 3.0 to 2.6 s
// (`pnpm bench pdf`); the steady state of a long-running worker is the same.
import { setFlagsFromString } from 'node:v8';

for (const flag of ['--interrupt-budget=400000', '--max-inlined-bytecode-size=200', '--max-inlined-bytecode-size-cumulative=400']) setFlagsFromString(flag);
