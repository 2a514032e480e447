/**
 * The instructor's view of a workshop, read from the derived tables: the roster by exercise
 * grid (best score, status and failing check per cell), each learner's current exercise and
 * time on it, whether they are away (no page of the workshop open), the stuck signal, the
 * per-check view across the room, open hands and broadcasts. Also the CLI's progress report and
 * the CSV export.
 */
import type { CheckSummary, Dashboard, ExerciseProgress, Hand, RosterRow } from '../schemas.ts';
import type { ServiceContext } from './context.ts';
import { toCsv } from './csv.ts';
import { lastEventId } from './events.ts';
import { PRESENCE_TIMEOUT_MS } from './learners.ts';
import { toWorkshop, type WorkshopRow } from './workshops.ts';

interface CheckState {
  id: string;
  title: string;
  status: string;
}

export async function roster(ctx: ServiceContext, workshop: WorkshopRow): Promise<RosterRow[]> {
  const db = ctx.storage.db;
  const learners = await db.selectFrom('learners').selectAll().where('workshop_id', '=', workshop.id).orderBy('display_name').orderBy('id').execute();
  const progress = await db.selectFrom('progress').selectAll().where('workshop_id', '=', workshop.id).execute();
  const exercises = toWorkshop(workshop).exercises;
  const now = ctx.now();
  return learners.map((l) => {
    const mine = progress.filter((p) => p.learner_id === l.id);
    const cells: Record<string, ExerciseProgress> = {};
    for (const id of new Set([...exercises, ...mine.map((p) => p.exercise_id)])) {
      const p = mine.find((x) => x.exercise_id === id);
      cells[id] = p
        ? {
            best: p.best_score,
            max: p.max_score,
            earned: p.best_earned,
            earnedMax: p.earned_max,
            status: p.status as ExerciseProgress['status'],
            failingCheck: p.failing_check ? { id: p.failing_check, title: p.failing_title ?? p.failing_check } : null,
            reports: p.reports,
            hints: p.hints,
            solutionRevealed: p.solution_revealed === 1,
          }
        : { best: 0, max: 0, earned: 0, earnedMax: 0, status: 'not-started', failingCheck: null, reports: 0, hints: 0, solutionRevealed: false };
    }
    const current = l.current_exercise ? mine.find((p) => p.exercise_id === l.current_exercise) : undefined;
    const unseen = now - l.last_seen_at;
    const awayFor = l.left_at === null && unseen >= PRESENCE_TIMEOUT_MS ? unseen : null;
    let stuck: RosterRow['stuck'] = null;
    if (l.left_at === null && current && current.status !== 'pass') {
      const idle = now - l.last_progress_at;
      if (current.failing_check && current.same_failure_count >= workshop.stuck_failures) {
        stuck = { reason: 'same-check-failing', detail: `"${current.failing_title ?? current.failing_check}" failed ${current.same_failure_count} times in a row` };
      } else if (idle >= workshop.stuck_minutes * 60_000 && awayFor === null) {
        // No progress from a learner whose page is closed says nothing of being stuck: the row says away.
        stuck = { reason: 'no-progress', detail: `no progress for ${Math.floor(idle / 60_000)} minutes` };
      }
    }
    return {
      id: l.id,
      name: l.display_name,
      joinedAt: l.joined_at,
      leftAt: l.left_at,
      currentExercise: l.current_exercise,
      currentLesson: l.current_lesson,
      timeOnCurrent: l.current_since === null ? null : now - l.current_since,
      awayFor,
      stuck,
      exercises: cells,
    };
  });
}

