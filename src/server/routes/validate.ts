/** zod validation of a request part, failing with a 400 that names each wrong field. */
import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { z } from 'zod';
import { ServiceError } from '../services/errors.ts';

export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : 'body'}: ${i.message}`).join('; ');
}

export const validate = <T extends z.ZodType, Target extends keyof ValidationTargets>(target: Target, schema: T) =>
  zValidator(target, schema, (result) => {
    if (!result.success) throw new ServiceError(400, 'invalid-request', `The request's ${target} is not valid: ${describeIssues(result.error.issues)}.`);
  });
