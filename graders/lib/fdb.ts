/**
 * A bridge's forwarding table as `bridge -j fdb show` prints it (collected with the `bridge`
 * extra section), validated: learned entries, each port's own permanent ones, and the
 * bridge's own.
 */
import { z } from 'zod';
import type { CollectedState } from '../../src/state/collect.ts';
import { ProbeError } from '../../src/grading/check.ts';
import { findLink } from '../../src/state/parse-ip.ts';

export const fdbEntrySchema = z.looseObject({
  mac: z.string(),
  ifname: z.string(),
  master: z.string().optional(),
  vlan: z.number().optional(),
  state: z.string().optional(),
  flags: z.array(z.string()).optional(),
});
export type FdbEntry = z.infer<typeof fdbEntrySchema>;

/** The entries of bridge `bridge` in namespace `ns` ('' the host); a state without the bridge section is the grader's error. */
export function fdbOf(state: CollectedState, ns: string, bridge: string): FdbEntry[] {
  const table = state.namespaces[ns]?.bridge?.fdb;
  if (!table) throw new ProbeError(`the forwarding table of ${ns || 'the host'} was not read`);
  const parsed = z.array(fdbEntrySchema).safeParse(table);
  if (!parsed.success) throw new ProbeError(`bridge fdb printed entries of an unexpected shape: ${parsed.error.message}`);
  return parsed.data.filter((e) => e.master === bridge && e.ifname !== bridge);
}

/** Learned (not permanent, not static) entries: what the bridge saw arrive on a port. */
export const isLearned = (entry: FdbEntry) => !['permanent', 'static'].includes(entry.state ?? '');

/** The MAC address of `ifname` in namespace `ns`, or undefined when there is no such link. */
export const macOf = (state: CollectedState, ns: string, ifname: string): string | undefined => findLink(state.namespaces[ns], ifname)?.address?.toLowerCase();
