/**
 * `stacklab lti` on the server's database: the URLs to give an LMS, a platform registered from
 * the command line that a running server then accepts launches from, and a key rotation that
 * the server's JWKS shows at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/server.ts';
import { startTestPlatform, type TestPlatform } from '../support/lti-platform.ts';
import { runCli } from './support/cli.ts';
import { freshDatabase, kinds, type FreshDatabase } from './support/databases.ts';
import { serverOn } from './support/http.ts';

// Each CLI run loads the course's modules through tsx: seconds each on a busy machine.
describe.each(kinds)('stacklab lti on %s', { timeout: 240_000 }, (kind) => {
  let db: FreshDatabase;
  let server: RunningServer;
  let platform: TestPlatform;
  let env: NodeJS.ProcessEnv;
  const stacklab = (args: string[]) => runCli(['lti', ...args], { env });
  beforeAll(async () => {
    db = await freshDatabase(kind);
    server = await serverOn(db.options);
    platform = await startTestPlatform({ toolUrl: server.url });
    env = { ...process.env, STACKLAB_DATA: db.options.dataDir ?? '', DATABASE_URL: db.options.databaseUrl ?? '', STACKLAB_PUBLIC_URL: server.url };
  });
  afterAll(async () => {
    await platform?.close();
    await server?.close();
    await db?.drop();
  });

  it("prints the tool's URLs for the LMS", async () => {
    const run = await stacklab(['urls', '--json']);
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ loginUrl: `${server.url}/lti/login`, launchUrl: `${server.url}/lti/launch`, jwksUrl: `${server.url}/lti/jwks` });
  });

  it('refuses an incomplete registration and says what is missing', async () => {
    const run = await stacklab(['register', '--issuer', platform.issuer]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/clientId/);
  });

  it('registers a platform that the running server then accepts launches from', async () => {
    const run = await stacklab(['register', '--issuer', platform.issuer, '--client-id', platform.clientId, '--deployment', platform.deploymentId, '--jwks-url', platform.jwksUrl, '--auth-url', platform.authUrl, '--token-url', platform.tokenUrl, '--json']);
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ issuer: platform.issuer, deploymentIds: [platform.deploymentId] });
    const { response } = await platform.launch({ target: 'lesson:veth-pairs' });
    expect(response.status).toBe(200);
  });

  it('rotates the key: the server publishes the new one beside the previous', async () => {
    const before = ((await (await fetch(`${server.url}/lti/jwks`)).json()) as { keys: Array<{ kid: string }> }).keys.map((k) => k.kid);
    const run = await stacklab(['rotate-key', '--json']);
    expect(run.status, run.stderr).toBe(0);
    const rotated = JSON.parse(run.stdout) as { current: string; previous: string; published: string[] };
    expect(rotated.previous).toBe(before[0]);
    const after = ((await (await fetch(`${server.url}/lti/jwks`)).json()) as { keys: Array<{ kid: string }> }).keys.map((k) => k.kid);
    expect(after).toEqual([rotated.current, before[0]]);
  });
});
