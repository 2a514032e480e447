/**
 * Reading a probe's outcome from collected state. A probe that is missing did not run: that is
 * an error for the check, never a pass or a fail.
 */
import type { CollectedState } from '../../src/state/collect.ts';
import { ProbeError } from '../../src/grading/check.ts';

/** A check's `read` for whether probe `id` succeeded. */
export const probeSucceeded = (id: string) => (state: CollectedState): boolean => {
  const probe = state.probes[id];
  if (!probe) throw new ProbeError(`the probe ${id} did not run`);
  return probe.ok;
};
