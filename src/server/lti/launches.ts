/**
 * What a verified launch becomes in Stacklab: the platform's user and context mapped to ours,
 * the line item (if the platform offers AGS) remembered with its target, and a launch token the
 * tab reports its Check results with. A workshop launch joins the user to the workshop as a
 * learner (launched again, the same learner, with a new token); an exam-session launch starts the user's sitting (its re-graded score goes to the
 * line item, see postExamScore), and launched again gives the same sitting a new token (services/sitting-moves.ts).
 */
import type { ServiceContext } from '../services/context.ts';
import { ServiceError } from '../services/errors.ts';
import { startSitting } from '../services/exam-sessions.ts';
import { replaceToken } from '../services/sitting-moves.ts';
import { joinWorkshop, rejoinWorkshop } from '../services/learners.ts';
import { hashToken, newToken } from '../services/secrets.ts';
import { lessonLinks } from '../../exercises/lesson-links.ts';
import { readLessons } from '../../exercises/lint.ts';
import { LTI_LAUNCH_KEY } from '../../lib/lti-reporter.ts';
import { CLAIM, type VerifiedLaunch } from './launch.ts';
import { requireInCatalog, targetOf, type LaunchTarget } from './targets.ts';

/** A launch token lasts a working day: long enough for a lab, short enough to be worthless later. */
export const LAUNCH_TOKEN_TTL_MS = 12 * 3600_000;

/** What the browser is sent to: a page, and what its localStorage should hold first. */
export interface LaunchOutcome {
  target: LaunchTarget;
  launchId: number;
  /** Path on this server to open. */
  location: string;
  /** Entries the launch page writes to localStorage before it opens `location`. */
  store: Record<string, unknown>;
}

/** The classroom's membership key (src/lib/classroom/client.ts), for a workshop launch. */
const MEMBERSHIP_KEY = 'stacklab:classroom';
/** Where the exam session's sit page keeps a candidate's token (src/lib/exam-server/client.ts's candidateKey). */
const candidateKey = (session: string) => `stacklab:exam-session:${session}`;

function displayName(launch: VerifiedLaunch): string {
  const { claims } = launch;
  const parts = [claims.given_name, claims.family_name].filter(Boolean).join(' ');
  return (claims.name || parts || claims.email || `LMS user ${claims.sub.slice(0, 12)}`).slice(0, 80);
}

