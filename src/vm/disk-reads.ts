/**
 * The guest's disk reads that are still on their way. The root disk is loaded lazily, so a
 * read the guest asks for is answered later (a chunk fetched or read from a file). v86 saves
 * the disk controller's registers in a state but not the read behind them:
 *
 * - a state saved while a read is out restores with the controller busy forever, and every
 *   process that needs the disk waits until the guest kernel gives up on it (about 30 s);
 * - a read still out when another state is restored lands in the restored guest's memory.
 *
 * So a save waits for a moment with no read out, and a restore first cancels the old reads.
 */
import type { V86 } from 'v86';

/** The parts of v86's IDE interface (ide.js) read here and in disk-cache.ts; absent fields mean an emulator without them. */
export interface IdeInterface {
  in_progress_io_ids?: Map<number, unknown>;
  cancel_io_operations?: () => void;
  /** The disk behind the drive (v86's buffer.js); see disk-cache.ts. */
  buffer?: unknown;
}

interface IdeChannel {
  master?: IdeInterface;
  slave?: IdeInterface;
}

/** The emulator's IDE drives that exist. */
export function ideInterfaces(emulator: V86): IdeInterface[] {
  const ide = (emulator as unknown as { v86?: { cpu?: { devices?: { ide?: { primary?: IdeChannel; secondary?: IdeChannel } } } } }).v86?.cpu?.devices?.ide;
  return [ide?.primary, ide?.secondary].flatMap((channel) => [channel?.master, channel?.slave]).filter((drive): drive is IdeInterface => drive !== undefined);
}

/** How many disk reads the guest is waiting for. */
export function diskReadsInFlight(emulator: V86): number {
  return ideInterfaces(emulator).reduce((total, drive) => total + (drive.in_progress_io_ids?.size ?? 0), 0);
}

/** Drops the reads still out, so their data never reaches the guest that replaces the one that asked. */
export function cancelDiskReads(emulator: V86): void {
  for (const drive of ideInterfaces(emulator)) drive.cancel_io_operations?.();
}

/**
 * Runs `task` at once when no disk read is out, else waits for such a moment (the emulator
 * keeps running meanwhile). The check and the task run in one turn, so no read can start
 * between them. Rejects with `onTimeout()` if the disk stays busy for `timeoutMs`.
 */
export async function whenNoDiskRead<T>(emulator: V86, task: () => T, { timeoutMs, onTimeout }: { timeoutMs: number; onTimeout: () => Error }): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (diskReadsInFlight(emulator) > 0) {
    if (Date.now() > deadline) throw onTimeout();
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return task();
}
