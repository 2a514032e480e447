/**
 * The candidate's access level for the exam routes: a sitting token (`Authorization: Bearer
 * sxc_...`), handed out once when the sitting starts, which reaches only that sitting. It is a
 * guard like access.ts's (the route-table test reads its `access`), kept here with the exam routes.
 */
import type { MiddlewareHandler } from 'hono';
import type { ServiceContext } from '../services/context.ts';
import { ServiceError } from '../services/errors.ts';
import { sittingByToken, type Sitting } from '../services/exam-sessions.ts';
import type { AppEnv } from './env.ts';

export type ExamEnv = { Variables: AppEnv['Variables'] & { sitting: Sitting } };

export function candidateAccess(ctx: ServiceContext): MiddlewareHandler<ExamEnv> & { access: 'candidate' } {
  const handler: MiddlewareHandler<ExamEnv> = async (c, next) => {
    const token = c.req.header('authorization')?.match(/^Bearer (sxc_[A-Za-z0-9_-]+)$/)?.[1];
    if (!token) throw new ServiceError(401, 'candidate-token-required', 'This needs your exam token (Authorization: Bearer sxc_...). Open the exam link and start your sitting to get one.');
    c.set('sitting', await sittingByToken(ctx, token));
    await next();
  };
  return Object.assign(handler, { access: 'candidate' as const });
}
