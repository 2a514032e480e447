/**
 * LTI 1.3 launches from a real platform over HTTP (tests/support/lti-platform.ts, its own keys
 * and JWKS), on each database: valid launches into an exercise, a lesson, a workshop and an
 * exam session (the user's sitting starts), and the refusals: an expired id_token, a replayed
 * nonce, a wrong audience, a bad signature, an unknown deployment, a launch posted without the
 * login's browser cookie or with another browser's; registration is for admins only and the
 * tool's JWKS is public.
 */
import { createHash } from 'node:crypto';
import { generateKeyPair, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openExamSession } from '../../src/server/services/exam-sessions.ts';
import { findInstructor } from '../../src/server/services/instructors.ts';
import { createWorkshopOver, instructor } from './support/http.ts';
import { kinds } from './support/databases.ts';
import { errorOf, launchStore, ltiWorld, type LtiWorld } from './lti-support.ts';

const DEPLOYMENT_CLAIM = 'https://purl.imsglobal.org/spec/lti/claim/deployment_id';
const CUSTOM_CLAIM = 'https://purl.imsglobal.org/spec/lti/claim/custom';

describe.each(kinds)('LTI launches on %s', (kind) => {
  let world: LtiWorld;
  beforeAll(async () => {
    world = await ltiWorld(kind);
  });
  afterAll(async () => world?.close());

  it('lets only an admin register a platform', async () => {
    const teacher = await instructor(world.server, 'teacher@example.org');
    const body = { issuer: 'https://lms.example.org', clientId: 'c', deploymentIds: ['d'], jwksUrl: 'https://lms.example.org/jwks', authUrl: 'https://lms.example.org/auth', tokenUrl: 'https://lms.example.org/token' };
    const refused = await teacher.call('/api/lti/platforms', { method: 'POST', json: body });
    expect(refused.status).toBe(403);
    expect((await errorOf(refused)).code).toBe('admin-only');
    const listed = (await (await world.admin.call('/api/lti/platforms')).json()) as { platforms: Array<{ issuer: string; deploymentIds: string[] }> };
    expect(listed.platforms).toEqual([expect.objectContaining({ issuer: world.platform.issuer, deploymentIds: [world.platform.deploymentId] })]);
  });

  it('publishes its public signing key, and no private part, at /lti/jwks', async () => {
    const response = await fetch(`${world.server.url}/lti/jwks`);
    expect(response.status).toBe(200);
    const { keys } = (await response.json()) as { keys: Array<Record<string, string>> };
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: expect.any(String), n: expect.any(String), e: 'AQAB' });
    expect(keys[0]).not.toHaveProperty('d');
  });

  it('accepts a valid launch into an exercise: maps the user and opens its lesson with a launch token', async () => {
    const { response } = await world.platform.launch({ target: 'exercise:veth-testns', user: 'student-42' });
    const html = await response.text();
    expect(response.status, html).toBe(200);
    expect(response.headers.get('x-stacklab-launch')).toBe('exercise:veth-testns');
    expect(html).toContain('location.replace("/lessons/veth-pairs/#veth-testns")');
    expect(launchStore(html)['stacklab:lti']).toMatchObject({ token: expect.stringMatching(/^slti_/), target: 'exercise:veth-testns' });
    const user = await world.server.ctx.storage.db.selectFrom('lti_users').selectAll().where('subject', '=', 'student-42').executeTakeFirstOrThrow();
    expect(user).toMatchObject({ name: 'Ada Lovelace', email: 'ada@example.org' });
    const item = await world.server.ctx.storage.db.selectFrom('lti_line_items').selectAll().executeTakeFirstOrThrow();
    expect(item).toMatchObject({ url: world.platform.lineItemUrl('link-exercise-veth-testns'), target_kind: 'exercise', target_id: 'veth-testns' });
  });

  it('opens a lesson', async () => {
    const { response } = await world.platform.launch({ target: 'lesson:veth-pairs' });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('location.replace("/lessons/veth-pairs/")');
  });

  it('joins the launched user to a workshop as a learner, whose membership token works', async () => {
    const code = await createWorkshopOver(world.admin, { title: 'Veth day', exercises: ['veth-testns'], lessons: ['veth-pairs'] });
    const { response } = await world.platform.launch({ target: `workshop:${code}`, user: 'student-7' });
    const html = await response.text();
    expect(response.status, html).toBe(200);
    const membership = launchStore(html)['stacklab:classroom'] as { code: string; token: string; name: string };
    expect(membership).toMatchObject({ code, name: 'Ada Lovelace', token: expect.stringMatching(/^slt_/) });
    const me = await fetch(`${world.server.url}/api/learner`, { headers: { authorization: `Bearer ${membership.token}` } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { workshop: { code: string } }).workshop.code).toBe(code);
    expect(html).toContain('location.replace("/lessons/veth-pairs/")');
  });

  it('takes the same LMS user back as the same learner when launched again, with a new token, even once the workshop is closed to new learners; another user of the same name is numbered', async () => {
    const code = await createWorkshopOver(world.admin, { title: 'Relaunch', exercises: ['veth-testns'] });
    const membershipOf = async (user: string) => {
      const { response } = await world.platform.launch({ target: `workshop:${code}`, user });
      const html = await response.text();
      expect(response.status, html).toBe(200);
      return launchStore(html)['stacklab:classroom'] as { token: string; name: string; learnerId: number };
    };
    const learnerWith = (token: string) => fetch(`${world.server.url}/api/learner`, { headers: { authorization: `Bearer ${token}` } });
    const roster = async () => ((await (await world.admin.call(`/api/workshops/${code}`)).json()) as { roster: Array<{ name: string }> }).roster.map((r) => r.name).sort();
    const first = await membershipOf('student-8');
    // At once (another tab): not refused as a namesake, and no second row.
    const again = await membershipOf('student-8');
    expect(again).toMatchObject({ learnerId: first.learnerId, name: 'Ada Lovelace' });
    expect(again.token).not.toBe(first.token);
    expect((await learnerWith(again.token)).status).toBe(200);
    expect((await learnerWith(first.token)).status, "the earlier page's token stops working").toBe(401);
    // Another user the LMS gives the same name: numbered, a row of their own.
    const namesake = await membershipOf('student-9');
    expect(namesake.name).toBe('Ada Lovelace (2)');
    expect(namesake.learnerId).not.toBe(first.learnerId);
    expect(await roster()).toEqual(['Ada Lovelace', 'Ada Lovelace (2)']);
    // Closed to new learners: the same user comes back; a new one is refused.
    expect((await world.admin.call(`/api/workshops/${code}`, { method: 'PATCH', json: { endsAt: 'now' } })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await membershipOf('student-8')).learnerId).toBe(first.learnerId);
    const { response } = await world.platform.launch({ target: `workshop:${code}`, user: 'student-10' });
    expect(response.status).toBe(403);
    expect(await errorOf(response)).toMatchObject({ code: 'workshop-over' });
    expect(await roster()).toEqual(['Ada Lovelace', 'Ada Lovelace (2)']);
    // A browser (the LMS's frame) gets a page saying why and what to do, not JSON.
    const asBrowser = (await world.platform.launch({ target: `workshop:${code}`, user: 'student-11', accept: 'text/html,application/xhtml+xml,*/*;q=0.8' })).response;
    expect(asBrowser.status).toBe(403);
    expect(asBrowser.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await asBrowser.text();
    expect(page).toContain('<h1>Stacklab could not open this activity</h1>');
    expect(page).toContain('The workshop &#34;Relaunch&#34; is closed to new learners; ask your instructor to open it again, or for a new code.');
    expect(page).toContain('Open the activity again from your course in the LMS.');
  });

  it('starts the launched user\'s sitting of an exam session, with the access code from the link\'s custom parameters', async () => {
    const adminRow = (await findInstructor(world.server.ctx, 'admin@example.org'))!;
    const session = await openExamSession(world.server.ctx, adminRow.id, { exam: 'foundations-practical', accessCode: 'LMS-4242' });
    const withoutCode = await world.platform.launch({ target: `exam-session:${session.code}`, user: 'candidate-0' });
    expect(withoutCode.response.status).toBe(403);
    expect((await errorOf(withoutCode.response)).code).toBe('access-code-wrong');
    const withCode = (c: JWTPayload) => ({ ...c, [CUSTOM_CLAIM]: { target: `exam-session:${session.code}`, access_code: 'LMS-4242' } });
    const { response } = await world.platform.launch({ target: `exam-session:${session.code}`, user: 'candidate-1', claims: withCode });
    const html = await response.text();
    expect(response.status, html).toBe(200);
    expect(html).toContain(`location.replace("/exams/session/?s=${session.code}")`);
    expect(launchStore(html)[`stacklab:exam-session:${session.code}`]).toEqual({ token: expect.stringMatching(/^sxc_/), session: session.code });
    const sitting = await world.server.ctx.storage.db.selectFrom('exam_sittings').selectAll().where('session_id', '=', session.id).executeTakeFirstOrThrow();
    expect(sitting.candidate).toBe('Ada Lovelace');
    const launch = await world.server.ctx.storage.db.selectFrom('lti_launches').selectAll().where('target_kind', '=', 'exam-session').executeTakeFirstOrThrow();
    expect(launch.exam_sitting_id).toBe(String(sitting.id));
    // Launched again from the LMS (a closed tab, another computer): the same sitting with a new
    // token, which the sit page takes up; the browser it ran in is told it moved.
    const firstToken = (launchStore(html)[`stacklab:exam-session:${session.code}`] as { token: string }).token;
    const again = await world.platform.launch({ target: `exam-session:${session.code}`, user: 'candidate-1', claims: withCode });
    const againHtml = await again.response.text();
    expect(again.response.status, againHtml).toBe(200);
    const moved = launchStore(againHtml)[`stacklab:exam-session:${session.code}`] as { token: string; session: string };
    expect(moved).toEqual({ token: expect.stringMatching(/^sxc_/), session: session.code });
    expect(moved.token).not.toBe(firstToken);
    expect(againHtml).toContain(`location.replace("/exams/session/?s=${session.code}")`);
    const asCandidate = (token: string) => fetch(`${world.server.url}/api/exam-sitting`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await (await asCandidate(moved.token)).json()) as { id: number }).id).toBe(sitting.id);
    const left = await asCandidate(firstToken);
    expect(left.status).toBe(401);
    expect(await errorOf(left)).toMatchObject({ code: 'sitting-moved', message: expect.stringMatching(/moved to another browser at .* \(by a new launch of the exam from your LMS\)\. Continue there/) });
    const sittings = await world.server.ctx.storage.db.selectFrom('exam_sittings').select('id').where('session_id', '=', session.id).execute();
    expect(sittings).toEqual([{ id: sitting.id }]);
    const launches = await world.server.ctx.storage.db.selectFrom('lti_launches').select('exam_sitting_id').where('target_kind', '=', 'exam-session').execute();
    expect(launches.map((l) => l.exam_sitting_id)).toEqual([String(sitting.id), String(sitting.id)]);
  });

  it('refuses an expired id_token', async () => {
    const now = Math.floor(Date.now() / 1000);
    const { response } = await world.platform.launch({ target: 'lesson:veth-pairs', claims: (c) => ({ ...c, iat: now - 120, exp: now - 60 }) });
    expect(response.status).toBe(401);
    expect((await errorOf(response)).code).toBe('lti-token-expired');
  });

  it('refuses an id_token issued too long ago, whatever its exp', async () => {
    const now = Math.floor(Date.now() / 1000);
    const { response } = await world.platform.launch({ target: 'lesson:veth-pairs', claims: (c) => ({ ...c, iat: now - 3600, exp: now + 3600 }) });
    expect(response.status).toBe(401);
    expect((await errorOf(response)).code).toBe('lti-token-too-old');
  });

  it('refuses a replayed launch: the nonce is single-use', async () => {
    const first = await world.platform.launch({ target: 'lesson:veth-pairs' });
    expect(first.response.status).toBe(200);
    const again = await first.replay();
    expect(again.status).toBe(401);
    expect((await errorOf(again)).code).toBe('lti-nonce-replayed');
  });

  it('refuses a wrong audience, and several audiences without Stacklab as azp', async () => {
    const other = await world.platform.launch({ target: 'lesson:veth-pairs', claims: (c) => ({ ...c, aud: 'another-tool' }) });
    expect(other.response.status).toBe(401);
    expect((await errorOf(other.response)).code).toBe('lti-wrong-audience');
    const several = await world.platform.launch({ target: 'lesson:veth-pairs', claims: (c) => ({ ...c, aud: [world.platform.clientId, 'another-tool'], azp: 'another-tool' }) });
    expect(several.response.status).toBe(401);
    expect((await errorOf(several.response)).code).toBe('lti-wrong-audience');
  });

  it('refuses an id_token signed by another key under the platform key id', async () => {
    const forger = await generateKeyPair('RS256');
    const { response } = await world.platform.launch({ target: 'lesson:veth-pairs', signWith: forger.privateKey });
    expect(response.status).toBe(401);
    expect((await errorOf(response)).code).toBe('lti-bad-signature');
  });

  it('refuses an unknown deployment, at login and at launch', async () => {
    await expect(world.platform.launch({ target: 'lesson:veth-pairs', deploymentId: 'deployment-x' })).rejects.toThrow(/lti-unknown-deployment/);
    const { response } = await world.platform.launch({ target: 'lesson:veth-pairs', claims: (c: JWTPayload) => ({ ...c, [DEPLOYMENT_CLAIM]: 'deployment-x' }) });
    expect(response.status).toBe(403);
    expect((await errorOf(response)).code).toBe('lti-unknown-deployment');
  });

  it('refuses a launch no Stacklab login started', async () => {
    const first = await world.platform.launch({ target: 'lesson:veth-pairs' });
    const forged = await fetch(`${world.server.url}/lti/launch`, { method: 'POST', body: new URLSearchParams({ id_token: first.idToken, state: 'lts_made-up' }) });
    expect(forged.status).toBe(401);
    expect((await errorOf(forged)).code).toBe('lti-unknown-state');
  });

  it('sets an HTTP-only cookie for the launch at login, tied to its state, and removes it once the launch is taken', async () => {
    const prepared = await world.platform.prepareLaunch({ target: 'lesson:veth-pairs' });
    const [name, value] = prepared.cookie.split('=');
    expect(name).toMatch(/^stacklab_lti_[0-9a-f]{16}$/);
    expect(value).toBe(createHash('sha256').update(prepared.state).digest('hex'));
    const login = await fetch(world.platform.loginUrl({ target: 'lesson:veth-pairs' }), { redirect: 'manual' });
    // The test server is plain http on loopback: Lax, since a browser refuses SameSite=None without Secure.
    expect(login.headers.getSetCookie()[0]).toMatch(/^stacklab_lti_[0-9a-f]{16}=[0-9a-f]{64}; Max-Age=600; Path=\/lti\/launch; HttpOnly; SameSite=Lax$/);
    const response = await prepared.post();
    expect(response.status).toBe(200);
    expect(response.headers.getSetCookie()).toEqual([expect.stringMatching(new RegExp(`^${name}=; Max-Age=0;.*Path=/lti/launch`))]);
  });

  it('refuses a launch whose browser did not send the login cookie, and takes it from the browser that did', async () => {
    const prepared = await world.platform.prepareLaunch({ target: 'lesson:veth-pairs' });
    const refused = await prepared.post(null);
    expect(refused.status).toBe(401);
    const error = await errorOf(refused);
    expect(error.code).toBe('lti-state-cookie-missing');
    expect(error.message).toMatch(/Open the activity again from your course in the LMS.*allow cookies for this site, or open the activity in a new window/);
    // The refusal did not use up the login: the browser that started it still gets in.
    expect((await prepared.post()).status).toBe(200);
  });

  it("refuses a state leaked to another browser, which holds only its own login's cookie", async () => {
    const victim = await world.platform.prepareLaunch({ target: 'lesson:veth-pairs', user: 'victim' });
    const other = await world.platform.prepareLaunch({ target: 'lesson:veth-pairs', user: 'other' });
    const refused = await victim.post(other.cookie);
    expect(refused.status).toBe(401);
    const error = await errorOf(refused);
    expect(error.code).toBe('lti-state-other-browser');
    expect(error.message).toMatch(/started in another browser.*Open the activity again from your course in the LMS, in this browser/);
    // A cookie of the right name with another value is refused too.
    const forged = victim.cookie.replace(/=.*/, `=${'0'.repeat(64)}`);
    expect((await errorOf(await victim.post(forged))).code).toBe('lti-state-other-browser');
    expect((await victim.post()).status).toBe(200);
    expect((await other.post()).status).toBe(200);
  });

  it('refuses a malformed login initiation or launch form with a 400 that names the missing field', async () => {
    const login = await fetch(`${world.server.url}/lti/login?` + new URLSearchParams({ login_hint: 'u', target_link_uri: `${world.server.url}/lti/launch`, client_id: world.platform.clientId }), { redirect: 'manual' });
    expect(login.status).toBe(400);
    const loginError = await errorOf(login);
    expect(loginError.code).toBe('lti-invalid-request');
    expect(loginError.message).toMatch(/^The request's LTI login initiation is not valid: iss: /);
    const launch = await fetch(`${world.server.url}/lti/launch`, { method: 'POST', body: new URLSearchParams({ state: 'lts_x' }) });
    expect(launch.status).toBe(400);
    const launchError = await errorOf(launch);
    expect(launchError.code).toBe('lti-invalid-request');
    expect(launchError.message).toMatch(/^The request's LTI launch form is not valid: id_token: /);
  });

  // Last: it uses up this address's logins.
  it('rate-limits login initiations per address', async () => {
    const login = `${world.server.url}/lti/login?` + new URLSearchParams({ iss: world.platform.issuer, login_hint: 'u', target_link_uri: `${world.server.url}/lti/launch`, client_id: world.platform.clientId });
    const statuses = await Promise.all(Array.from({ length: 70 }, () => fetch(login, { redirect: 'manual' }).then((r) => r.status)));
    expect(statuses.filter((s) => s === 302).length).toBeLessThanOrEqual(60);
    expect(statuses).toContain(429);
  });
});
