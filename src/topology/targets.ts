/**
 * The target topology of an exercise: the state recorded after its set-up and reference
 * solution (tests/fixtures/topology/exercises/<id>.txt, by scripts/record-topology-fixtures.ts),
 * bundled by Vite as one small chunk per exercise and loaded only when the learner asks for it.
 * An exercise recorded only by its grader (tests/fixtures/graders/<id>/solution.txt) is drawn
 * from that instead, when its grader reads the links.
 *
 * @example if (hasTarget('bridge-three')) draw(await loadTarget('bridge-three'));
 */
import { buildTopology, type Topology } from './model.ts';
import { topologyFromRecording } from './recorded.ts';
import { parseTopologyOutput } from './watch.ts';

const own = import.meta.glob<string>('../../tests/fixtures/topology/exercises/*.txt', { query: '?raw', import: 'default' });
const graded = import.meta.glob<string>('../../tests/fixtures/graders/*/solution.txt', { query: '?raw', import: 'default' });
const ownPath = (id: string) => `../../tests/fixtures/topology/exercises/${id}.txt`;
const gradedPath = (id: string) => `../../tests/fixtures/graders/${id}/solution.txt`;

export function hasTarget(id: string): boolean {
  return ownPath(id) in own || gradedPath(id) in graded;
}

export async function loadTarget(id: string): Promise<Topology> {
  const recording = own[ownPath(id)];
  if (recording) {
    const reading = parseTopologyOutput(await recording());
    return buildTopology(reading.state, reading);
  }
  const load = graded[gradedPath(id)];
  if (!load) throw new Error(`exercise ${id} has no recorded solution`);
  const [output, { graders }] = await Promise.all([load(), import('../../graders/index.ts')]);
  const request = graders[id]?.request;
  if (!request || (request.ip && !request.ip.includes('link'))) throw new Error(`the recording of exercise ${id} has no links to draw`);
  return topologyFromRecording(output, request);
}
