/**
 * The topology panel's reads of the VM: one TopologyFeed per machine (a new machine starts
 * afresh), each read timed and kept (the last RECENT), and the picture built only when the
 * feed says something changed. No DOM; the panel draws what read() returns.
 *
 * @example
 * const reader = new TopologyReader();
 * const topology = await reader.read(machine); // a Topology the first time, then only after a change
 */
import type { GuestMachine } from '../vm/machine-api.ts';
import { buildTopology, type Topology } from './model.ts';
import { TopologyFeed } from './watch.ts';

/** One read: when it started (performance.now()), how long it took, its agent times, whether it collected. */
export interface ReadRecord {
  at: number;
  totalMs: number;
  agentMs: number[];
  changed: boolean;
}

const RECENT = 20;

export class TopologyReader {
  /** Reads asked of the VM so far. */
  count = 0;
  /** The last reads, newest last, for tests and diagnosis. */
  readonly recent: ReadRecord[] = [];
  private feed?: TopologyFeed;
  private machine?: GuestMachine;

  /** The topology when it changed since the last read, else undefined. Throws when the VM could not be read; the next read starts afresh. */
  async read(machine: GuestMachine): Promise<Topology | undefined> {
    if (this.machine !== machine) {
      this.machine = machine;
      this.feed = new TopologyFeed((command, timeoutMs) => machine.exec(command, { timeoutMs }));
    }
    this.count += 1;
    const at = performance.now();
    try {
      const result = await this.feed!.refresh();
      this.recent.push({ at, totalMs: result.totalMs, agentMs: result.agentMs, changed: result.changed });
      if (this.recent.length > RECENT) this.recent.shift();
      return result.changed && result.reading ? buildTopology(result.reading.state, result.reading) : undefined;
    } catch (error) {
      this.invalidate();
      throw error;
    }
  }

  /** The VM was reset or restored: the next read collects everything. */
  invalidate(): void {
    this.feed?.invalidate();
  }
}
