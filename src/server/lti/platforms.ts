/**
 * The LMS platforms an admin registered: issuer, client id, deployment ids and the platform's
 * OIDC auth, token and JWKS URLs. A launch from anything not registered here is refused.
 */
import { z } from 'zod';
import type { Selectable } from 'kysely';
import type { ServiceContext } from '../services/context.ts';
import { ServiceError } from '../services/errors.ts';
import type { LtiPlatformsTable } from '../storage/lti-schema.ts';

const httpUrl = z.url({ protocol: /^https?$/ });

export const platformRegistrationSchema = z.strictObject({
  issuer: z.string().trim().min(1).max(500),
  clientId: z.string().trim().min(1).max(500),
  deploymentIds: z.array(z.string().trim().min(1).max(500)).min(1).max(100),
  jwksUrl: httpUrl,
  authUrl: httpUrl,
  tokenUrl: httpUrl,
});
export type PlatformRegistration = z.infer<typeof platformRegistrationSchema>;

export interface Platform extends PlatformRegistration {
  id: number;
}

const toPlatform = (row: Selectable<LtiPlatformsTable>): Platform => ({
  id: row.id,
  issuer: row.issuer,
  clientId: row.client_id,
  deploymentIds: z.array(z.string()).parse(JSON.parse(row.deployment_ids)),
  jwksUrl: row.jwks_url,
  authUrl: row.auth_url,
  tokenUrl: row.token_url,
});

/** Registers a platform, or updates the registration with the same issuer and client id. */
export async function registerPlatform(ctx: ServiceContext, input: PlatformRegistration): Promise<Platform> {
  const registration = platformRegistrationSchema.parse(input);
  const values = {
    deployment_ids: JSON.stringify([...new Set(registration.deploymentIds)]),
    jwks_url: registration.jwksUrl,
    auth_url: registration.authUrl,
    token_url: registration.tokenUrl,
  };
  await ctx.storage.db
    .insertInto('lti_platforms')
    .values({ issuer: registration.issuer, client_id: registration.clientId, created_at: ctx.now(), ...values })
    .onConflict((oc) => oc.columns(['issuer', 'client_id']).doUpdateSet(values))
    .execute();
  return platformFor(ctx, registration.issuer, registration.clientId);
}

export async function listPlatforms(ctx: ServiceContext): Promise<Platform[]> {
  const rows = await ctx.storage.db.selectFrom('lti_platforms').selectAll().orderBy('id').execute();
  return rows.map(toPlatform);
}

/**
 * The registration for an issuer and client id. Without a client id (a login initiation may
 * leave it out), the issuer must have exactly one registration.
 */
export async function platformFor(ctx: ServiceContext, issuer: string, clientId?: string): Promise<Platform> {
  let query = ctx.storage.db.selectFrom('lti_platforms').selectAll().where('issuer', '=', issuer);
  if (clientId !== undefined) query = query.where('client_id', '=', clientId);
  const rows = await query.limit(2).execute();
  if (rows.length === 0) {
    throw new ServiceError(401, 'lti-unknown-platform', `No LMS platform is registered with issuer ${JSON.stringify(issuer)}${clientId === undefined ? '' : ` and client id ${JSON.stringify(clientId)}`}. An admin registers it with \`npx stacklab lti register\` (or POST /api/lti/platforms).`);
  }
  if (rows.length > 1) throw new ServiceError(400, 'lti-client-id-required', `Issuer ${JSON.stringify(issuer)} has several registrations; the login initiation must name its client_id.`);
  return toPlatform(rows[0]!);
}

export async function platformById(ctx: ServiceContext, id: number): Promise<Platform> {
  return toPlatform(await ctx.storage.db.selectFrom('lti_platforms').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
}