/** Per exercise and check: how many learners' latest report fails it ("12 of 30 fail return route"). */
export async function checkSummary(ctx: ServiceContext, workshop: WorkshopRow): Promise<CheckSummary[]> {
  const db = ctx.storage.db;
  const room = await db.selectFrom('learners').select((eb) => eb.fn.countAll().as('n')).where('workshop_id', '=', workshop.id).where('left_at', 'is', null).executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom('progress')
    .innerJoin('learners', 'learners.id', 'progress.learner_id')
    .select(['progress.exercise_id', 'progress.last_checks'])
    .where('progress.workshop_id', '=', workshop.id)
    .where('learners.left_at', 'is', null)
    .where('progress.reports', '>', 0)
    .execute();
  const summary = new Map<string, CheckSummary>();
  for (const row of rows) {
    for (const check of JSON.parse(row.last_checks) as CheckState[]) {
      const key = `${row.exercise_id}\0${check.id}`;
      const entry = summary.get(key) ?? { exercise: row.exercise_id, check: check.id, title: check.title, failing: 0, checked: 0, room: Number(room.n) };
      entry.checked += 1;
      if (check.status === 'fail' || check.status === 'error') entry.failing += 1;
      summary.set(key, entry);
    }
  }
  return [...summary.values()].sort((a, b) => b.failing - a.failing || a.exercise.localeCompare(b.exercise) || a.check.localeCompare(b.check));
}

export async function openHands(ctx: ServiceContext, workshop: WorkshopRow): Promise<Hand[]> {
  const rows = await ctx.storage.db
    .selectFrom('hands')
    .innerJoin('learners', 'learners.id', 'hands.learner_id')
    .selectAll('hands')
    .select('learners.display_name')
    .where('hands.workshop_id', '=', workshop.id)
    .where('hands.resolved_at', 'is', null)
    .orderBy('hands.raised_at')
    .orderBy('hands.id')
    .execute();
  return rows.map((h) => ({ id: h.id, learnerId: h.learner_id, learnerName: h.display_name, message: h.message, raisedAt: h.raised_at, acknowledgedAt: h.acknowledged_at, resolvedAt: h.resolved_at }));
}

export async function broadcasts(ctx: ServiceContext, workshopId: number): Promise<Dashboard['broadcasts']> {
  const rows = await ctx.storage.db.selectFrom('events').select(['id', 'payload', 'created_at']).where('workshop_id', '=', workshopId).where('type', '=', 'broadcast').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, message: String((JSON.parse(r.payload) as { message?: unknown }).message ?? ''), at: r.created_at }));
}

export async function dashboard(ctx: ServiceContext, workshop: WorkshopRow): Promise<Dashboard> {
  // The id first: anything that happens while the rest is read arrives again on the stream, never lost.
  const last = await lastEventId(ctx, workshop.id);
  return {
    workshop: toWorkshop(workshop),
    roster: await roster(ctx, workshop),
    checks: await checkSummary(ctx, workshop),
    hands: await openHands(ctx, workshop),
    broadcasts: await broadcasts(ctx, workshop.id),
    lastEventId: last,
    now: ctx.now(),
  };
}

/** What `stacklab workshop progress <code> --json` prints: per learner, each exercise's best whole and earned scores, their maximums and status. */
export async function progressReport(ctx: ServiceContext, workshop: WorkshopRow) {
  return (await roster(ctx, workshop)).map((r) => ({
    learner: r.name,
    joinedAt: new Date(r.joinedAt).toISOString(),
    left: r.leftAt !== null,
    exercises: Object.fromEntries(Object.entries(r.exercises).map(([id, e]) => [id, { best: e.best, max: e.max, earned: e.earned, earnedMax: e.earnedMax, status: e.status }])),
  }));
}

export async function exportCsv(ctx: ServiceContext, workshop: WorkshopRow): Promise<string> {
  const rows = await roster(ctx, workshop);
  const exercises = [...new Set(rows.flatMap((r) => Object.keys(r.exercises)))];
  const header = ['learner', 'joined', 'left', 'current exercise', 'stuck', ...exercises.flatMap((e) => [`${e} best`, `${e} max`, `${e} earned`, `${e} earned max`, `${e} status`, `${e} failing check`])];
  const lines = rows.map((r) => [
    r.name,
    new Date(r.joinedAt).toISOString(),
    r.leftAt === null ? '' : new Date(r.leftAt).toISOString(),
    r.currentExercise ?? '',
    r.stuck?.detail ?? '',
    ...exercises.flatMap((e) => {
      const cell = r.exercises[e];
      return cell ? [cell.best, cell.max, cell.earned, cell.earnedMax, cell.status, cell.failingCheck?.title ?? ''] : ['', '', '', '', '', ''];
    }),
  ]);
  return toCsv([header, ...lines]);
}
