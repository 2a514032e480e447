/** Small helpers for the benchmark scripts: medians, percentiles and a bar check. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export const median = (values: number[]) => percentile(values, 50);

/** "figure / bar = ratio" with a verdict, e.g. `0.62 s / 1.00 s = 0.62 (meets the bar)`. */
export function againstBar(value: number, bar: number, unit: string, goal?: number): string {
  const ratio = value / bar;
  const verdict = ratio <= 1 ? 'meets the bar' : 'MISSES the bar';
  const goalText = goal === undefined ? '' : `; goal ${goal} ${unit}: ${value <= goal ? 'met' : 'not met'}`;
  return `${value.toFixed(unit === 'MB' ? 2 : unit === 's' ? 2 : 1)} ${unit} / ${bar} ${unit} = ${ratio.toFixed(2)} (${verdict}${goalText})`;
}

export function row(label: string, text: string): void {
  console.log(`${label.padEnd(44)} ${text}`);
}
