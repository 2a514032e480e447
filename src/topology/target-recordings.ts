/**
 * The exercises' target pictures, read at build time from the recordings of their reference
 * solutions (src/topology/targets/<id>.txt, by scripts/record-topology-fixtures.ts; the unit tests
 * read the same files).
 * Build-side only: src/pages/topology/[id].json.ts turns each into a small JSON file that the
 * topology panel fetches when the learner asks for the target.
 *
 * @example targetIds() // ['bond-backup', 'bridge-three', ...]
 */
import { buildTopology, type Topology } from './model.ts';
import { parseTopologyOutput } from './watch.ts';

const recordings = import.meta.glob<string>('./targets/*.txt', { query: '?raw', import: 'default', eager: true });
const byId = new Map(Object.entries(recordings).map(([path, text]) => [path.split('/').at(-1)!.replace(/\.txt$/, ''), text]));

/** Exercises with a recorded target, sorted. */
export function targetIds(): string[] {
  return [...byId.keys()].sort();
}

export function targetTopology(id: string): Topology {
  const text = byId.get(id);
  if (text === undefined) throw new Error(`There is no recorded target for exercise "${id}". Expected one of: ${targetIds().join(', ')}.`);
  const reading = parseTopologyOutput(text);
  return buildTopology(reading.state, reading);
}
