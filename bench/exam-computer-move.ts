/**
 * bench/exam-computer-move: how long a candidate on another computer waits for their exam when
 * the instructor's resume link opens it (src/lib/exam-server/take-up.ts), in chromium, against
 * the classroom server in this process (SQLite). Each round is a fresh candidate: the sitting
 * starts in a first browser, a command is typed and its task's state reaches the server. The
 * floor, measured in the same round: that browser reloads the sit page and resumes from its own
 * copy (what a reload costs, nothing to fetch). Then the sitting moves (the service the results
 * page's button calls) and a second browser context, with none of the first one's storage, opens
 * the link. Printed, median over the rounds: the wait from opening the page to the server's copy
 * taken up ("came from the exam server"), split at the state's request and its last byte, and
 * to the task's prompt on screen, against the floor's prompt; and the bytes fetched. The new
 * computer's browser has nothing cached: it downloads the site and the VM as a first visit does.
 *   npm run bench:exam-computer-move -- [--rounds 3]   (needs the built site: npx astro build)
 */
import type { Page } from 'playwright-core';
import { moveCandidateSitting } from '../src/server/services/sitting-moves.ts';
import { examStatus, newCandidateContext, promptShown, runCommand, serverHoldsBrowserCopy, serverLine, startExamBench, startSitting } from './exam-page.ts';
import { median, row } from './stats.ts';

const rounds = Number(process.argv.includes('--rounds') ? process.argv[process.argv.indexOf('--rounds') + 1] : 3);
const bench = await startExamBench('computer-move', 60);

interface Round {
  /** The first browser reloading the sit page, to its task's prompt (the floor). */
  reload: number;
  /** The second browser, from opening the link to the server's copy taken up. */
  takenUp: number;
  /** The same, to the task's prompt. */
  prompt: number;
  /** Gzipped bytes of the state fetched. */
  bytes: number;
  /** From opening the link to the state's request sent, and to its last byte received. */
  fetchSent: number;
  fetchDone: number;
  /** The resume's IndexedDB read and gunzip (0 when not done), in the floor's reload and on the new computer. */
  reloadResume: ResumeTimes;
  movedResume: ResumeTimes;
}

interface ResumeTimes {
  read: number;
  gunzip: number;
}

/** The page's latest resume measures (src/lib/exercise-states.ts), 0 for one not taken. */
const resumeTimes = (page: Page): Promise<ResumeTimes> =>
  page.evaluate(() => ({
    read: performance.getEntriesByName('stacklab:resume:read', 'measure').at(-1)?.duration ?? 0,
    gunzip: performance.getEntriesByName('stacklab:resume:gunzip', 'measure').at(-1)?.duration ?? 0,
  }));

async function moveOnce(round: number): Promise<Round> {
  const candidate = `Candidate ${round}`;
  const firstContext = await newCandidateContext(bench.browser);
  const first = await firstContext.newPage();
  await startSitting(first, bench.sitUrl, candidate);
  await runCommand(first, `ip netns add before${round} && echo made-before`, 'made-before');
  await first.locator('stacklab-exam [data-action="save"]').click({ timeout: 120_000 });
  await examStatus(first, /is saved in this browser/, 120_000);
  await serverHoldsBrowserCopy(bench, first, candidate, 200);
  // The floor: the same browser loads the page again and resumes from its own copy.
  first.on('dialog', (dialog) => void dialog.accept());
  const reloaded = Date.now();
  await first.reload();
  await examStatus(first, /back where you left off/);
  await promptShown(first);
  const reload = Date.now() - reloaded;
  const reloadResume = await resumeTimes(first);
  await firstContext.close();

  const { token } = await moveCandidateSitting(bench.server.ctx, bench.teacherId, bench.session, candidate);
  const secondContext = await newCandidateContext(bench.browser);
  const second = await secondContext.newPage();
  let bytes = 0;
  let fetchSent = 0;
  let fetchDone = 0;
  const isStateFetch = (url: string) => url.includes('/api/exam-sitting/tasks/');
  second.on('request', (request) => {
    if (isStateFetch(request.url())) fetchSent ||= Date.now() - opened;
  });
  second.on('requestfinished', (request) => {
    if (isStateFetch(request.url())) fetchDone = Date.now() - opened;
  });
  second.on('response', (response) => {
    if (isStateFetch(response.url())) void response.body().then((body) => (bytes += body.length));
  });
  let opened = Date.now();
  await second.goto(`${bench.sitUrl}#resume=${token}`);
  await serverLine(second, /came from the exam server/);
  const takenUp = Date.now() - opened;
  await examStatus(second, /back where you left off/);
  await promptShown(second);
  const prompt = Date.now() - opened;
  const movedResume = await resumeTimes(second);
  await secondContext.close();
  return { reload, takenUp, prompt, bytes, fetchSent, fetchDone, reloadResume, movedResume };
}

const results: Round[] = [];
try {
  for (let round = 1; round <= rounds; round++) results.push(await moveOnce(round));
} finally {
  await bench.close();
}
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const list = (pick: (r: Round) => number) => results.map((r) => (pick(r) / 1000).toFixed(2)).join(' ');
const reload = median(results.map((r) => r.reload));
/** The medians of a resume's read and gunzip, in one row. */
const resumeRow = (pick: (r: Round) => ResumeTimes, note = '') =>
  row('  of which: its state read back / gunzipped', `${s(median(results.map((r) => pick(r).read)))} / ${s(median(results.map((r) => pick(r).gunzip)))} median${note}`);
const prompt = median(results.map((r) => r.prompt));
console.log(`exam sitting continued on another computer with the resume link, ${rounds} rounds (chromium, SQLite, this process)`);
row('work taken up from the server (one task)', `${s(median(results.map((r) => r.takenUp)))} median (${list((r) => r.takenUp)})`);
row('  of which: before the state was asked for', `${s(median(results.map((r) => r.fetchSent)))} median (${list((r) => r.fetchSent)})`);
row('  the state in flight', `${s(median(results.map((r) => r.fetchDone - r.fetchSent)))} median (${list((r) => r.fetchDone - r.fetchSent)})`);
row('  after it arrived (gunzip, digest, store)', `${s(median(results.map((r) => r.takenUp - r.fetchDone)))} median (${list((r) => r.takenUp - r.fetchDone)})`);
row('the task at its prompt, new computer', `${s(prompt)} median (${list((r) => r.prompt)})`);
row('  of which: from the work taken up', `${s(median(results.map((r) => r.prompt - r.takenUp)))} median (${list((r) => r.prompt - r.takenUp)})`);
resumeRow((r) => r.movedResume, " (the take-up's checked bytes are restored as they are)");
row('the same browser reloading (floor)', `${s(reload)} median (${list((r) => r.reload)})`);
resumeRow((r) => r.reloadResume);
row('  ratio to the floor', `${(prompt / reload).toFixed(1)}x`);
row('state fetched (gzipped)', `${(median(results.map((r) => r.bytes)) / 1024 / 1024).toFixed(2)} MB median`);
process.exit(0);
