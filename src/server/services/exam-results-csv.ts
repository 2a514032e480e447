/**
 * An exam session's results as CSV, for a gradebook or spreadsheet outside an LMS: one line per
 * sitting with the authoritative (re-graded) score and verdict, each task's points, the
 * browser's claim beside it, and where the score stands with the LMS that launched the sitting.
 *
 * @example
 * const text = await sessionResultsCsv(ctx, session);   // 'candidate,started,submitted,...\r\n'
 */
import type { ServiceContext } from './context.ts';
import { toCsv, type CsvValue } from './csv.ts';
import { sessionResults } from './exam-grades.ts';
import { examOf, type ExamSessionRow } from './exam-sessions.ts';

export async function sessionResultsCsv(ctx: ServiceContext, session: ExamSessionRow): Promise<string> {
  const exam = examOf(session.exam_id);
  const header = [
    'candidate',
    'started',
    'submitted',
    'submitted by',
    'grading',
    'verdict',
    'points',
    'maximum',
    'percent',
    ...exam.tasks.map((task) => `${task.id} points (of ${task.weight})`),
    "browser's claim",
    'agrees',
    'LMS gradebook',
    'reason',
  ];
  const lines = (await sessionResults(ctx, session)).map((r): CsvValue[] => [
    r.candidate,
    r.started,
    r.submitted ?? '',
    r.submittedBy ?? '',
    r.status,
    r.verdict ?? '',
    r.authoritative?.points ?? '',
    r.authoritative?.maximum ?? '',
    r.authoritative?.percent ?? '',
    ...exam.tasks.map((task) => r.report?.tasks.find((t) => t.id === task.id)?.points ?? ''),
    r.claimed?.points ?? '',
    r.agree === null ? '' : r.agree ? 'yes' : 'no',
    r.lms?.status ?? '',
    r.reason ?? '',
  ]);
  return toCsv([header, ...lines]);
}
