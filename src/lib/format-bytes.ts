/**
 * Human-readable byte counts for progress messages.
 *
 * @example formatBytes(14_680_064) // '14.7 MB'
 */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(0)} kB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/** @example formatPercent(3, 4) // '75%' */
export function formatPercent(part: number, whole: number): string {
  if (whole <= 0) return '0%';
  return `${Math.min(100, Math.floor((part / whole) * 100))}%`;
}
