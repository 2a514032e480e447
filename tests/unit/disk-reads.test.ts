/** The save's wait for a moment with no disk read out (src/vm/disk-reads.ts), on v86's own IDE fields. */
import type { V86 } from 'v86';
import { describe, expect, it } from 'vitest';
import { cancelDiskReads, diskReadsInFlight, whenNoDiskRead } from '../../src/vm/disk-reads.ts';

/** An emulator whose primary master drive has `reads` out, shaped as v86 keeps them. */
function emulatorWithReads(reads: number) {
  const inProgress = new Map<number, AbortController>(Array.from({ length: reads }, (_, id) => [id, new AbortController()]));
  const drive = { in_progress_io_ids: inProgress, cancel_io_operations: () => inProgress.clear() };
  const emulator = { v86: { cpu: { devices: { ide: { primary: { master: drive, slave: { in_progress_io_ids: new Map() } } } } } } } as unknown as V86;
  return { emulator, inProgress };
}

describe('disk reads in flight', () => {
  it('counts the reads out on every drive, and none for an emulator without a disk controller', () => {
    expect(diskReadsInFlight(emulatorWithReads(2).emulator)).toBe(2);
    expect(diskReadsInFlight({} as V86)).toBe(0);
  });

  it('runs the task at once when no read is out', async () => {
    const { emulator } = emulatorWithReads(0);
    await expect(whenNoDiskRead(emulator, () => 'saved', { timeoutMs: 0, onTimeout: () => new Error('timed out') })).resolves.toBe('saved');
  });

  it('waits for the last read to finish, then runs the task with none out', async () => {
    const { emulator, inProgress } = emulatorWithReads(1);
    setTimeout(() => inProgress.delete(0), 30);
    const outWhenRun = await whenNoDiskRead(emulator, () => diskReadsInFlight(emulator), { timeoutMs: 2000, onTimeout: () => new Error('timed out') });
    expect(outWhenRun).toBe(0);
  });

  it('gives up with the caller\'s error when the disk stays busy, without running the task', async () => {
    const { emulator } = emulatorWithReads(1);
    let ran = false;
    await expect(whenNoDiskRead(emulator, () => (ran = true), { timeoutMs: 20, onTimeout: () => new Error('the disk is busy') })).rejects.toThrow('the disk is busy');
    expect(ran).toBe(false);
  });

  it('cancels every read out', () => {
    const { emulator } = emulatorWithReads(3);
    cancelDiskReads(emulator);
    expect(diskReadsInFlight(emulator)).toBe(0);
  });
});
