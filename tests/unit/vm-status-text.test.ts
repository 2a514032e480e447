import { describe, expect, it } from 'vitest';
import { formatBytes, formatPercent } from '../../src/lib/format-bytes.ts';
import type { VmStatus } from '../../src/lib/vm-session.ts';
import { healthNotice, progressText, stateName, statusLabel } from '../../src/lib/vm-status-text.ts';
import type { Machine, MachineHealth } from '../../src/vm/machine.ts';

describe('the loading message', () => {
  it('shows bytes and percent while downloading', () => {
    expect(progressText({ stage: 'download', receivedBytes: 2_500_000, totalBytes: 10_000_000 })).toEqual({
      text: 'Downloading the Linux VM: 2.5 MB of 10.0 MB (25%)',
      bar: { value: 2_500_000, max: 10_000_000 },
    });
  });

  it('has an indeterminate bar before and after the download', () => {
    expect(progressText(undefined).bar).toBeUndefined();
    expect(progressText({ stage: 'start', receivedBytes: 1, totalBytes: 1 })).toEqual({ text: 'Starting the Linux VM…' });
  });
});

describe('byte and percent formats', () => {
  it.each([
    [999, '999 B'],
    [14_300, '14 kB'],
    [14_680_064, '14.7 MB'],
  ])('%d bytes read as %s', (bytes, text) => expect(formatBytes(bytes)).toBe(text));

  it('never passes 100% or divides by zero', () => {
    expect(formatPercent(11, 10)).toBe('100%');
    expect(formatPercent(1, 0)).toBe('0%');
  });
});

describe('a loaded VM that is not running', () => {
  const ready = (health: MachineHealth): VmStatus => ({ state: 'ready', machine: {} as Machine, health });

  it.each([
    ['running', 'VM: running', 'ready'],
    ['powered-off', 'VM: powered off', 'powered-off'],
    ['rebooted', 'VM: rebooted', 'rebooted'],
    ['not-answering', 'VM: not answering', 'not-answering'],
  ] as const)('%s reads "%s" in the toolbar and %s in data-vm-state', (health, label, state) => {
    expect(statusLabel(ready(health))).toBe(label);
    expect(stateName(ready(health))).toBe(state);
  });

  it('says what happened and the way back, and nothing while it runs', () => {
    expect(healthNotice('running')).toBeUndefined();
    expect(healthNotice('powered-off')).toMatch(/^The VM has been powered off.*Press Reset VM, or Reset in the exercise/);
    expect(healthNotice('rebooted')).toMatch(/^The VM was rebooted.*Press Reset VM/);
    expect(healthNotice('not-answering')).toMatch(/^The VM is not answering: too many processes.*Press Reset VM/);
  });
});
