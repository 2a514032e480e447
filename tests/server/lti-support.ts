/**
 * What the LTI server tests share: a server and a test platform registered with it by its
 * admin over HTTP, and reading the launch page's localStorage entries.
 */
import { configFromEnv } from '../../src/server/config.ts';
import { startServer, type RunningServer } from '../../src/server/server.ts';
import { startTestPlatform, type TestPlatform } from '../support/lti-platform.ts';
import { freshDatabase, type FreshDatabase, type Kind } from './support/databases.ts';
import { instructor, serverOn, type Instructor } from './support/http.ts';

export interface LtiWorld {
  db: FreshDatabase;
  server: RunningServer;
  admin: Instructor;
  platform: TestPlatform;
  /** Stops the server and starts it again on the same port and database (the platform keeps its URLs); `admin` logs in again. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function ltiWorld(kind: Kind): Promise<LtiWorld> {
  const db = await freshDatabase(kind);
  const server = await serverOn(db.options);
  const admin = await instructor(server, 'admin@example.org', true);
  const platform = await startTestPlatform({ toolUrl: server.url });
  const registered = await admin.call('/api/lti/platforms', {
    method: 'POST',
    json: { issuer: platform.issuer, clientId: platform.clientId, deploymentIds: [platform.deploymentId], jwksUrl: platform.jwksUrl, authUrl: platform.authUrl, tokenUrl: platform.tokenUrl },
  });
  if (registered.status !== 201) throw new Error(`registration failed: ${registered.status} ${await registered.text()}`);
  const world: LtiWorld = {
    db,
    server,
    admin,
    platform,
    restart: async () => {
      const port = Number(new URL(world.server.url).port);
      await world.server.close();
      // Lets this process's HTTP client see its keep-alive connections to the old server closed, so none is reused.
      await new Promise((resolve) => setTimeout(resolve, 200));
      world.server = await startServer({ ...configFromEnv({}), port, databaseUrl: db.options.databaseUrl, dataDir: db.options.dataDir ?? 'data' });
      world.admin = await instructor(world.server, 'admin@example.org', true);
    },
    close: async () => {
      await platform.close();
      await world.server.close();
      await db.drop();
    },
  };
  return world;
}

/** The localStorage entries the launch page writes, parsed. */
export function launchStore(html: string): Record<string, any> {
  const json = html.match(/for \(const \[key, value\] of (.*)\) localStorage\.setItem/)?.[1];
  if (!json) throw new Error(`not a launch page: ${html.slice(0, 300)}`);
  return Object.fromEntries((JSON.parse(json) as Array<[string, string]>).map(([key, value]) => [key, JSON.parse(value)]));
}

export const errorOf = async (response: Response) => ((await response.json()) as { error: { code: string; message: string } }).error;
