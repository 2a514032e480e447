/**
 * Reading a probe's outcome from collected state. A probe that is missing did not run: that is
 * an error for the check, never a pass or a fail.
 */
import type { CollectedState, ProbeResult } from '../../src/state/collect.ts';
import { ProbeError } from '../../src/grading/check.ts';

/** What probe `id` found; a ProbeError when it did not run. */
export function probeResult(state: CollectedState, id: string): ProbeResult {
  const probe = state.probes[id];
  if (!probe) throw new ProbeError(`the probe ${id} did not run`);
  return probe;
}

/** A check's `read` for whether probe `id` succeeded. */
export const probeSucceeded = (id: string) => (state: CollectedState): boolean => probeResult(state, id).ok;
