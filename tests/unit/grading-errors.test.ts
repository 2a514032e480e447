/**
 * "The check could not run" and "the grader is broken" are told apart: the first is a report
 * whose advice is to Check again, the second throws in tests and shows the learner an apology.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { check, GraderBugError, ProbeError } from '../../src/grading/check.ts';
import { gradeForLearner, gradeOutput } from '../../src/grading/grade.ts';
import { equals } from '../../src/grading/matchers.ts';
import { loadGrader } from '../../src/grading/registry.ts';
import { errorAdvice, errorSummary, GRADER_BUG_MESSAGE } from '../../src/grading/report.ts';

const eth1Up = await loadGrader('eth1-up');
const recorded = readFileSync('tests/fixtures/graders/eth1-up/solution.txt', 'utf8');

/** eth1-up's grader with one more check whose read throws `error`. */
function graderThrowing(error: Error) {
  const broken = check({
    id: 'broken',
    subject: 'eth1',
    property: 'something',
    read: () => {
      throw error;
    },
    expect: equals(true),
    fail: 'never shown',
  });
  return { ...eth1Up, checks: [...eth1Up.checks, broken] };
}

afterEach(() => vi.restoreAllMocks());

describe('a check that could not run', () => {
  it('is a report with status error and fault could-not-run, whose advice is to Check again, not to Reset', () => {
    const report = gradeOutput(graderThrowing(new ProbeError('the probe ping did not run')), recorded);
    expect(report).toMatchObject({ status: 'error', fault: 'could-not-run' });
    expect(report.checks.find((c) => c.id === 'broken')).toMatchObject({ status: 'error', message: 'the probe ping did not run' });
    expect(errorAdvice(report)).toMatch(/^The check could not run\. Press Check again; if it fails the same way again, press Reset/);
  });

  it('is what a collection that failed gives, every check skipped', () => {
    const report = gradeForLearner(eth1Up, new Error('agent-timeout: the agent did not answer'));
    expect(report).toMatchObject({ status: 'error', fault: 'could-not-run', message: "The VM's state could not be read: agent-timeout: the agent did not answer" });
    expect(report.checks.every((c) => c.status === 'skip')).toBe(true);
  });
});

describe('a broken grader', () => {
  it('throws GraderBugError naming the exercise, the check and the original error, so a test fails loudly', () => {
    const grader = graderThrowing(new TypeError("Cannot read properties of undefined (reading 'flags')"));
    expect(() => gradeOutput(grader, recorded)).toThrow(GraderBugError);
    expect(() => gradeOutput(grader, recorded)).toThrow(
      "The grader of eth1-up is broken: check 'broken' threw TypeError: Cannot read properties of undefined (reading 'flags'). Fix graders/eth1-up.ts; a read may throw only a ProbeError.",
    );
  });

  it('shows the learner a short apology without the error, and puts the full error on the console', () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    const report = gradeForLearner(graderThrowing(new TypeError('x.flags is undefined')), recorded);
    expect(report).toMatchObject({ status: 'error', fault: 'grader-bug', score: 0, message: GRADER_BUG_MESSAGE });
    expect(JSON.stringify(report)).not.toMatch(/flags|TypeError/);
    expect(errorAdvice(report)).toBe(GRADER_BUG_MESSAGE);
    expect(consoleError).toHaveBeenCalledTimes(1);
    expect(String(consoleError.mock.calls[0]![0])).toMatch(/GraderBugError: The grader of eth1-up is broken: check 'broken' threw TypeError: x\.flags is undefined/);
  });
});

describe('the summary a learner reads for an error report', () => {
  it('says to Check again for a check that could not run, and apologises for a broken grader', () => {
    const couldNotRun = gradeForLearner(eth1Up, new Error('agent-timeout'));
    expect(errorSummary(couldNotRun)).toBe(
      "The check could not be completed: The VM's state could not be read: agent-timeout. Press Check again; if it fails the same way again, press Reset to set the exercise up again. No score was recorded.",
    );
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(errorSummary(gradeForLearner(graderThrowing(new RangeError('bad')), recorded))).toBe(`${GRADER_BUG_MESSAGE} No score was recorded.`);
  });
});
