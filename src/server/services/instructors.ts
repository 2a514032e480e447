/**
 * Instructor accounts and their sessions. A session is a random token in an HTTP-only cookie,
 * stored hashed with its CSRF token; a one-time login token (the CLI's dashboard link) becomes a
 * session once and is then spent.
 */
import type { ServiceContext } from './context.ts';
import { LOGIN_LINK_SPENT } from '../schemas.ts';
import { ServiceError } from './errors.ts';
import { hashPassword, hashToken, newToken, verifyPassword } from './secrets.ts';

export const SESSION_DAYS = 14;
const LOGIN_TOKEN_HOURS = 24;

export interface Instructor {
  id: number;
  email: string;
  admin: boolean;
}

export interface Session {
  token: string;
  csrfToken: string;
  expiresAt: number;
  instructor: Instructor;
}

const normaliseEmail = (email: string) => email.trim().toLowerCase();
const toInstructor = (row: { id: number; email: string; is_admin: number }): Instructor => ({ id: row.id, email: row.email, admin: row.is_admin === 1 });

export async function createInstructor(ctx: ServiceContext, input: { email: string; password: string; admin: boolean }): Promise<Instructor> {
  const email = normaliseEmail(input.email);
  const existing = await ctx.storage.db.selectFrom('instructors').select('id').where('email', '=', email).executeTakeFirst();
  if (existing) throw new ServiceError(409, 'instructor-exists', `An instructor with the email ${email} exists already.`);
  const row = await ctx.storage.db
    .insertInto('instructors')
    .values({ email, password_hash: await hashPassword(input.password), is_admin: input.admin ? 1 : 0, created_at: ctx.now() })
    .returning(['id', 'email', 'is_admin'])
    .executeTakeFirstOrThrow();
  return toInstructor(row);
}

export async function findInstructor(ctx: ServiceContext, email: string): Promise<Instructor | undefined> {
  const row = await ctx.storage.db.selectFrom('instructors').select(['id', 'email', 'is_admin']).where('email', '=', normaliseEmail(email)).executeTakeFirst();
  return row && toInstructor(row);
}

/** The first admin account, which the CLI acts as when no --instructor is given. */
export async function firstAdmin(ctx: ServiceContext): Promise<Instructor | undefined> {
  const row = await ctx.storage.db.selectFrom('instructors').select(['id', 'email', 'is_admin']).where('is_admin', '=', 1).orderBy('id').executeTakeFirst();
  return row && toInstructor(row);
}

/** A hash of a password no one has, so an unknown email costs the same time as a wrong password. */
let decoyHash: Promise<string> | undefined;

export async function logIn(ctx: ServiceContext, email: string, password: string): Promise<Session> {
  const row = await ctx.storage.db.selectFrom('instructors').selectAll().where('email', '=', normaliseEmail(email)).executeTakeFirst();
  decoyHash ??= hashPassword(newToken('decoy'));
  const ok = await verifyPassword(password, row?.password_hash ?? (await decoyHash));
  if (!row || !ok) throw new ServiceError(401, 'bad-credentials', 'Wrong email or password.');
  return startSession(ctx, toInstructor(row));
}

async function startSession(ctx: ServiceContext, instructor: Instructor): Promise<Session> {
  const token = newToken('sls');
  const csrfToken = newToken('slc');
  const expiresAt = ctx.now() + SESSION_DAYS * 86_400_000;
  await ctx.storage.db
    .insertInto('sessions')
    .values({ token_hash: hashToken(token), instructor_id: instructor.id, csrf_token: csrfToken, created_at: ctx.now(), expires_at: expiresAt })
    .execute();
  return { token, csrfToken, expiresAt, instructor };
}

export async function sessionFor(ctx: ServiceContext, token: string): Promise<Session | undefined> {
  const row = await ctx.storage.db
    .selectFrom('sessions')
    .innerJoin('instructors', 'instructors.id', 'sessions.instructor_id')
    .select(['instructors.id', 'instructors.email', 'instructors.is_admin', 'sessions.csrf_token', 'sessions.expires_at'])
    .where('sessions.token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row || row.expires_at <= ctx.now()) return undefined;
  return { token, csrfToken: row.csrf_token, expiresAt: row.expires_at, instructor: toInstructor(row) };
}

export async function logOut(ctx: ServiceContext, token: string): Promise<void> {
  await ctx.storage.db.deleteFrom('sessions').where('token_hash', '=', hashToken(token)).execute();
}

/** A token that opens one session, once, within 24 hours: what the CLI puts in the dashboard link. */
export async function createLoginToken(ctx: ServiceContext, instructorId: number): Promise<string> {
  const token = newToken('sll');
  await ctx.storage.db
    .insertInto('login_tokens')
    .values({ token_hash: hashToken(token), instructor_id: instructorId, expires_at: ctx.now() + LOGIN_TOKEN_HOURS * 3_600_000, used_at: null })
    .execute();
  return token;
}

export async function redeemLoginToken(ctx: ServiceContext, token: string): Promise<Session> {
  const spent = await ctx.storage.db
    .updateTable('login_tokens')
    .set({ used_at: ctx.now() })
    .where('token_hash', '=', hashToken(token))
    .where('used_at', 'is', null)
    .where('expires_at', '>', ctx.now())
    .returning('instructor_id')
    .executeTakeFirst();
  if (!spent) throw new ServiceError(401, LOGIN_LINK_SPENT, 'This login link was used already or has expired. Log in with your password, or make a new link with `npx stacklab workshop login`.');
  const row = await ctx.storage.db.selectFrom('instructors').select(['id', 'email', 'is_admin']).where('id', '=', spent.instructor_id).executeTakeFirstOrThrow();
  return startSession(ctx, toInstructor(row));
}
