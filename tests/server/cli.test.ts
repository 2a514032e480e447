/**
 * The classroom's CLI on the server's database: create an admin, create a workshop and get
 * its links, log in with the dashboard link on a running server, and print the progress that
 * learners reported to that server; a fresh link to an exam session's results.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/server.ts';
import { runCli } from './support/cli.ts';
import { freshDatabase, kinds, type FreshDatabase } from './support/databases.ts';
import { checkReport, join as joinWorkshop, serverOn } from './support/http.ts';

// Each CLI run loads the course's modules through tsx: seconds each on a busy machine.
describe.each(kinds)('the classroom CLI on %s', { timeout: 240_000 }, (kind) => {
  let db: FreshDatabase;
  let server: RunningServer;
  let env: NodeJS.ProcessEnv;
  const stacklab = (args: string[], input?: string) => runCli(args, { env, input });
  beforeAll(async () => {
    db = await freshDatabase(kind);
    server = await serverOn(db.options);
    const port = new URL(server.url).port;
    env = { ...process.env, STACKLAB_DATA: db.options.dataDir ?? '', DATABASE_URL: db.options.databaseUrl ?? '', PORT: port, HOST: '127.0.0.1' };
  });
  afterAll(async () => {
    await server?.close();
    await db?.drop();
  });

  it('refuses to create a workshop before there is an admin, and says how to make one', async () => {
    const run = await stacklab(['workshop', 'create', 'Too early']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('npx stacklab admin create');
  });

  it('creates an admin with the password from stdin, and refuses a short one', async () => {
    expect(await stacklab(['admin', 'create', 'ada@example.org'], 'short\n')).toMatchObject({ status: 2, stderr: expect.stringContaining('at least 12 characters') });
    expect(await stacklab(['admin', 'create', 'ada@example.org'], 'a long enough password\n')).toMatchObject({ status: 0, stdout: expect.stringContaining('Created admin ada@example.org') });
  });

  it('creates a workshop whose dashboard link logs in once and whose progress the CLI prints', async () => {
    const run = await stacklab(['workshop', 'create', 'Namespaces', '--exercises', 'netns-red-blue,eth1-up', '--json']);
    expect(run.status, run.stderr).toBe(0);
    const created = JSON.parse(run.stdout) as { code: string; joinUrl: string; dashboardUrl: string };
    expect(Object.keys(created).sort()).toEqual(['code', 'dashboardUrl', 'joinUrl']);
    expect(created.joinUrl).toBe(`${server.url}/classroom/join/?code=${created.code}`);

    const login = await fetch(created.dashboardUrl, { redirect: 'manual' });
    expect(login.status).toBe(303);
    const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
    expect((await fetch(`${server.url}/api/workshops/${created.code}`, { headers: { cookie } })).status).toBe(200);
    const spent = await fetch(created.dashboardUrl, { redirect: 'manual' });
    expect(spent.headers.get('location')).toBe(`/classroom/dashboard/?code=${created.code}&login=login-link-spent`);
    expect(spent.headers.getSetCookie()).toEqual([]);

    const ana = await joinWorkshop(server.url, created.code, 'Ana');
    expect((await ana.post([checkReport('netns-red-blue', false)])).status).toBe(200);
    const progress = await stacklab(['workshop', 'progress', created.code, '--json']);
    expect(progress.status, progress.stderr).toBe(0);
    expect(JSON.parse(progress.stdout)).toEqual([
      {
        learner: 'Ana',
        joinedAt: expect.any(String),
        left: false,
        exercises: {
          'netns-red-blue': { best: 40, max: 100, earned: 40, earnedMax: 100, status: 'fail' },
          'eth1-up': { best: 0, max: 0, earned: 0, earnedMax: 0, status: 'not-started' },
        },
      },
    ]);
    // A Check of an untouched troubleshooting lab: the line says what the work earned beside the learner's own figure.
    const untouched = { type: 'check-report', exercise: 'fix-two-faults', status: 'fail', score: 3, max: 8, earned: { score: 0, max: 5 }, checks: [] };
    expect((await ana.post([untouched])).status).toBe(200);
    const lines = await stacklab(['workshop', 'progress', created.code]);
    expect(lines.stdout).toMatch(/^Ana +netns-red-blue 40\/100 fail {2}eth1-up 0\/0 not-started {2}fix-two-faults 3\/8 \(earned 0\/5\) fail$/m);
    // Solved, 5/5 earned beside the report's 8/8 tells the same story, as on the dashboard: the line says 8/8 only.
    const solved = { ...untouched, status: 'pass', score: 8, earned: { score: 5, max: 5 } };
    expect((await ana.post([solved])).status).toBe(200);
    const after = await stacklab(['workshop', 'progress', created.code]);
    expect(after.stdout).toMatch(/^Ana +netns-red-blue 40\/100 fail {2}eth1-up 0\/0 not-started {2}fix-two-faults 8\/8 pass$/m);
    expect(await stacklab(['workshop', 'progress', 'ZZZZZZ'])).toMatchObject({ status: 2, stderr: expect.stringContaining('does not exist') });
  });

  it('closes a workshop to new learners and opens it again, as the dashboard does', async () => {
    const { code } = JSON.parse((await stacklab(['workshop', 'create', 'Doors', '--exercises', 'eth1-up', '--json'])).stdout) as { code: string };
    const closed = await stacklab(['workshop', 'close', code.toLowerCase()]);
    expect(closed, closed.stderr).toMatchObject({ status: 0, stdout: expect.stringContaining(`Workshop "Doors" (${code}) is closed to new learners; those in it keep working. Open it again: npx stacklab workshop open ${code}`) });
    const refused = await fetch(`${server.url}/api/workshops/${code}/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Bo' }) });
    expect(refused.status).toBe(403);
    const opened = await stacklab(['workshop', 'open', code, '--json']);
    expect(opened.status, opened.stderr).toBe(0);
    expect(JSON.parse(opened.stdout)).toEqual({ code, endsAt: null });
    expect((await joinWorkshop(server.url, code, 'Bo')).token).toMatch(/^slt/);
  });

  it("prints a link that brings a learner back as themselves on another computer with workshop rejoin, and names who is in the room when the name is wrong", async () => {
    const { code } = JSON.parse((await stacklab(['workshop', 'create', 'Rejoin', '--json'])).stdout) as { code: string };
    const ana = await joinWorkshop(server.url, code, 'Ana Lima');
    const wrong = await stacklab(['workshop', 'rejoin', code, 'Ana']);
    expect(wrong).toMatchObject({ status: 2, stderr: expect.stringContaining('No one called "Ana" is in workshop') });
    expect(wrong.stderr).toContain('(those who are: Ana Lima)');
    const run = await stacklab(['workshop', 'rejoin', code, 'Ana Lima', '--json']);
    expect(run.status, run.stderr).toBe(0);
    const { rejoinUrl, name } = JSON.parse(run.stdout) as { rejoinUrl: string; name: string };
    expect(name).toBe('Ana Lima');
    expect(rejoinUrl.startsWith(`${server.url}/classroom/join/?code=${code}#rejoin=slt_`), rejoinUrl).toBe(true);
    const asLearner = (token: string) => fetch(`${server.url}/api/learner`, { headers: { authorization: `Bearer ${token}` } });
    const back = (await (await asLearner(rejoinUrl.split('#rejoin=')[1]!)).json()) as { learner: { id: number } };
    expect(back.learner.id).toBe(ana.id);
    expect((await asLearner(ana.token)).status).toBe(401);
  });

  it('prints a fresh one-time link to an exam session\'s results with exam login, and refuses an unknown session', async () => {
    const opened = await stacklab(['exam', 'open', 'e2e-short', '--json']);
    expect(opened.status, opened.stderr).toBe(0);
    const { session } = JSON.parse(opened.stdout) as { session: string };
    const run = await stacklab(['exam', 'login', session.toLowerCase(), '--json']);
    expect(run.status, run.stderr).toBe(0);
    const { dashboardUrl } = JSON.parse(run.stdout) as { session: string; dashboardUrl: string };
    const login = await fetch(dashboardUrl, { redirect: 'manual' });
    expect(login.headers.get('location')).toBe(`/exams/session-results/?s=${session}`);
    const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
    expect((await fetch(`${server.url}/api/exam-sessions/${session}`, { headers: { cookie } })).status).toBe(200);
    expect(await stacklab(['exam', 'login', 'ZZZZZZ'])).toMatchObject({ status: 2, stderr: expect.stringContaining('does not exist') });
  });

  it("prints a link that continues a candidate's sitting on another computer with exam resume, and names who has started when the name is wrong", async () => {
    const { session } = JSON.parse((await stacklab(['exam', 'open', 'e2e-short', '--json'])).stdout) as { session: string };
    const started = await fetch(`${server.url}/api/exam-sessions/${session}/sittings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Ana Lima' }) });
    const { token } = (await started.json()) as { token: string };
    const wrong = await stacklab(['exam', 'resume', session, 'Ana']);
    expect(wrong).toMatchObject({ status: 2, stderr: expect.stringContaining('No one called "Ana" has started exam session') });
    expect(wrong.stderr).toContain('(those who have: Ana Lima)');
    const run = await stacklab(['exam', 'resume', session, 'Ana Lima', '--json']);
    expect(run.status, run.stderr).toBe(0);
    const { resumeUrl, candidate } = JSON.parse(run.stdout) as { resumeUrl: string; candidate: string };
    expect(candidate).toBe('Ana Lima');
    const moved = resumeUrl.match(/#resume=(sxc_[\w-]+)$/)?.[1];
    expect(resumeUrl.startsWith(`${server.url}/exams/session/?s=${session}#resume=`), resumeUrl).toBe(true);
    const asCandidate = (t: string) => fetch(`${server.url}/api/exam-sitting`, { headers: { authorization: `Bearer ${t}` } });
    expect((await asCandidate(moved!)).status).toBe(200);
    expect((await asCandidate(token)).status).toBe(401);
    // The results say so.
    const results = await stacklab(['exam', 'results', session]);
    expect(results.stdout).toMatch(/^Ana Lima .* continued in another browser at \S+ \(resume link\)$/m);
  });

  it('prints an exam session\'s results as CSV with exam results --csv, the same as the results page downloads', async () => {
    const { session } = JSON.parse((await stacklab(['exam', 'open', 'e2e-short', '--json'])).stdout) as { session: string };
    await fetch(`${server.url}/api/exam-sessions/${session}/sittings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Ana' }) });
    const run = await stacklab(['exam', 'results', session, '--csv']);
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^candidate,started,submitted,submitted by,grading,verdict,points,maximum,percent,cable points \(of 40\),switch points \(of 60\),/);
    expect(lines.slice(1)).toEqual([expect.stringMatching(/^Ana,\d{4}-\d\d-\d\dT[^,]+,,,sitting,,,,,,,,,,$/)]);
  });
});
