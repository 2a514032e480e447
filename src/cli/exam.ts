/**
 * Exams on the classroom server's database (DATABASE_URL, or SQLite in $STACKLAB_DATA):
 *   stacklab exam open <exam-id> [--minutes N] [--opens ISO] [--closes ISO] [--access-code CODE]
 *                      [--candidates "Name,Name"] [--instructor email] [--json]
 *     prints { session, sitUrl, dashboardUrl }; dashboardUrl logs the instructor in once.
 *   stacklab exam login <session> [--instructor email] [--json]
 *     a fresh one-time link to the session's results page.
 *   stacklab exam resume <session> <candidate> [--instructor email] [--json]
 *     a link that continues the candidate's sitting on another computer (the browser it ran in saves nothing more).
 *   stacklab exam results <session> [--instructor email] [--json | --csv]
 *     each sitting: candidate, started, submitted, the authoritative score and verdict, the
 *     browser's claimed score, and whether they agree.
 * Acts as --instructor, or as the first admin. Links use STACKLAB_PUBLIC_URL, else http://HOST:PORT.
 */
import { parseArgs } from 'node:util';
import { baseUrlOf, configFromEnv } from '../server/config.ts';
import type { SittingResult } from '../server/exam-schemas.ts';
import { courseCatalog } from '../server/services/catalog.ts';
import type { ServiceContext } from '../server/services/context.ts';
import { ServiceError } from '../server/services/errors.ts';
import { sessionResults } from '../server/services/exam-grades.ts';
import { examLinks } from '../server/services/exam-links.ts';
import { sessionResultsCsv } from '../server/services/exam-results-csv.ts';
import { examSessionForInstructor, examSessionView, openExamSession } from '../server/services/exam-sessions.ts';
import { createLoginToken } from '../server/services/instructors.ts';
import { moveCandidateSitting } from '../server/services/sitting-moves.ts';
import { openStorage } from '../server/storage/database.ts';
import { inProcessBus } from '../server/storage/event-bus.ts';
import { actingInstructor, ClassroomUsageError } from './classroom.ts';

export const EXAM_USAGE = `  stacklab exam open <exam-id> [--minutes N] [--opens ISO] [--closes ISO] [--access-code CODE] [--candidates "Name,Name"] [--instructor email] [--json]
  stacklab exam login <session> [--instructor email] [--json]  (a fresh one-time link to the results page)
  stacklab exam resume <session> <candidate> [--instructor email] [--json]  (a link that continues the sitting on another computer)
  stacklab exam results <session> [--instructor email] [--json | --csv]
  stacklab worker                                (takes exam re-grade jobs; see worker.ts)`;

const score = (s: SittingResult['authoritative']) => (s ? `${s.points}/${s.maximum}` : '-');

/** One line a sitting, for a terminal. */
export function formatSittingLine(r: SittingResult): string {
  const verdict = r.verdict ? r.verdict.toUpperCase() : r.status;
  const agreement = r.agree === null ? '' : r.agree ? 'agrees' : `DISAGREES: ${r.differences.join('; ')}`;
  const lms = r.lms ? `LMS ${r.lms.status}${r.lms.status === 'posted' ? '' : ` (${r.lms.attempts} attempts${r.lms.lastError ? `: ${r.lms.lastError}` : ''})`}` : '';
  const moved = r.moved ? `continued in another browser at ${r.moved.at} (${r.moved.by === 'lms' ? 'LMS launch' : 'resume link'})` : '';
  return [r.candidate.padEnd(20), r.started, r.submitted ?? 'not submitted', verdict.padEnd(8), score(r.authoritative).padEnd(9), `claimed ${score(r.claimed)}`, agreement, r.reason ?? '', lms, moved].filter(Boolean).join('  ');
}

