/**
 * The target topology of an exercise, for the topology panel: which exercises have one (the
 * panel's markup lists them, see TopologyPanel.astro) and fetching one, built at build time by
 * src/pages/topology/[id].json.ts from the recording of the exercise's reference solution.
 *
 * @example if (ids.includes('bridge-three')) draw(await loadTarget('bridge-three'));
 */
import type { Topology } from './model.ts';

export async function loadTarget(id: string): Promise<Topology> {
  const response = await fetch(`${import.meta.env.BASE_URL.replace(/\/?$/, '/')}topology/${encodeURIComponent(id)}.json`);
  if (!response.ok) throw new Error(`the target of ${id} could not be fetched (HTTP ${response.status})`);
  const topology = (await response.json()) as Topology;
  if (!Array.isArray(topology?.namespaces) || typeof topology.interfaces !== 'object' || !Array.isArray(topology.edges)) {
    throw new Error(`the target of ${id} is not a topology`);
  }
  return topology;
}