async function upsertUser(ctx: ServiceContext, launch: VerifiedLaunch): Promise<number> {
  const name = displayName(launch);
  const email = launch.claims.email ?? null;
  const row = await ctx.storage.db
    .insertInto('lti_users')
    .values({ platform_id: launch.platform.id, subject: launch.claims.sub, name, email, created_at: ctx.now() })
    .onConflict((oc) => oc.columns(['platform_id', 'subject']).doUpdateSet({ name, email }))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function upsertContext(ctx: ServiceContext, launch: VerifiedLaunch): Promise<number | null> {
  const context = launch.claims[CLAIM.context];
  if (!context) return null;
  const title = (context.title ?? context.label ?? context.id).slice(0, 200);
  const row = await ctx.storage.db
    .insertInto('lti_contexts')
    .values({ platform_id: launch.platform.id, context_id: context.id, title })
    .onConflict((oc) => oc.columns(['platform_id', 'context_id']).doUpdateSet({ title }))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function upsertLineItem(ctx: ServiceContext, launch: VerifiedLaunch, contextId: number | null, target: LaunchTarget): Promise<number | null> {
  const url = launch.claims[CLAIM.ags]?.lineitem;
  if (!url) return null;
  const values = { context_id: contextId, target_kind: target.kind, target_id: target.id };
  const row = await ctx.storage.db
    .insertInto('lti_line_items')
    .values({ platform_id: launch.platform.id, url, ...values })
    .onConflict((oc) => oc.columns(['platform_id', 'url']).doUpdateSet(values))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Joins a launched user by the name the LMS gives. The LMS tells its users apart, not by name: a
 * name another learner here has is numbered ("Ada Lovelace (2)"), where the join form would ask
 * the learner to add an initial, which an LMS launch cannot.
 */
async function joinAsLaunched(ctx: ServiceContext, code: string, name: string): ReturnType<typeof joinWorkshop> {
  for (let n = 1; ; n++) {
    try {
      return await joinWorkshop(ctx, code, n === 1 ? name : `${name} (${n})`);
    } catch (error) {
      if (!(error instanceof ServiceError && error.code === 'name-taken') || n >= 20) throw error;
    }
  }
}

/** What the user's latest earlier launch of the same target became (its learner, or its sitting), if one did. */
async function earlierLaunch(ctx: ServiceContext, userId: number, target: LaunchTarget, made: 'learner_id' | 'exam_sitting_id'): Promise<number | undefined> {
  const row = await ctx.storage.db
    .selectFrom('lti_launches')
    .select(made)
    .where('user_id', '=', userId)
    .where('target_kind', '=', target.kind)
    .where('target_id', '=', target.id)
    .where(made, 'is not', null)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  const value = row?.[made as keyof typeof row];
  return value === undefined || value === null ? undefined : Number(value);
}

/** Records a verified launch and says where its browser goes. */
export async function openLaunch(ctx: ServiceContext, launch: VerifiedLaunch): Promise<LaunchOutcome> {
  const target = targetOf(launch.claims);
  requireInCatalog(ctx, target);
  const userId = await upsertUser(ctx, launch);
  const contextId = await upsertContext(ctx, launch);
  const lineItemId = await upsertLineItem(ctx, launch, contextId, target);
  const token = newToken('slti');
  const store: Record<string, unknown> = {};
  let location: string;
  let learnerId: number | null = null;
  let sittingId: number | null = null;
  if (target.kind === 'workshop') {
    // Launched again (another tab, another browser, the next day): the learner the first launch made, if they have not left.
    const earlier = await earlierLaunch(ctx, userId, target, 'learner_id');
    const joined = (earlier ? await rejoinWorkshop(ctx, earlier) : undefined) ?? (await joinAsLaunched(ctx, target.id, displayName(launch)));
    learnerId = joined.learner.id;
    store[MEMBERSHIP_KEY] = { code: joined.learner.workshop.code, title: joined.learner.workshop.title, token: joined.token, name: joined.learner.name, learnerId };
    const first = joined.learner.workshop.lessons[0];
    location = first ? `/lessons/${first}/` : '/';
  } else if (target.kind === 'exam-session') {
    location = `/exams/session/?s=${encodeURIComponent(target.id)}`;
    const earlier = await earlierLaunch(ctx, userId, target, 'exam_sitting_id');
    const row = earlier ? await ctx.storage.db.selectFrom('exam_sittings').selectAll().where('id', '=', earlier).executeTakeFirst() : undefined;
    if (row) {
      // Launched again (a closed tab, another computer): the same sitting with a new token, which
      // this browser takes up, fetching the work the server holds if it has none of its own. A
      // browser it ran in before is told it moved (a tab of this one reads the new token).
      sittingId = row.id;
      const { token: sittingToken } = await replaceToken(ctx, row, 'lms');
      store[candidateKey(target.id)] = { token: sittingToken, session: target.id };
    } else {
      // The LMS vouches for who sits; a session with an access code takes it from the link's custom parameter access_code.
      const started = await startSitting(ctx, target.id, displayName(launch), launch.claims[CLAIM.custom]?.access_code);
      sittingId = started.sitting.id;
      store[candidateKey(started.sitting.session)] = { token: started.token, session: started.sitting.session };
    }
  } else if (target.kind === 'exercise') {
    const lesson = lessonLinks(readLessons()).lessonsOf.get(target.id)?.[0];
    location = lesson ? `/lessons/${lesson}/#${target.id}` : '/';
  } else {
    location = `/lessons/${target.id}/`;
  }
  const now = ctx.now();
  const row = await ctx.storage.db
    .insertInto('lti_launches')
    .values({ token_hash: hashToken(token), user_id: userId, line_item_id: lineItemId, target_kind: target.kind, target_id: target.id, learner_id: learnerId, exam_sitting_id: sittingId === null ? null : String(sittingId), created_at: now, expires_at: now + LAUNCH_TOKEN_TTL_MS })
    .returning('id')
    .executeTakeFirstOrThrow();
  store[LTI_LAUNCH_KEY] = { token, target: `${target.kind}:${target.id}`, expiresAt: now + LAUNCH_TOKEN_TTL_MS };
  return { target, launchId: row.id, location, store };
}
