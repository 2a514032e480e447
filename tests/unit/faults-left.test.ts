/**
 * A lab with several faults reports how many remain and never which (graders/lib/faults-left.ts):
 * the count follows the faults' probes whatever the order of the fixes, and nothing the learner
 * sees (title, message, expected, actual) names a fault.
 */
import { describe, expect, it } from 'vitest';
import type { CollectedState } from '../../src/state/collect.ts';
import { grade, ProbeError } from '../../src/grading/check.ts';
import { faultsLeftCheck, faultsRemain } from '../../graders/lib/faults-left.ts';

/** A state whose probes are the given outcomes; the check reads nothing else. */
const stateWith = (probes: Record<string, boolean>) =>
  ({ probes: Object.fromEntries(Object.entries(probes).map(([id, ok]) => [id, { ok, exitCode: ok ? 0 : 1, output: '' }])) }) as unknown as CollectedState;

const fixed = (id: string) => (s: CollectedState) => {
  const probe = s.probes[id];
  if (!probe) throw new ProbeError(`the probe ${id} did not run`);
  return probe.ok;
};
const check = faultsLeftCheck([fixed('probe-alpha'), fixed('probe-omega')]);
const gradeWith = (probes: Record<string, boolean>) => grade('two-faults', [check], stateWith(probes)).checks[0]!;

describe('faultsLeftCheck', () => {
  it('fails with "2 of 2 faults remain" while neither fault is fixed', () => {
    const result = gradeWith({ 'probe-alpha': false, 'probe-omega': false });
    expect(result.status).toBe('fail');
    expect(result.message).toMatch(/^2 of 2 faults remain\./);
  });

  it.each([
    ['the first', { 'probe-alpha': true, 'probe-omega': false }],
    ['the second', { 'probe-alpha': false, 'probe-omega': true }],
  ])('says "1 of 2 faults remains" after only %s fault is fixed, with the same words either way', (_, probes) => {
    const result = gradeWith(probes);
    expect(result.status).toBe('fail');
    expect(result.message).toMatch(/^1 of 2 faults remains\./);
    const other = gradeWith(Object.fromEntries(Object.entries(probes).map(([id, ok]) => [id, !ok])));
    expect(other).toEqual(result);
  });

  it('passes once every fault is fixed', () => {
    const result = gradeWith({ 'probe-alpha': true, 'probe-omega': true });
    expect(result.status).toBe('pass');
    expect(result.message).toBe('All 2 faults are fixed.');
  });

  it('names no fault: nothing shown to the learner contains a probe id', () => {
    for (const probes of [
      { 'probe-alpha': false, 'probe-omega': false },
      { 'probe-alpha': true, 'probe-omega': false },
    ]) {
      const shown = JSON.stringify(gradeWith(probes));
      expect(shown).not.toMatch(/alpha|omega/);
    }
  });

  it('is an error, not a count, when a fault\'s probe did not run', () => {
    const result = gradeWith({ 'probe-alpha': true });
    expect(result.status).toBe('error');
    expect(result.message).toContain('probe-omega did not run');
  });

  it('refuses a lab without faults', () => {
    expect(() => faultsLeftCheck([])).toThrow(/one probe per fault/);
  });
});

describe('faultsRemain', () => {
  it('agrees in number', () => {
    expect(faultsRemain(0, 3)).toBe('0 of 3 faults remain');
    expect(faultsRemain(1, 3)).toBe('1 of 3 faults remains');
    expect(faultsRemain(1, 1)).toBe('1 of 1 fault remains');
  });
});
