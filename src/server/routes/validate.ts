/** zod validation of a request part, failing with a 400 that names each wrong field. */
import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { z } from 'zod';
import { ServiceError } from '../services/errors.ts';

export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : 'body'}: ${i.message}`).join('; ');
}

/** The 400 for a part of the request (`what`: json, param, a multipart part…) that its schema refused, naming each wrong field. */
const invalidRequest = (what: string, issues: readonly z.core.$ZodIssue[], code = 'invalid-request') =>
  new ServiceError(400, code, `The request's ${what} is not valid: ${describeIssues(issues)}.`);

/** The 400 for JSON that does not parse: the request body, or a part of it (`what`). */
export const malformedJson = (what = 'request body') => new ServiceError(400, 'malformed-json', `The ${what} is not valid JSON.`);

export const validate = <T extends z.ZodType, Target extends keyof ValidationTargets>(target: Target, schema: T) =>
  zValidator(target, schema, (result) => {
    if (!result.success) throw invalidRequest(target, result.error.issues);
  });

/**
 * `value`, a part of the request a route reads itself (`what`), parsed by `schema`; refused as
 * `validate` refuses, with `code` as the error's code (the LTI routes' own, for instance).
 */
export function validated<T extends z.ZodType>(schema: T, value: unknown, what: string, code?: string): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw invalidRequest(what, result.error.issues, code);
  return result.data;
}
