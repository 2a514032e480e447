/**
 * What changed between two readings of the topology, in a few words each, for the live
 * announcement screen readers hear when the picture changes (and for tests).
 *
 * @example describeChanges(before, after) // ['New cable: veth0 in host to veth1 in testns']
 */
import { endName, namespaceLabel } from './describe.ts';
import type { Topology } from './model.ts';

const STATE_WORDS = { up: 'up', down: 'down', 'no-carrier': 'up without carrier' } as const;

export function describeChanges(before: Topology, after: Topology): string[] {
  const changes: string[] = [];
  const names = (t: Topology) => new Set(t.namespaces.map((n) => n.name));
  const [oldNs, newNs] = [names(before), names(after)];
  for (const ns of newNs) if (!oldNs.has(ns)) changes.push(`New namespace ${namespaceLabel(ns)}`);
  for (const ns of oldNs) if (!newNs.has(ns)) changes.push(`Namespace ${namespaceLabel(ns)} is gone`);

  const where = (t: Topology, id: string) => endName(t, id);
  for (const [id, item] of Object.entries(after.interfaces)) {
    const old = before.interfaces[id];
    if (!old) {
      if (oldNs.has(item.namespace)) changes.push(`New interface ${where(after, id)}`);
      continue;
    }
    if (old.state !== item.state) changes.push(`${where(after, id)} is now ${STATE_WORDS[item.state]}`);
    for (const address of item.addresses) if (!old.addresses.includes(address)) changes.push(`${where(after, id)} has ${address}`);
    for (const address of old.addresses) if (!item.addresses.includes(address)) changes.push(`${where(after, id)} lost ${address}`);
    if (old.master !== item.master && item.master) changes.push(`${where(after, id)} is now a port of ${where(after, item.master)}`);
  }
  for (const id of Object.keys(before.interfaces)) {
    const item = before.interfaces[id]!;
    if (!after.interfaces[id] && newNs.has(item.namespace)) changes.push(`${where(before, id)} is gone`);
  }

  const cables = (t: Topology) => new Map(t.edges.filter((e) => e.kind === 'cable' || e.kind === 'outside').map((e) => [`${e.from} ${e.to}`, e]));
  const [oldCables, newCables] = [cables(before), cables(after)];
  for (const [key, edge] of newCables) {
    if (!oldCables.has(key)) changes.push(`New cable: ${where(after, edge.from)} to ${where(after, edge.to)}`);
  }
  for (const [key, edge] of oldCables) {
    if (!newCables.has(key)) changes.push(`Cable removed: ${where(before, edge.from)} to ${where(before, edge.to)}`);
  }
  return changes;
}

/** At most `max` changes in one sentence, with a count of the rest. */
export function changeSentence(changes: string[], max = 3): string {
  if (changes.length === 0) return '';
  const shown = changes.slice(0, max).join('. ');
  const rest = changes.length - max;
  return rest > 0 ? `${shown}, and ${rest} more change${rest === 1 ? '' : 's'}.` : `${shown}.`;
}
