/**
 * Assignment and Grade Services: the tool asks the platform's token endpoint for an access
 * token with a client-credentials grant, authenticated by a JWT assertion signed with the
 * tool's current key (RFC 7523, as LTI 1.3 requires), then posts a score to the line item's
 * `/scores` endpoint.
 *
 * @example
 * await postScore(ctx, platform, lineItemUrl, { userId: 'u-1', scoreGiven: 8, scoreMaximum: 10, activityProgress: 'Completed' });
 */
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { z } from 'zod';
import type { ServiceContext } from '../services/context.ts';
import { currentKey, TOOL_KEY_ALG } from './keys.ts';
import type { Platform } from './platforms.ts';

export const SCORE_SCOPE = 'https://purl.imsglobal.org/spec/lti-ags/scope/score';
export const SCORE_MEDIA_TYPE = 'application/vnd.ims.lis.v1.score+json';
const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** The score body AGS defines; `gradingProgress` is always FullyGraded for what Stacklab posts. */
export const agsScoreSchema = z.strictObject({
  userId: z.string().min(1),
  scoreGiven: z.number().min(0),
  scoreMaximum: z.number().positive(),
  activityProgress: z.enum(['Initialized', 'Started', 'InProgress', 'Submitted', 'Completed']),
  gradingProgress: z.literal('FullyGraded'),
  timestamp: z.iso.datetime({ offset: true }),
  comment: z.string().optional(),
});
export type AgsScore = z.infer<typeof agsScoreSchema>;

/** A platform that does not answer within this is a failed attempt (the outbox tries again later). */
const LMS_TIMEOUT_MS = 30_000;

const tokenResponseSchema = z.object({ access_token: z.string().min(1), token_type: z.string().optional(), expires_in: z.number().optional() });

/** The signed client assertion for the platform's token endpoint. */
export async function clientAssertion(ctx: ServiceContext, platform: Platform): Promise<string> {
  const { kid, privateKey } = await currentKey(ctx);
  const now = Math.floor(ctx.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: TOOL_KEY_ALG, kid, typ: 'JWT' })
    .setIssuer(platform.clientId)
    .setSubject(platform.clientId)
    .setAudience(platform.tokenUrl)
    .setIssuedAt(now)
    .setExpirationTime(now + 300)
    .setJti(randomUUID())
    .sign(privateKey);
}

const tokens = new Map<string, { token: string; expiresAt: number }>();

/** An access token for `scope`, reused until a minute before it expires. */
export async function accessToken(ctx: ServiceContext, platform: Platform, scope = SCORE_SCOPE): Promise<string> {
  const key = `${platform.id} ${platform.tokenUrl} ${scope}`;
  const cached = tokens.get(key);
  if (cached && cached.expiresAt > ctx.now() + 60_000) return cached.token;
  const response = await fetch(platform.tokenUrl, {
    method: 'POST',
    signal: AbortSignal.timeout(LMS_TIMEOUT_MS),
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_assertion_type: ASSERTION_TYPE, client_assertion: await clientAssertion(ctx, platform), scope }),
  });
  if (!response.ok) throw new Error(`The LMS token endpoint ${platform.tokenUrl} refused Stacklab's client assertion: ${response.status} ${(await response.text()).slice(0, 300)}. Check that the platform has Stacklab's JWKS URL and client id ${platform.clientId}.`);
  const body = tokenResponseSchema.parse(await response.json());
  tokens.set(key, { token: body.access_token, expiresAt: ctx.now() + (body.expires_in ?? 3600) * 1000 });
  return body.access_token;
}

/** Drops the cached access tokens for `platform`. */
export function forgetAccessTokens(platform: Platform): void {
  for (const key of tokens.keys()) if (key.startsWith(`${platform.id} `)) tokens.delete(key);
}

/** `<line item>/scores`, keeping the line item URL's query. */
export function scoresUrl(lineItemUrl: string): string {
  const url = new URL(lineItemUrl);
  url.pathname = `${url.pathname.replace(/\/$/, '')}/scores`;
  return url.toString();
}

/** Posts one score; throws with the platform's answer when it is refused. */
export async function postScore(ctx: ServiceContext, platform: Platform, lineItemUrl: string, score: AgsScore): Promise<void> {
  const body = agsScoreSchema.parse(score);
  const response = await fetch(scoresUrl(lineItemUrl), {
    method: 'POST',
    signal: AbortSignal.timeout(LMS_TIMEOUT_MS),
    headers: { 'content-type': SCORE_MEDIA_TYPE, authorization: `Bearer ${await accessToken(ctx, platform)}` },
    body: JSON.stringify(body),
  });
  if (response.status === 401) {
    // The platform no longer takes the cached token (expired or revoked early): the next attempt asks for a new one.
    forgetAccessTokens(platform);
    throw new Error(`The LMS refused Stacklab's access token for line item ${lineItemUrl} (401 ${(await response.text()).slice(0, 200)}); a new token is asked for on the next attempt.`);
  }
  if (!response.ok) throw new Error(`The LMS refused the score for line item ${lineItemUrl}: ${response.status} ${(await response.text()).slice(0, 300)}.`);
}
