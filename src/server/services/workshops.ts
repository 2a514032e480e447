/**
 * Workshops: created by an instructor (who becomes one of its instructors), found by code.
 * An instructor sees only the workshops they are an instructor of; any other code is "not found".
 */
import { randomInt } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { CreateWorkshop, ListedWorkshop, Workshop, WorkshopSettings } from '../schemas.ts';
import { createWorkshopSchema } from '../schemas.ts';
import type { WorkshopsTable } from '../storage/schema.ts';
import type { ServiceContext } from './context.ts';
import { notFound, ServiceError } from './errors.ts';

export type WorkshopRow = Selectable<WorkshopsTable>;

/** No 0/O, 1/I/L: a code read aloud or from a projector is typed right. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const newCode = () => Array.from({ length: 6 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');

export const toWorkshop = (row: WorkshopRow): Workshop => ({
  code: row.code,
  title: row.title,
  exercises: JSON.parse(row.exercises) as string[],
  lessons: JSON.parse(row.lessons) as string[],
  startsAt: row.starts_at,
  endsAt: row.ends_at,
  stuckMinutes: row.stuck_minutes,
  stuckFailures: row.stuck_failures,
  createdAt: row.created_at,
});

function unknownIds(kind: string, given: string[], known: readonly string[]): void {
  const unknown = given.filter((id) => !known.includes(id));
  if (unknown.length > 0) throw new ServiceError(400, `unknown-${kind}`, `No such ${kind}: ${unknown.join(', ')}. Known ${kind}s: ${known.join(', ')}.`);
}

export async function createWorkshop(ctx: ServiceContext, instructorId: number, input: CreateWorkshop): Promise<WorkshopRow> {
  const parsed = createWorkshopSchema.safeParse(input);
  if (!parsed.success) throw new ServiceError(400, 'invalid-workshop', parsed.error.issues.map((i) => `${i.path.join('.') || 'workshop'}: ${i.message}`).join('; '));
  const w = parsed.data;
  unknownIds('exercise', w.exercises, ctx.catalog.exercises);
  unknownIds('lesson', w.lessons, ctx.catalog.lessons);
  return ctx.storage.db.transaction().execute(async (trx) => {
    let code = newCode();
    while (await trx.selectFrom('workshops').select('id').where('code', '=', code).executeTakeFirst()) code = newCode();
    const row = await trx
      .insertInto('workshops')
      .values({
        code,
        title: w.title,
        exercises: JSON.stringify(w.exercises),
        lessons: JSON.stringify(w.lessons),
        starts_at: w.startsAt ? Date.parse(w.startsAt) : null,
        ends_at: w.endsAt ? Date.parse(w.endsAt) : null,
        stuck_minutes: w.stuckMinutes,
        stuck_failures: w.stuckFailures,
        created_at: ctx.now(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx.insertInto('workshop_instructors').values({ workshop_id: row.id, instructor_id: instructorId }).execute();
    return row;
  });
}

/** The instructor's workshops, newest first, each with the number of learners in it (joined, not left). */
export async function listWorkshops(ctx: ServiceContext, instructorId: number): Promise<ListedWorkshop[]> {
  const rows = await ctx.storage.db
    .selectFrom('workshops')
    .innerJoin('workshop_instructors', 'workshop_instructors.workshop_id', 'workshops.id')
    .selectAll('workshops')
    .select((eb) =>
      eb.selectFrom('learners').whereRef('learners.workshop_id', '=', 'workshops.id').where('learners.left_at', 'is', null).select(eb.fn.countAll<string | number>().as('n')).as('learners'),
    )
    .where('workshop_instructors.instructor_id', '=', instructorId)
    .orderBy('workshops.created_at', 'desc')
    .orderBy('workshops.id', 'desc')
    .execute();
  return rows.map(({ learners, ...row }) => ({ ...toWorkshop(row), learners: Number(learners ?? 0) }));
}

/** The workshop, if this instructor is one of its instructors; otherwise "not found" (its existence is not told). */
export async function workshopForInstructor(ctx: ServiceContext, code: string, instructorId: number): Promise<WorkshopRow> {
  const row = await ctx.storage.db
    .selectFrom('workshops')
    .innerJoin('workshop_instructors', 'workshop_instructors.workshop_id', 'workshops.id')
    .selectAll('workshops')
    .where('workshops.code', '=', code)
    .where('workshop_instructors.instructor_id', '=', instructorId)
    .executeTakeFirst();
  if (!row) throw notFound(`Workshop ${code}`);
  return row;
}

export async function workshopByCode(ctx: ServiceContext, code: string): Promise<WorkshopRow> {
  const row = await ctx.storage.db.selectFrom('workshops').selectAll().where('code', '=', code).executeTakeFirst();
  if (!row) throw new ServiceError(404, 'no-such-workshop', `There is no workshop with the code ${code}. Check the code with your instructor.`);
  return row;
}

/** Changes the settings given, and only those: the stuck signal's, and when joining closes (`endsAt`; null opens it again). */
export async function updateSettings(ctx: ServiceContext, workshop: WorkshopRow, settings: WorkshopSettings): Promise<Workshop> {
  const endsAt = settings.endsAt === undefined ? workshop.ends_at : settings.endsAt === null ? null : settings.endsAt === 'now' ? ctx.now() : Date.parse(settings.endsAt);
  if (endsAt !== null && workshop.starts_at !== null && endsAt <= workshop.starts_at) {
    throw new ServiceError(400, 'ends-before-start', `The workshop starts at ${new Date(workshop.starts_at).toISOString()}; it cannot close to new learners before that.`);
  }
  const row = await ctx.storage.db
    .updateTable('workshops')
    .set({ stuck_minutes: settings.stuckMinutes ?? workshop.stuck_minutes, stuck_failures: settings.stuckFailures ?? workshop.stuck_failures, ends_at: endsAt })
    .where('id', '=', workshop.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toWorkshop(row);
}
