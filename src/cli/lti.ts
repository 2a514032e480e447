/**
 * The LTI commands, on the same database as the server (DATABASE_URL, or SQLite in
 * $STACKLAB_DATA):
 *   stacklab lti urls [--json]             the URLs to give the LMS (login, launch, JWKS)
 *   stacklab lti register --issuer URL --client-id ID --deployment ID[,ID] --jwks-url URL --auth-url URL --token-url URL [--json]
 *   stacklab lti platforms [--json]
 *   stacklab lti rotate-key [--json]       a new signing key; the previous one stays published until the next rotation
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { baseUrlOf, configFromEnv } from '../server/config.ts';
import { courseCatalog } from '../server/services/catalog.ts';
import type { ServiceContext } from '../server/services/context.ts';
import { publicJwks, rotateKeys } from '../server/lti/keys.ts';
import { listPlatforms, platformRegistrationSchema, registerPlatform } from '../server/lti/platforms.ts';
import { LTI_PATHS } from '../server/routes/lti-routes.ts';
import { inProcessBus } from '../server/storage/event-bus.ts';
import { openStorage } from '../server/storage/database.ts';

export const LTI_USAGE = `  stacklab lti urls [--json]
  stacklab lti register --issuer URL --client-id ID --deployment ID[,ID] --jwks-url URL --auth-url URL --token-url URL [--json]
  stacklab lti platforms [--json]
  stacklab lti rotate-key [--json]`;

export class LtiUsageError extends Error {}

const show = (json: boolean, value: unknown, text: string) => console.log(json ? JSON.stringify(value, null, 2) : text);

export async function ltiCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      issuer: { type: 'string' },
      'client-id': { type: 'string' },
      deployment: { type: 'string' },
      'jwks-url': { type: 'string' },
      'auth-url': { type: 'string' },
      'token-url': { type: 'string' },
    },
  });
  const [action] = positionals;
  const config = configFromEnv();
  const base = baseUrlOf(config);
  if (action === 'urls') {
    const urls = { loginUrl: `${base}${LTI_PATHS.login}`, launchUrl: `${base}${LTI_PATHS.launch}`, jwksUrl: `${base}${LTI_PATHS.jwks}` };
    show(values.json, urls, `login initiation  ${urls.loginUrl}\nlaunch/redirect   ${urls.launchUrl}\npublic JWKS       ${urls.jwksUrl}`);
    return 0;
  }
  if (action !== 'register' && action !== 'platforms' && action !== 'rotate-key') throw new LtiUsageError(`unknown command 'lti ${action ?? ''}'`);
  const storage = await openStorage({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const ctx: ServiceContext = { storage, bus: inProcessBus(), now: Date.now, catalog: courseCatalog() };
  try {
    if (action === 'register') {
      const input = platformRegistrationSchema.safeParse({
        issuer: values.issuer,
        clientId: values['client-id'],
        deploymentIds: values.deployment?.split(',').map((d) => d.trim()).filter(Boolean),
        jwksUrl: values['jwks-url'],
        authUrl: values['auth-url'],
        tokenUrl: values['token-url'],
      });
      if (!input.success) throw new LtiUsageError(`lti register: ${z.prettifyError(input.error)}`);
      const platform = await registerPlatform(ctx, input.data);
      show(values.json, platform, `Registered ${platform.issuer} (client ${platform.clientId}, deployments ${platform.deploymentIds.join(', ')}) in ${storage.location}.`);
    } else if (action === 'platforms') {
      const platforms = await listPlatforms(ctx);
      show(values.json, platforms, platforms.map((p) => `${p.issuer}  client ${p.clientId}  deployments ${p.deploymentIds.join(',')}`).join('\n') || 'No LMS platform is registered yet (stacklab lti register ...).');
    } else {
      const rotated = await rotateKeys(ctx);
      const published = (await publicJwks(ctx)).keys.map((k) => k.kid);
      show(values.json, { ...rotated, published }, `New signing key ${rotated.current}; published: ${published.join(', ')}${rotated.removed.length ? `; removed ${rotated.removed.join(', ')}` : ''}.`);
    }
    return 0;
  } finally {
    await storage.close();
  }
}
