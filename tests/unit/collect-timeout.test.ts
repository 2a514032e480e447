/**
 * A Check whose collection the guest ran past its limit (src/exercises/run.ts): the report says
 * the VM did not answer the Check's questions in time, in the learner's words, not with the
 * collection script's first line that the driver's timeout quotes.
 */
import { describe, expect, it } from 'vitest';
import { CHECK_LIMITS, gradeMachine } from '../../src/exercises/run.ts';
import { loadGrader } from '../../src/grading/registry.ts';
import { VmError } from '../../src/vm/errors.ts';
import type { GuestMachine } from '../../src/vm/machine-api.ts';

/** A guest whose agent answers pings but lets every command run past its limit, as the driver reports it. */
const slowGuest = {
  ping: async () => undefined,
  exec: async (command: string, options?: { timeoutMs?: number }) => {
    throw new VmError('exec-timeout', `The command was stopped after ${(options?.timeoutMs ?? 0) / 1000} s: ${command.slice(0, 40)}`, { stdout: '' });
  },
} as unknown as GuestMachine;

describe("a Check's collection stopped at its limit", () => {
  it("reports that the VM had not answered the Check's questions within the limit, without the script's text", async () => {
    const report = await gradeMachine(slowGuest, await loadGrader('container-from-scratch'), CHECK_LIMITS);
    expect(report.status).toBe('error');
    expect(report.fault).toBe('could-not-run');
    expect(report.message).toMatch(/had not answered all of the Check's questions after 20 s/);
    expect(report.message).not.toMatch(/printf|m\(\)/);
  });
});