export async function examCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      csv: { type: 'boolean', default: false },
      minutes: { type: 'string' },
      opens: { type: 'string' },
      closes: { type: 'string' },
      'access-code': { type: 'string' },
      candidates: { type: 'string' },
      instructor: { type: 'string' },
    },
  });
  const [, action, subject, candidate] = positionals;
  if (action !== 'open' && action !== 'results' && action !== 'login' && action !== 'resume') throw new ClassroomUsageError(`unknown command 'exam ${action ?? ''}'`);
  if (!subject) throw new ClassroomUsageError(action === 'open' ? 'exam open needs an exam id (exams/<id>.json)' : `exam ${action} needs a session id`);
  if (action === 'resume' && !candidate) throw new ClassroomUsageError('exam resume needs a session id and the candidate\'s name, as they typed it (quoted if it has spaces)');
  const config = configFromEnv();
  const storage = await openStorage({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  // The CLI writes rows only; a running server's sweep and streams pick them up from the tables.
  const ctx: ServiceContext = { storage, bus: inProcessBus(), now: Date.now, catalog: courseCatalog() };
  try {
    const instructor = await actingInstructor(ctx, values.instructor);
    if (action === 'open') {
      const minutes = values.minutes === undefined ? undefined : Number(values.minutes);
      const row = await openExamSession(ctx, instructor.id, {
        exam: subject,
        ...(minutes === undefined ? {} : { minutes }),
        opensAt: values.opens,
        closesAt: values.closes,
        accessCode: values['access-code'],
        candidates: values.candidates?.split(',').map((s) => s.trim()).filter(Boolean),
      });
      const links = examLinks(baseUrlOf(config), row.code, await createLoginToken(ctx, instructor.id));
      const view = examSessionView(row);
      if (values.json) console.log(JSON.stringify(links, null, 2));
      else console.log(`Exam session ${row.code}: ${view.exam.title}, ${view.timeLimitMinutes} minutes\n  candidates sit at  ${links.sitUrl}\n  your results       ${links.dashboardUrl}\n  (the results link logs you in once, within 24 hours)`);
      return 0;
    }
    const session = await examSessionForInstructor(ctx, subject.toUpperCase(), instructor.id);
    if (action === 'login') {
      const { dashboardUrl } = examLinks(baseUrlOf(config), session.code, await createLoginToken(ctx, instructor.id));
      console.log(values.json ? JSON.stringify({ session: session.code, dashboardUrl }) : dashboardUrl);
      return 0;
    }
    if (action === 'resume') {
      const moved = await moveCandidateSitting(ctx, instructor.id, session.code, candidate!);
      const resumeUrl = `${examLinks(baseUrlOf(config), session.code).sitUrl}#resume=${moved.token}`;
      if (values.json) console.log(JSON.stringify({ session: session.code, candidate: moved.candidate, movedAt: new Date(moved.movedAt).toISOString(), resumeUrl }));
      else console.log(`${resumeUrl}\n  (give it to ${moved.candidate} alone: it opens their exam with the work the server last saved; the browser they were in saves nothing more)`);
      return 0;
    }
    if (values.csv) {
      process.stdout.write(await sessionResultsCsv(ctx, session));
      return 0;
    }
    const sittings = await sessionResults(ctx, session);
    if (values.json) {
      const rows = sittings.map((r) => ({
        candidate: r.candidate,
        started: r.started,
        submitted: r.submitted,
        submittedBy: r.submittedBy,
        status: r.status,
        verdict: r.verdict,
        score: r.authoritative,
        claimed: r.claimed,
        agree: r.agree,
        differences: r.differences,
        reason: r.reason,
        report: r.report,
        lms: r.lms,
        moved: r.moved,
      }));
      console.log(JSON.stringify({ session: session.code, exam: { id: session.exam_id, version: session.exam_version }, sittings: rows }, null, 2));
    } else {
      if (sittings.length === 0) console.log(`No one has started session ${session.code} yet.`);
      for (const r of sittings) console.log(formatSittingLine(r));
    }
    return 0;
  } catch (error) {
    if (error instanceof ServiceError) {
      console.error(`stacklab: ${error.message}`);
      return 2;
    }
    throw error;
  } finally {
    await storage.close();
  }
}
