/**
 * Topologies from recorded state: the raw output of a grader's collection, as
 * scripts/record-grader-fixtures.ts stores it for each exercise's reference solution
 * (tests/fixtures/graders/<id>/solution.txt), so the model is also tested on what the graders
 * themselves read.
 *
 * Only the iproute2 sections matter here, so the recording is read with the grader's ip
 * sections and nothing else: probes and namespaces the grader asks for are not checked.
 *
 * @example topologyFromRecording(readFileSync('.../solution.txt', 'utf8'), graders['bridge-three'].request)
 */
import { parseCollectedState, type StateRequest } from '../state/collect.ts';
import { buildTopology, type Topology } from './model.ts';

export function topologyFromRecording(output: string, request: StateRequest): Topology {
  const state = parseCollectedState(output, { ip: request.ip, extra: request.extra, details: request.details });
  return buildTopology(state);
}
