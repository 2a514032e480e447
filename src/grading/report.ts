/**
 * The grade report, modelled on a test runner's results file: an overall status, a score,
 * and every check in order with what was expected and what was found.
 */
import { z } from 'zod';

export const checkResultSchema = z.object({
  id: z.string(),
  title: z.string().describe('What the check looks at, e.g. "red has loopback up"'),
  status: z.enum(['pass', 'fail', 'skip', 'error']),
  weight: z.number().nonnegative(),
  given: z.boolean().optional().describe("Held in the exercise's start state: the task keeps it rather than builds it (an exam awards it no points)"),
  expected: z.string().optional(),
  actual: z.string().optional(),
  message: z.string().describe('Feedback for the learner: why it passed, or what to do'),
});
export type CheckResult = z.infer<typeof checkResultSchema>;

export const reportSchema = z.object({
  exercise: z.string(),
  status: z.enum(['pass', 'fail', 'error']),
  score: z.number().nonnegative(),
  maximum: z.number().nonnegative(),
  message: z.string().optional().describe('Required when status is error: what went wrong'),
  fault: z
    .enum(['could-not-run', 'grader-bug'])
    .optional()
    .describe('When status is error: could-not-run (the VM or a probe did not answer: Check again) or grader-bug (the grader is broken: not the learner\'s doing)'),
  notice: z.string().optional().describe('Something the learner should know about this report, e.g. a command was still running'),
  checks: z.array(checkResultSchema),
});
export type Report = z.infer<typeof reportSchema>;

/**
 * The part of a report's score that the learner's work made: checks given in the start state
 * (`given`) left out of both the score and the maximum, each broken one taken off, never below
 * 0. What a gradebook counts (an exam task, an LMS score), so a task left as it was set up earns
 * nothing; the report itself still shows the whole score.
 *
 * @example
 * earnedScore(report) // { score: 2, maximum: 5 } for 5 of 8 passing with the 3 given checks intact
 */
export function earnedScore(report: Pick<Report, 'score' | 'maximum'> & { checks: ReadonlyArray<Pick<CheckResult, 'weight' | 'given'>> }): { score: number; maximum: number } {
  const given = report.checks.reduce((sum, c) => sum + (c.given ? c.weight : 0), 0);
  const maximum = Math.max(0, report.maximum - given);
  return { score: Math.min(maximum, Math.max(0, report.score - given)), maximum };
}

/**
 * Whether a failed check's "Expected …, found …" line would tell the learner nothing new, so a
 * report leaves it out: the message already quotes the value found (many graders write it in:
 * "br0 should be a bridge that is up; found \"missing\". Create it with…"), or the value is a
 * yes or no ("Expected true, found false" beneath "10.0.0.2 does not answer"), which the
 * failure itself says, or the message gives both values ("got 0 of 65536 bytes" above
 * "Expected 65536, found 0").
 */
export function foundLineAddsNothing(check: Pick<CheckResult, 'message' | 'actual'> & Partial<Pick<CheckResult, 'expected'>>): boolean {
  if (check.actual === undefined) return false;
  if (check.actual === 'true' || check.actual === 'false') return true;
  // As the report shows it (a string in quotes), or the string itself, as a message may word it.
  const forms = [check.actual];
  if (/^".*"$/.test(check.actual)) forms.push(String(JSON.parse(check.actual)));
  // A short word or number ("0", "up") can be in a message by chance; "[]" hardly.
  if (forms.some((form) => (form.length >= 3 || !/^\w*$/.test(form)) && check.message.includes(form))) return true;
  return givesBothValues(check.message, check.expected, check.actual);
}

/**
 * A short value found counts as said when it stands alone in the message (not the "0" of
 * "10.0.2.2") and the message also gives the value expected, long enough not to be there by
 * chance: "got 0 of 65536 bytes" says both.
 */
function givesBothValues(message: string, expected: string | undefined, actual: string): boolean {
  if (!expected || expected.length < 3 || !message.includes(expected) || !/^\w+$/.test(actual)) return false;
  return new RegExp(`(?<![\\w.])${actual}(?!\\w|\\.\\w)`).test(message);
}

/** What a learner is shown when the grader itself is broken: an apology; the details go to the console. */
export const GRADER_BUG_MESSAGE =
  'Sorry: this exercise\'s grader has a bug, so this Check could not be graded. It is not something you did, and your work in the VM is kept. Please tell the course authors.';

const CHECK_AGAIN = 'Press Check again; if it fails the same way again, press Reset to set the exercise up again';

/** The learner's next step after a report with status error that the VM's health does not explain. */
export function errorAdvice(report: Report): string {
  if (report.fault === 'grader-bug') return GRADER_BUG_MESSAGE;
  return `The check could not run. ${CHECK_AGAIN} (your progress marks are kept).`;
}

/**
 * A lesson's summary line of a report: passed, or how many checks pass, saying how many of
 * those were true since the set-up (an untouched troubleshooting lab passes its "still
 * intact" checks), or for an error what went wrong and what to do next.
 *
 * @example
 * reportSummary(untouched) // 'Not yet: 3 of 6 checks pass, all of them true since the set-up: none of the task's own yet. Score 3/8.'
 */
export function reportSummary(report: Report): string {
  if (report.status === 'error') return errorSummary(report);
  const score = `Score ${report.score}/${report.maximum}.`;
  if (report.status === 'pass') return `Passed: all ${report.checks.length} checks pass. ${score}`;
  const passing = report.checks.filter((c) => c.status === 'pass');
  const given = passing.filter((c) => c.given).length;
  const counted = `Not yet: ${passing.length} of ${report.checks.length} checks pass`;
  if (given === 0) return `${counted}. ${score}`;
  if (given === passing.length) return `${counted}, ${given === 1 ? 'the one' : 'all of them'} true since the set-up: none of the task's own yet. ${score}`;
  return `${counted}, ${given} of them true since the set-up. ${score}`;
}

/** The summary line of a report with status error: what went wrong and what to do next. */
export function errorSummary(report: Report): string {
  if (report.fault === 'grader-bug') return `${GRADER_BUG_MESSAGE} No score was recorded.`;
  return `The check could not be completed: ${report.message ?? 'a check failed to run'}. ${CHECK_AGAIN}. No score was recorded.`;
}
