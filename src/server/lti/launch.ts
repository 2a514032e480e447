/**
 * LTI 1.3 launches (the OIDC third-party-initiated login, then the id_token the platform posts
 * back). The login stores a single-use state with its nonce (and the route sets the state's
 * browser cookie, ./state-cookie.ts); the launch checks that the posting browser holds that
 * cookie, then the id_token's
 * RS256 signature against the platform's own JWKS (jose), its iss, aud and azp, exp and iat,
 * that its nonce is the one the state was issued with (consumed once), that its deployment id
 * is registered, and the LTI claims Stacklab reads (a zod schema). (@lti-tool/core 1.0.6 was
 * tried: its published build imports files without extensions, which Node's ESM loader refuses.)
 *
 * @example
 * const redirect = await beginLogin(ctx, { iss, login_hint, target_link_uri, client_id }, launchUrl);
 * const launch = await verifyLaunch(ctx, { idToken, state, cookies });   // throws a ServiceError when refused
 */
import { createRemoteJWKSet, decodeJwt, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import type { ServiceContext } from '../services/context.ts';
import { ServiceError } from '../services/errors.ts';
import { newToken } from '../services/secrets.ts';
import { platformFor, type Platform } from './platforms.ts';
import { checkStateCookie } from './state-cookie.ts';

/** How long a login may take before its launch arrives. */
export const STATE_TTL_MS = 10 * 60_000;
/** An id_token issued longer ago than this is refused, whatever its exp says. */
export const MAX_ID_TOKEN_AGE_S = 5 * 60;
const CLOCK_TOLERANCE_S = 30;

export const loginInitiationSchema = z.object({
  iss: z.string().min(1),
  login_hint: z.string().min(1),
  target_link_uri: z.url(),
  lti_message_hint: z.string().optional(),
  client_id: z.string().min(1).optional(),
  lti_deployment_id: z.string().min(1).optional(),
});
export type LoginInitiation = z.infer<typeof loginInitiationSchema>;

export const CLAIM = {
  messageType: 'https://purl.imsglobal.org/spec/lti/claim/message_type',
  version: 'https://purl.imsglobal.org/spec/lti/claim/version',
  deploymentId: 'https://purl.imsglobal.org/spec/lti/claim/deployment_id',
  targetLinkUri: 'https://purl.imsglobal.org/spec/lti/claim/target_link_uri',
  resourceLink: 'https://purl.imsglobal.org/spec/lti/claim/resource_link',
  custom: 'https://purl.imsglobal.org/spec/lti/claim/custom',
  context: 'https://purl.imsglobal.org/spec/lti/claim/context',
  ags: 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint',
} as const;

/** The id_token claims of an LTI 1.3 resource link launch that Stacklab reads; name and email are optional (many platforms withhold them). */
export const launchClaimsSchema = z.object({
  iss: z.string(),
  sub: z.string().min(1).max(255),
  aud: z.union([z.string(), z.array(z.string()).min(1)]),
  azp: z.string().optional(),
  exp: z.number(),
  iat: z.number(),
  nonce: z.string().min(1),
  name: z.string().optional(),
  given_name: z.string().optional(),
  family_name: z.string().optional(),
  email: z.string().optional(),
  [CLAIM.messageType]: z.literal('LtiResourceLinkRequest'),
  [CLAIM.version]: z.literal('1.3.0'),
  [CLAIM.deploymentId]: z.string().min(1).max(255),
  [CLAIM.targetLinkUri]: z.url(),
  [CLAIM.resourceLink]: z.object({ id: z.string().min(1).max(255), title: z.string().optional() }),
  [CLAIM.custom]: z.record(z.string(), z.string()).optional(),
  [CLAIM.context]: z.object({ id: z.string().min(1).max(255), label: z.string().optional(), title: z.string().optional() }).optional(),
  [CLAIM.ags]: z.object({ scope: z.array(z.string()), lineitem: z.url().optional(), lineitems: z.url().optional() }).optional(),
});
export type LaunchClaims = z.infer<typeof launchClaimsSchema>;


/** Starts a login: stores a single-use state and nonce, and returns the state and the platform's auth URL to redirect to. */
export async function beginLogin(ctx: ServiceContext, params: LoginInitiation, launchUrl: string): Promise<{ state: string; redirect: string }> {
  const platform = await platformFor(ctx, params.iss, params.client_id);
  if (params.lti_deployment_id !== undefined) requireDeployment(platform, params.lti_deployment_id);
  const state = newToken('lts');
  const nonce = newToken('ltn');
  const now = ctx.now();
  // Expired states are removed as new ones come, so the table holds only the last minutes' logins.
  await ctx.storage.db.deleteFrom('lti_states').where('expires_at', '<', now).execute();
  await ctx.storage.db.insertInto('lti_states').values({ state, nonce, platform_id: platform.id, expires_at: now + STATE_TTL_MS, used_at: null }).execute();
  const auth = new URL(platform.authUrl);
  const query: Record<string, string> = {
    scope: 'openid',
    response_type: 'id_token',
    response_mode: 'form_post',
    prompt: 'none',
    client_id: platform.clientId,
    redirect_uri: launchUrl,
    login_hint: params.login_hint,
    state,
    nonce,
  };
  if (params.lti_message_hint !== undefined) query.lti_message_hint = params.lti_message_hint;
  for (const [key, value] of Object.entries(query)) auth.searchParams.set(key, value);
  return { state, redirect: auth.toString() };
}

function requireDeployment(platform: Platform, deploymentId: string): void {
  if (!platform.deploymentIds.includes(deploymentId)) {
    throw new ServiceError(403, 'lti-unknown-deployment', `Deployment ${JSON.stringify(deploymentId)} of ${platform.issuer} is not registered with Stacklab. An admin adds it with \`npx stacklab lti register ... --deployment ${deploymentId}\`.`);
  }
}

const remoteKeySets = new Map<string, JWTVerifyGetKey>();
function platformKeys(jwksUrl: string): JWTVerifyGetKey {
  let keys = remoteKeySets.get(jwksUrl);
  if (!keys) remoteKeySets.set(jwksUrl, (keys = createRemoteJWKSet(new URL(jwksUrl))));
  return keys;
}

const refused = (code: string, message: string) => new ServiceError(401, code, `${message} Launch Stacklab again from your course in the LMS.`);

function verificationError(error: unknown): ServiceError {
  if (error instanceof ServiceError) return error;
  // jose reports an iat older than maxTokenAge as JWTExpired too, with claim 'iat'.
  if (error instanceof joseErrors.JWTExpired && error.claim === 'exp') return refused('lti-token-expired', 'The launch token from the LMS has expired.');
  if (error instanceof joseErrors.JWTClaimValidationFailed || error instanceof joseErrors.JWTExpired) {
    const code = error.claim === 'aud' ? 'lti-wrong-audience' : error.claim === 'iss' ? 'lti-wrong-issuer' : error.claim === 'iat' ? 'lti-token-too-old' : 'lti-token-invalid';
    return refused(code, `The launch token's ${error.claim} claim was refused (${error.reason}).`);
  }
  if (error instanceof joseErrors.JWSSignatureVerificationFailed || error instanceof joseErrors.JWKSNoMatchingKey) {
    return refused('lti-bad-signature', "The launch token's signature does not verify with the platform's published keys.");
  }
  if (error instanceof joseErrors.JOSEError) return refused('lti-token-invalid', `The launch token was refused: ${error.message}.`);
  throw error;
}

export interface VerifiedLaunch {
  platform: Platform;
  claims: LaunchClaims;
}

/**
 * Checks a launch (its form and the cookies of the browser posting it); returns the platform and
 * claims, or throws a ServiceError that says why it was refused.
 */
export async function verifyLaunch(ctx: ServiceContext, form: { idToken: string; state: string; cookies: Record<string, string> }): Promise<VerifiedLaunch> {
  let unverified: ReturnType<typeof decodeJwt>;
  try {
    unverified = decodeJwt(form.idToken);
  } catch {
    throw refused('lti-token-invalid', 'The launch did not carry a readable id_token.');
  }
  const audiences = typeof unverified.aud === 'string' ? [unverified.aud] : (unverified.aud ?? []);
  if (typeof unverified.iss !== 'string') throw refused('lti-token-invalid', 'The launch token names no issuer.');
  const stateRow = await ctx.storage.db.selectFrom('lti_states').selectAll().where('state', '=', form.state).executeTakeFirst();
  if (!stateRow) throw refused('lti-unknown-state', 'This launch was not started by a Stacklab login (unknown state).');
  // Before anything is consumed: a launch posted from another browser leaves the state to its own.
  checkStateCookie(form.state, form.cookies);
  const platform = await platformFor(ctx, unverified.iss, audiences.length === 1 ? audiences[0] : typeof unverified.azp === 'string' ? unverified.azp : undefined).catch(async (error: unknown) => {
    // An audience that is not a registered client id is a wrong audience, not an unknown platform.
    const known = await ctx.storage.db.selectFrom('lti_platforms').select('id').where('issuer', '=', unverified.iss!).executeTakeFirst();
    if (known) throw refused('lti-wrong-audience', `The launch token is for ${JSON.stringify(unverified.aud)}, not for a client id registered for ${unverified.iss}.`);
    throw error;
  });
  if (stateRow.platform_id !== platform.id) throw refused('lti-state-mismatch', 'The launch came from another platform than the login it answers.');
  let claims: LaunchClaims;
  try {
    const { payload } = await jwtVerify(form.idToken, platformKeys(platform.jwksUrl), {
      issuer: platform.issuer,
      audience: platform.clientId,
      algorithms: ['RS256'],
      maxTokenAge: MAX_ID_TOKEN_AGE_S,
      clockTolerance: CLOCK_TOLERANCE_S,
      currentDate: new Date(ctx.now()),
    });
    claims = launchClaimsSchema.parse(payload);
  } catch (error) {
    if (error instanceof z.ZodError) throw refused('lti-claims-invalid', `The launch token's LTI claims are not valid: ${z.prettifyError(error)}`);
    throw verificationError(error);
  }
  const aud = typeof claims.aud === 'string' ? [claims.aud] : claims.aud;
  if ((aud.length > 1 || claims.azp !== undefined) && claims.azp !== platform.clientId) {
    throw refused('lti-wrong-audience', `The launch token's azp ${JSON.stringify(claims.azp)} is not Stacklab's client id.`);
  }
  requireDeployment(platform, claims[CLAIM.deploymentId]);
  if (claims.nonce !== stateRow.nonce) throw refused('lti-nonce-mismatch', "The launch token's nonce is not the one its login issued.");
  const consumed = await ctx.storage.db
    .updateTable('lti_states')
    .set({ used_at: ctx.now() })
    .where('state', '=', form.state)
    .where('used_at', 'is', null)
    .where('expires_at', '>=', ctx.now())
    .executeTakeFirst();
  if (Number(consumed.numUpdatedRows) !== 1) {
    // Not expired, so used: before this request read it, or by a copy of it racing this one.
    if (stateRow.expires_at < ctx.now()) throw refused('lti-state-expired', 'The login took too long.');
    throw refused('lti-nonce-replayed', 'This launch was already used once (a replayed nonce).');
  }
  return { platform, claims };
}
