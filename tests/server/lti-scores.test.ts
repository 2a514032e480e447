/**
 * Assignment and Grade Services against the test platform over HTTP, on each database: the
 * tool gets an access token from the platform's token endpoint with a client assertion the
 * platform checks against the tool's JWKS, and the platform receives exactly the best score of
 * an LTI exercise launch, and the re-graded score of an exam sitting launched from it. Key rotation: the previous key is still published (and what it
 * signed still verifies) until the next rotation removes it.
 */
import { decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientAssertion } from '../../src/server/lti/ags.ts';
import { previousKey } from '../../src/server/lti/keys.ts';
import { platformFor } from '../../src/server/lti/platforms.ts';
import { sendSittingScore } from '../../src/server/lti/score-outbox.ts';
import { queueExamScore } from '../../src/server/lti/scores.ts';
import { openExamSession } from '../../src/server/services/exam-sessions.ts';
import { findInstructor } from '../../src/server/services/instructors.ts';
import { kinds } from './support/databases.ts';
import { errorOf, launchStore, ltiWorld, type LtiWorld } from './lti-support.ts';

describe.each(kinds)('LTI scores and keys on %s', (kind) => {
  let world: LtiWorld;
  let token: string;
  const report = (body: object, bearer = token) =>
    fetch(`${world.server.url}/api/lti/reports`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` }, body: JSON.stringify(body) });

  beforeAll(async () => {
    world = await ltiWorld(kind);
    const { response } = await world.platform.launch({ target: 'exercise:veth-testns', user: 'student-9', resourceLink: 'lab-veth' });
    token = (launchStore(await response.text())['stacklab:lti'] as { token: string }).token;
  });
  afterAll(async () => world?.close());

  it('posts a Check result to the line item with a token from the platform, and the platform receives exactly that score', async () => {
    const response = await report({ exercise: 'veth-testns', score: 40, max: 100 });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ best: { score: 40, max: 100 }, posted: true });
    expect(world.platform.tokenRequests).toEqual([{ granted: true }]);
    expect(world.platform.scores).toHaveLength(1);
    const [posted] = world.platform.scores;
    expect(posted!.lineItem).toBe(world.platform.lineItemUrl('lab-veth'));
    expect(posted!.body).toEqual({ userId: 'student-9', scoreGiven: 40, scoreMaximum: 100, activityProgress: 'Completed', gradingProgress: 'FullyGraded', timestamp: expect.any(String) });
    expect(Date.now() - Date.parse(posted!.body.timestamp as string)).toBeLessThan(60_000);
  });

  it('posts only a better score: the best one counts', async () => {
    const worse = await report({ exercise: 'veth-testns', score: 20, max: 100 });
    expect(await worse.json()).toMatchObject({ best: { score: 40, max: 100 }, posted: false });
    expect(world.platform.scores).toHaveLength(1);
    const better = await report({ exercise: 'veth-testns', score: 100, max: 100 });
    expect(await better.json()).toEqual({ best: { score: 100, max: 100 }, posted: true });
    expect(world.platform.scores.map((s) => s.body.scoreGiven)).toEqual([40, 100]);
  });

  it("refuses a report for another exercise than the launch's, and one without a launch token", async () => {
    const other = await report({ exercise: 'eth1-up', score: 10, max: 10 });
    expect(other.status).toBe(403);
    expect((await errorOf(other)).code).toBe('lti-not-this-exercise');
    const anonymous = await report({ exercise: 'veth-testns', score: 10, max: 10 }, 'slti_made-up');
    expect(anonymous.status).toBe(401);
    expect((await errorOf(anonymous)).code).toBe('lti-launch-expired');
    expect(world.platform.scores).toHaveLength(2);
  });

  it('queues no exam score for a sitting no LMS launch opened', async () => {
    expect(await world.server.ctx.storage.db.transaction().execute((trx) => queueExamScore(trx, 987654, { score: 1, max: 2 }, Date.now()))).toBe(false);
    expect(await world.server.ctx.storage.db.selectFrom('lti_score_posts').select('id').where('exam_sitting_id', '=', 987654).execute()).toEqual([]);
    expect(world.platform.scores).toHaveLength(2);
  });

  it('rotates its key: the previous key stays published and verifies until the next rotation removes it', async () => {
    const ctx = world.server.ctx;
    const platform = await platformFor(ctx, world.platform.issuer, world.platform.clientId);
    const before = await clientAssertion(ctx, platform);
    const oldKid = decodeProtectedHeader(before).kid;
    await expect(world.platform.verifyToolAssertion(before)).resolves.toMatchObject({ iss: world.platform.clientId });

    const rotated = await world.admin.call('/api/lti/keys/rotate', { method: 'POST' });
    expect(rotated.status).toBe(200);
    const { current, previous } = (await rotated.json()) as { current: string; previous: string };
    expect(previous).toBe(oldKid);
    const jwks = (await (await fetch(`${world.server.url}/lti/jwks`)).json()) as { keys: Array<{ kid: string }> };
    expect(jwks.keys.map((k) => k.kid)).toEqual([current, oldKid]);
    const after = await clientAssertion(ctx, platform);
    expect(decodeProtectedHeader(after).kid).toBe(current);
    await expect(world.platform.verifyToolAssertion(after)).resolves.toBeDefined();
    // Signed with the old key a moment ago: still good while it is published.
    await expect(world.platform.verifyToolAssertion(before)).resolves.toBeDefined();
    expect((await previousKey(ctx))?.kid).toBe(oldKid);

    const again = (await (await world.admin.call('/api/lti/keys/rotate', { method: 'POST' })).json()) as { removed: string[] };
    expect(again.removed).toEqual([oldKid]);
    await expect(world.platform.verifyToolAssertion(before)).rejects.toThrow(/no applicable key found|JWKSNoMatchingKey/i);
  });

  it('lets only an admin rotate the keys', async () => {
    const response = await fetch(`${world.server.url}/api/lti/keys/rotate`, { method: 'POST' });
    expect(response.status).toBe(401);
  });
});

describe.each(kinds)('the authoritative exam score to the LMS, on %s', (kind) => {
  let world: LtiWorld;
  beforeAll(async () => {
    world = await ltiWorld(kind);
  });
  afterAll(async () => world?.close());

  it("posts a sitting's re-graded score to the line item of the launch that started it", async () => {
    const ctx = world.server.ctx;
    const admin = (await findInstructor(ctx, 'admin@example.org'))!;
    const session = await openExamSession(ctx, admin.id, { exam: 'foundations-practical' });
    const { response } = await world.platform.launch({ target: `exam-session:${session.code}`, user: 'candidate-5', resourceLink: 'final-exam' });
    expect(response.status).toBe(200);
    const sitting = await ctx.storage.db.selectFrom('exam_sittings').select('id').where('session_id', '=', session.id).executeTakeFirstOrThrow();
    // What recording the sitting's grade queues, and the re-grade job then sends.
    expect(await ctx.storage.db.transaction().execute((trx) => queueExamScore(trx, sitting.id, { score: 40, max: 100 }, Date.now()))).toBe(true);
    expect(await sendSittingScore(ctx, sitting.id)).toEqual({ status: 'posted' });
    expect(world.platform.scores).toEqual([
      { lineItem: world.platform.lineItemUrl('final-exam'), token: expect.any(String), body: { userId: 'candidate-5', scoreGiven: 40, scoreMaximum: 100, activityProgress: 'Submitted', gradingProgress: 'FullyGraded', timestamp: expect.any(String) } },
    ]);
  });
});
