/**
 * What a launch opens: a lesson, an exercise, a workshop (the launched user joins it as a
 * learner) or an exam session. The platform names it in the link's custom parameter
 * `target` (for example `exercise:veth-testns`), or as `?target=...` on the target link URI.
 */
import { z } from 'zod';
import type { ServiceContext } from '../services/context.ts';
import { ServiceError } from '../services/errors.ts';
import { CLAIM, type LaunchClaims } from './launch.ts';

export const TARGET_KINDS = ['lesson', 'exercise', 'workshop', 'exam-session'] as const;
export const launchTargetSchema = z.object({ kind: z.enum(TARGET_KINDS), id: z.string().min(1).max(200) });
export type LaunchTarget = z.infer<typeof launchTargetSchema>;

const HOW = 'Set the LMS link\'s custom parameter target=<kind>:<id> (lesson:<id>, exercise:<id>, workshop:<code> or exam-session:<id>).';

export function targetOf(claims: LaunchClaims): LaunchTarget {
  const fromLink = new URL(claims[CLAIM.targetLinkUri]).searchParams.get('target');
  const raw = claims[CLAIM.custom]?.target ?? fromLink;
  if (!raw) throw new ServiceError(400, 'lti-no-target', `The launch does not say what to open. ${HOW}`);
  const [kind = '', ...rest] = raw.split(':');
  const parsed = launchTargetSchema.safeParse({ kind, id: rest.join(':') });
  if (!parsed.success) throw new ServiceError(400, 'lti-bad-target', `The launch target ${JSON.stringify(raw)} is not one Stacklab knows. ${HOW}`);
  return parsed.data;
}

/** Refuses a lesson or exercise the course does not have. */
export function requireInCatalog(ctx: ServiceContext, target: LaunchTarget): void {
  const known = target.kind === 'lesson' ? ctx.catalog.lessons : target.kind === 'exercise' ? ctx.catalog.exercises : undefined;
  if (known && !known.includes(target.id)) {
    throw new ServiceError(404, 'lti-unknown-target', `This Stacklab has no ${target.kind} ${JSON.stringify(target.id)}; fix the LMS link's target (ids: \`npx stacklab list\`).`);
  }
}
