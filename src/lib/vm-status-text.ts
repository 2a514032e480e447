/**
 * The words the terminal pane shows for the VM's state and download progress.
 */
import { formatBytes, formatPercent } from './format-bytes.ts';
import type { MachineHealth } from '../vm/machine.ts';
import type { LoadProgress } from './vm-download.ts';
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
      return HEALTH_LABEL[status.health];
    case 'failed':
      return 'VM: stopped';
  }
}

const HEALTH_LABEL: Record<MachineHealth, string> = {
  running: 'VM: running',
  'powered-off': 'VM: powered off',
  rebooted: 'VM: rebooted',
  'not-answering': 'VM: not answering',
};

const FAULT: Record<Exclude<MachineHealth, 'running'>, string> = {
  'powered-off': 'The VM has been powered off (poweroff or halt stops it until it is reset).',
  rebooted: 'The VM was rebooted, and it cannot start again by itself.',
  'not-answering': 'The VM is not answering: too many processes (a fork bomb?), or its grader agent was stopped.',
};

/** What happened to a VM that is not running, in the learner's words; undefined while it runs. */
export function healthFault(health: MachineHealth): string | undefined {
  return health === 'running' ? undefined : FAULT[health];
}

/** The terminal's notice for a VM that is not running: what happened and the way back. */
export function healthNotice(health: MachineHealth): string | undefined {
  const fault = healthFault(health);
  return fault && `${fault} Press Reset VM, or Reset in the exercise, to bring it back.`;
}

/** The terminal's data-vm-state: the loading state, or for a loaded VM its health ('ready' while it runs). */
export function stateName(status: VmStatus): string {
  if (status.state !== 'ready' || status.health === 'running') return status.state;
  return status.health;
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
