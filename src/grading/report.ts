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
  notice: z.string().optional().describe('Something the learner should know about this report, e.g. a command was still running'),
  checks: z.array(checkResultSchema),
});
export type Report = z.infer<typeof reportSchema>;
