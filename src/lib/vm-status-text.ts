/**
 * The words the terminal pane shows for the VM's state and download progress.
 */
import { formatBytes, formatPercent } from './format-bytes.ts';
import type { LoadProgress } from './vm-loader.ts';
import type { VmStatus } from './vm-session.ts';

/** The short label in the terminal toolbar. */
export function statusLabel(status: VmStatus): string {
  switch (status.state) {
    case 'idle':
      return 'VM: waiting';
    case 'loading':
      return status.progress.stage === 'download'
        ? `VM: loading ${formatPercent(status.progress.receivedBytes, status.progress.totalBytes)}`
        : 'VM: starting';
    case 'ready':
      return 'VM: running';
    case 'failed':
      return 'VM: stopped';
  }
}

/**
 * The loading message and the progress bar's position (none: an indeterminate bar).
 *
 * @example progressText({ stage: 'download', receivedBytes: 5e6, totalBytes: 1e7 }).text
 * // 'Downloading the Linux VM: 5.0 MB of 10.0 MB (50%)'
 */
export function progressText(progress: LoadProgress | undefined): { text: string; bar?: { value: number; max: number } } {
  if (!progress || progress.stage === 'describe') return { text: 'Preparing the Linux VM…' };
  if (progress.stage === 'start') return { text: 'Starting the Linux VM…' };
  const { receivedBytes: got, totalBytes: total } = progress;
  return {
    text: `Downloading the Linux VM: ${formatBytes(got)} of ${formatBytes(total)} (${formatPercent(got, total)})`,
    bar: { value: got, max: total },
  };
}
