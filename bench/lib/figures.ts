/**
 * What every benchmark shares: the median of its rounds and the last line of its output,
 * the one JSON object the conventions table fixes
 * (`{"bench","metric","value","baseline","ratio","target",…}`), read by whoever compares runs.
 */

/** The median (the mean of the two middle values for an even count); 0 for no values. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return 0;
  return sorted.length % 2
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

export interface BenchVerdict {
  bench: string;
  metric: string;
  value: number;
  baseline: number;
  /** Rounded to two decimals on output. */
  ratio: number;
  target: number;
  /** Figures a benchmark adds after the fixed fields (sizes, limits). */
  [extra: string]: number | string;
}

/** Prints the verdict as the run's last line. */
export function printVerdict({ ratio, ...rest }: BenchVerdict): void {
  const { bench, metric, value, baseline, target, ...extra } = rest;
  console.log(
    JSON.stringify({
      bench,
      metric,
      value,
      baseline,
      ratio: Number(ratio.toFixed(2)),
      target,
      ...extra,
    }),
  );
}
