/**
 * Learners: a display name and a token, no account. The token (shown once, stored hashed) is
 * what lets a tab write its own events, and nothing else. Two learners here at the same time
 * cannot share a name, so the instructor can tell every row of the room apart.
 */
import type { ServiceContext } from './context.ts';
import { notFound, ServiceError } from './errors.ts';
import { writeEvents } from './events.ts';
import { hashToken, newToken } from './secrets.ts';
import { toWorkshop, workshopByCode, type WorkshopRow } from './workshops.ts';
import type { LearnerResults, Workshop } from '../schemas.ts';

export interface Learner {
  id: number;
  name: string;
  workshopId: number;
  workshop: Workshop;
}

export async function joinWorkshop(ctx: ServiceContext, code: string, name: string): Promise<{ token: string; learner: Learner }> {
  const workshop = await workshopByCode(ctx, code);
  if (workshop.ends_at !== null && workshop.ends_at < ctx.now()) throw new ServiceError(403, 'workshop-over', `The workshop "${workshop.title}" is closed to new learners; ask your instructor to open it again, or for a new code.`);
  const token = newToken('slt');
  const now = ctx.now();
  const id = await writeEvents(ctx, workshop.id, async (trx, append) => {
    // Under the workshop's event lock, so two joins with one name cannot both pass. A namesake who is away (or left) may be this learner on another browser.
    const here = await trx
      .selectFrom('learners')
      .select('display_name')
      .where('workshop_id', '=', workshop.id)
      .where('left_at', 'is', null)
      .where('last_seen_at', '>', now - PRESENCE_TIMEOUT_MS)
      .execute();
    // Compared here, not by the database's lower(), which folds only ASCII on SQLite.
    const folded = (n: string) => n.normalize('NFC').toLowerCase();
    if (here.some((l) => folded(l.display_name) === folded(name))) {
      throw new ServiceError(409, 'name-taken', `Someone called "${name}" is already in this workshop. Add your surname or an initial (such as "${name} K.") so your instructor can tell you apart.`);
    }
    const row = await trx
      .insertInto('learners')
      .values({ workshop_id: workshop.id, display_name: name, token_hash: hashToken(token), joined_at: now, left_at: null, current_exercise: null, current_since: null, current_lesson: null, last_seen_at: now, last_progress_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await append({ learnerId: row.id, type: 'learner-joined', payload: { name } });
    return row.id;
  });
  return { token, learner: { id, name, workshopId: workshop.id, workshop: toWorkshop(workshop) } };
}

/**
 * A learner back by a way that vouches for them (an LMS launch of the same user): the same row,
 * so the roster keeps one line and their progress, with a new token (the one their earlier page
 * held stops working), even when the workshop is closed to new learners: they are not new.
 * Undefined when that learner has left: they join as anyone would.
 */
export async function rejoinWorkshop(ctx: ServiceContext, learnerId: number, { arrived = true }: { arrived?: boolean } = {}): Promise<{ token: string; learner: Learner } | undefined> {
  const row = await learnersWithWorkshop(ctx).where('learners.id', '=', learnerId).executeTakeFirst();
  if (!row || row.left_at !== null) return undefined;
  const learner = learnerOf(row);
  const token = newToken('slt');
  await writeEvents(ctx, learner.workshopId, async (trx, append) => {
    // The old token is kept as replaced: its browser is told the learner carries on elsewhere.
    await trx
      .updateTable('learners')
      .set((eb) => ({ replaced_token_hash: eb.ref('token_hash'), moved_at: ctx.now(), token_hash: hashToken(token), ...(arrived ? { last_seen_at: ctx.now() } : {}) }))
      .where('id', '=', learnerId)
      .execute();
    await append({ learnerId, type: 'learner-joined', payload: { name: learner.name, again: true } });
  });
  return { token, learner };
}

/**
 * The instructor's link for a learner of their workshop to carry on from another computer (their
 * laptop died): the same learner, progress and all, with a new token; the browser they were in
 * no longer reports. A learner who left, or one of another workshop, is not found.
 */
export async function rejoinLinkToken(ctx: ServiceContext, workshop: WorkshopRow, learnerId: number): Promise<{ token: string; learner: Learner }> {
  const inWorkshop = await ctx.storage.db.selectFrom('learners').select('id').where('id', '=', learnerId).where('workshop_id', '=', workshop.id).executeTakeFirst();
  // Made, not yet opened: the learner stays away until their new browser shows up.
  const rejoined = inWorkshop ? await rejoinWorkshop(ctx, learnerId, { arrived: false }) : undefined;
  if (!rejoined) throw notFound(`Learner ${learnerId} of workshop ${workshop.code} (one who left is not offered a link)`);
  return rejoined;
}

/** The same, naming the learner as the roster does (the CLI's way); a name no one in the room has, or two learners have, is told. */
export async function rejoinLinkTokenByName(ctx: ServiceContext, workshop: WorkshopRow, name: string): Promise<{ token: string; learner: Learner }> {
  const inRoom = await ctx.storage.db.selectFrom('learners').select(['id', 'display_name']).where('workshop_id', '=', workshop.id).where('left_at', 'is', null).orderBy('display_name').execute();
  const named = inRoom.filter((l) => l.display_name === name.trim());
  if (named.length === 0) throw new ServiceError(404, 'no-such-learner', `No one called "${name.trim()}" is in workshop ${workshop.code}${inRoom.length > 0 ? ` (those who are: ${inRoom.map((l) => l.display_name).join(', ')})` : ''}.`);
  if (named.length > 1) throw new ServiceError(409, 'learner-ambiguous', `${named.length} learners in workshop ${workshop.code} are called "${name.trim()}"; give the link from the dashboard, beside the one who is away.`);
  return rejoinLinkToken(ctx, workshop, named[0]!.id);
}

/** How long a learner may go unseen (no open stream, no report) before the dashboard shows them away: three of the stream's 15 s keep-alives. */
export const PRESENCE_TIMEOUT_MS = 45_000;

/** The learner is here now: their page holds the stream open (its opening and each keep-alive), or they reported something. */
export async function markSeen(ctx: ServiceContext, learnerId: number): Promise<void> {
  await ctx.storage.db.updateTable('learners').set({ last_seen_at: ctx.now() }).where('id', '=', learnerId).execute();
}

/**
 * The learner's own Check results, for a browser they carry on in: each exercise they checked,
 * its best score and maximum, and the time of the first report that passed (read from the
 * workshop's log of events, where each report is kept as sent).
 */
export async function checkResultsOf(ctx: ServiceContext, learnerId: number): Promise<LearnerResults> {
  const db = ctx.storage.db;
  const checked = await db.selectFrom('progress').select(['exercise_id', 'best_score', 'max_score', 'status', 'updated_at']).where('learner_id', '=', learnerId).where('reports', '>', 0).orderBy('exercise_id').execute();
  const passedAt = new Map<string, number>();
  if (checked.some((row) => row.status === 'pass')) {
    const reports = await db.selectFrom('events').select(['payload', 'created_at']).where('learner_id', '=', learnerId).where('type', '=', 'check-report').orderBy('id').execute();
    for (const report of reports) {
      const { exercise, status } = JSON.parse(report.payload) as { exercise?: string; status?: string };
      if (status === 'pass' && exercise && !passedAt.has(exercise)) passedAt.set(exercise, report.created_at);
    }
  }
  const exercises: LearnerResults['exercises'] = {};
  for (const row of checked) {
    // A pass whose report is not in the log (never so far) still counts, from its row's last change.
    const doneAt = row.status === 'pass' ? (passedAt.get(row.exercise_id) ?? row.updated_at) : undefined;
    exercises[row.exercise_id] = { bestScore: row.best_score, maximum: row.max_score, ...(doneAt !== undefined ? { doneAt: new Date(doneAt).toISOString() } : {}) };
  }
  return { exercises };
}

/** The learner a token belongs to, or a 401 that says how to get a new one. */
export async function learnerByToken(ctx: ServiceContext, token: string): Promise<Learner> {
  const hash = hashToken(token);
  const row = await learnersWithWorkshop(ctx).where('learners.token_hash', '=', hash).executeTakeFirst();
  if (!row) {
    const moved = await ctx.storage.db.selectFrom('learners').select('moved_at').where('replaced_token_hash', '=', hash).executeTakeFirst();
    if (moved?.moved_at) throw new ServiceError(401, 'learner-moved', `You carry on in this workshop from another browser since ${new Date(moved.moved_at).toISOString()}; this one no longer reports to your instructor. Work there, or ask your instructor for a link to continue here.`);
    throw new ServiceError(401, 'unknown-learner', 'This learner token is not valid. Join the workshop again with its code.');
  }
  if (row.left_at !== null) throw new ServiceError(401, 'learner-left', 'You left this workshop. Join again with its code to take part.');
  return learnerOf(row);
}

/** Learners, each with their workshop's row: what learnerByToken and rejoinWorkshop look a learner up in. */
const learnersWithWorkshop = (ctx: ServiceContext) =>
  ctx.storage.db
    .selectFrom('learners')
    .innerJoin('workshops', 'workshops.id', 'learners.workshop_id')
    .selectAll('workshops')
    .select(['learners.id as learner_id', 'learners.display_name', 'learners.left_at']);

function learnerOf(row: WorkshopRow & { learner_id: number; display_name: string; left_at: number | null }): Learner {
  const { learner_id, display_name, left_at: _left, ...workshop } = row;
  return { id: learner_id, name: display_name, workshopId: workshop.id, workshop: toWorkshop(workshop as WorkshopRow) };
}
