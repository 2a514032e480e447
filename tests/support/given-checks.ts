/**
 * A start state's report compared with its grader's `given` marks, for the proof on the guest
 * (tests/integration/prove-exercises.ts) and the recorded states (tests/unit/graders-recorded.test.ts):
 * exactly the checks marked given must pass in the start state, since an exam awards them nothing.
 *
 * @example
 * expect(givenChecks(start), 'mark these checks given: true in the grader').toEqual(passingChecks(start));
 */
import type { Report } from '../../src/grading/report.ts';

/** The ids of the checks the grader marks given, in report order. */
export const givenChecks = (report: Pick<Report, 'checks'>) => report.checks.filter((c) => c.given).map((c) => c.id);

/** The ids of the checks that pass, in report order. */
export const passingChecks = (report: Pick<Report, 'checks'>) => report.checks.filter((c) => c.status === 'pass').map((c) => c.id);
