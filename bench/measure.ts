/** Median wall time of `runs` calls of `f`, in milliseconds, after one warm-up call. */
export function median(runs: number, f: () => void): number {
  f();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    f();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1];
}

/** One benchmark line: what was measured, its time, and its ratio to the baseline of the same run. */
export function report(name: string, ms: number, baselineName: string, baselineMs: number, target?: string): void {
  const ratio = ms / baselineMs;
  const goal = target ? `  (target ${target})` : '';
  console.log(`${name.padEnd(44)} ${ms.toFixed(1).padStart(9)} ms   ${ratio.toFixed(2)}x ${baselineName}${goal}`);
}
