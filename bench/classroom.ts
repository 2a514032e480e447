/**
 * bench/classroom: N simulated learners each posting a Check report every 10 s (random phase),
 * and 5 dashboards listening on the live stream, against the classroom server in its own
 * process, on SQLite and on PostgreSQL. Prints, per room size: events per second accepted,
 * the p50/p99 latency from a learner's POST to the event reaching a dashboard, the server's
 * memory and CPU per event, and the cost per learner relative to the smallest room.
 * Bar: 500 learners on SQLite with p99 under 500 ms (on the 2-core development machine; the
 * load generator shares those cores with the server).
 *   npx tsx bench/classroom.ts [--learners 100,500,2000] [--db sqlite,postgres] [--seconds 30]
 * PostgreSQL runs when DATABASE_URL names a cluster (scripts/postgres-test-cluster.sh start <dir>).
 * STACKLAB_BENCH_PROFILE=<dir> writes a V8 CPU profile of the server there.
 * Each learner also holds its own event stream open, as a learner's tab does (`--learner-streams 0`
 * leaves them out); once the reports are measured, one broadcast is timed to every learner.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { courseCatalog } from '../src/server/services/catalog.ts';
import type { ServiceContext } from '../src/server/services/context.ts';
import { createInstructor } from '../src/server/services/instructors.ts';
import { joinWorkshop } from '../src/server/services/learners.ts';
import { createWorkshop } from '../src/server/services/workshops.ts';
import { inProcessBus } from '../src/server/storage/event-bus.ts';
import { openStorage } from '../src/server/storage/database.ts';
import { freshDatabase, type Kind } from '../tests/server/support/databases.ts';
import { checkReport, openSse, PASSWORD } from '../tests/server/support/http.ts';
import { againstBar, percentile, row } from './stats.ts';

const arg = (name: string, fallback: string) => (process.argv.includes(`--${name}`) ? process.argv[process.argv.indexOf(`--${name}`) + 1]! : fallback);
const sizes = arg('learners', '100,500,2000').split(',').map(Number);
const databases = arg('db', process.env.DATABASE_URL ? 'sqlite,postgres' : 'sqlite').split(',') as Kind[];
const seconds = Number(arg('seconds', '30'));
const learnerStreams = arg('learner-streams', '1') !== '0';
const INTERVAL_MS = 10_000;
const DASHBOARDS = 5;
const repoRoot = join(import.meta.dirname, '..');

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

/** The server's resident memory (MB) and CPU time (s), from /proc. */
function usage(pid: number): { rssMb: number; cpuS: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? 0);
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return { rssMb: rssKb / 1024, cpuS: (Number(fields[11]) + Number(fields[12])) / 100 };
}

async function startServerProcess(env: NodeJS.ProcessEnv, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...(process.env.STACKLAB_BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.STACKLAB_BENCH_PROFILE}`] : []), '--import', 'tsx', join(repoRoot, 'src/server/main.ts')], { cwd: repoRoot, env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the server exited (${code})`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Stacklab is at')) resolve();
    });
  });
  return child;
}

interface Result {
  db: Kind;
  learners: number;
  accepted: number;
  eventsPerSecond: number;
  p50: number;
  p99: number;
  delivered: number;
  rssMb: number;
  idleRssMb: number;
  cpuMsPerEvent: number;
  errors: number;
  /** With learner streams: how many learners heard the broadcast, and its p50/p99 delivery. */
  broadcast?: { heard: number; p50: number; p99: number };
}

async function run(db: Kind, learners: number): Promise<Result> {
  const fresh = await freshDatabase(db);
  const site = mkdtempSync(join(tmpdir(), 'stacklab-bench-site-'));
  writeFileSync(join(site, 'index.html'), '<!doctype html><title>bench</title>');
  // Accounts, the workshop and the learners are made on the database directly, as the CLI does: joining is not what is measured.
  const storage = await openStorage(fresh.options);
  const ctx: ServiceContext = { storage, bus: inProcessBus(), now: Date.now, catalog: courseCatalog() };
  const teacher = await createInstructor(ctx, { email: 'bench@example.org', password: PASSWORD, admin: true });
  const workshop = await createWorkshop(ctx, teacher.id, { title: 'Bench', exercises: ['netns-red-blue'] });
  const tokens: string[] = [];
  for (let i = 0; i < learners; i++) tokens.push((await joinWorkshop(ctx, workshop.code, `learner ${i}`)).token);
  await storage.close();

  const port = await freePort();
  const server = await startServerProcess({ STACKLAB_DATA: fresh.options.dataDir ?? '', DATABASE_URL: fresh.options.databaseUrl ?? '', STACKLAB_SITE: site }, port);
  const idle = usage(server.pid!);
  const base = `http://127.0.0.1:${port}`;
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bench@example.org', password: PASSWORD }) });
  const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;

  const sentAt = new Map<number, number>();
  const received = new Map<number, number[]>();
  const dashboards = await Promise.all(
    Array.from({ length: DASHBOARDS }, () =>
      openSse(`${base}/api/workshops/${workshop.code}/stream`, { cookie }, (e) => {
        if (e.type !== 'check-report') return;
        const at = performance.now();
        received.set(e.id, [...(received.get(e.id) ?? []), at]);
      }),
    ),
  );
  const heardAt: number[] = [];
  const learnerSse = learnerStreams
    ? await Promise.all(
        tokens.map((token) =>
          openSse(`${base}/api/learner/stream`, { authorization: `Bearer ${token}` }, (e) => {
            if (e.type === 'broadcast' && e.payload.message === 'bench broadcast') heardAt.push(performance.now());
          }),
        ),
      )
    : [];
  const latencies: number[] = [];
  let accepted = 0;
  let errors = 0;
  let measuring = false;
  const warmUpMs = Math.min(INTERVAL_MS, 5_000);
  const stopAt = performance.now() + warmUpMs + seconds * 1000;
  const post = async (token: string, n: number) => {
    const started = performance.now();
    try {
      const response = await fetch(`${base}/api/learner/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ events: [{ key: `b${n}-${token.slice(-12)}`, ...checkReport('netns-red-blue', n % 5 === 4) }] }),
      });
      if (response.status !== 200) throw new Error(String(response.status));
      const { accepted: [first] } = (await response.json()) as { accepted: [{ id: number }] };
      if (measuring && started < stopAt) {
        accepted += 1;
        sentAt.set(first.id, started);
      }
    } catch {
      errors += 1;
    }
  };
  const loops = tokens.map(async (token, i) => {
    await new Promise((r) => setTimeout(r, Math.random() * INTERVAL_MS));
    for (let n = 0; performance.now() < stopAt; n++) {
      const next = performance.now() + INTERVAL_MS;
      await post(token, n * learners + i);
      await new Promise((r) => setTimeout(r, Math.max(0, Math.min(next, stopAt) - performance.now())));
    }
  });
  await new Promise((r) => setTimeout(r, warmUpMs));
  measuring = true;
  const before = usage(server.pid!);
  const measureStart = performance.now();
  let peakRss = before.rssMb;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, usage(server.pid!).rssMb)), 1000);
  await Promise.all(loops);
  const measuredS = (stopAt - measureStart) / 1000;
  const after = usage(server.pid!);
  clearInterval(sampler);
  await new Promise((r) => setTimeout(r, 2000)); // the last events' delivery
  let delivered = 0;
  for (const [id, start] of sentAt) {
    for (const at of received.get(id) ?? []) {
      latencies.push(Math.max(0, at - start));
      delivered += 1;
    }
  }
  let broadcastResult: Result['broadcast'];
  if (learnerStreams) {
    const csrf = ((await (await fetch(`${base}/api/auth/session`, { headers: { cookie } })).json()) as { csrfToken: string }).csrfToken;
    const sent = performance.now();
    await fetch(`${base}/api/workshops/${workshop.code}/broadcast`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' }, body: JSON.stringify({ message: 'bench broadcast' }) });
    for (let i = 0; i < 100 && heardAt.length < learners; i++) await new Promise((r) => setTimeout(r, 100));
    const delays = heardAt.map((at) => at - sent);
    broadcastResult = { heard: heardAt.length, p50: percentile(delays, 50), p99: percentile(delays, 99) };
  }
  for (const d of [...dashboards, ...learnerSse]) d.close();
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  await fresh.drop();
  rmSync(site, { recursive: true, force: true });
  return {
    db,
    learners,
    accepted,
    eventsPerSecond: accepted / measuredS,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    delivered: delivered / Math.max(1, accepted * DASHBOARDS),
    rssMb: peakRss,
    idleRssMb: idle.rssMb,
    cpuMsPerEvent: ((after.cpuS - before.cpuS) * 1000) / Math.max(1, accepted),
    errors,
    broadcast: broadcastResult,
  };
}

console.log(`Stacklab bench/classroom — learners ${sizes.join(', ')} posting every ${INTERVAL_MS / 1000} s${learnerStreams ? ', each with its stream open' : ''}, ${DASHBOARDS} dashboards, ${seconds} s measured, ${new Date().toISOString()}`);
const results: Result[] = [];
for (const db of databases) {
  for (const learners of sizes) {
    const r = await run(db, learners);
    results.push(r);
    const smallest = results.find((x) => x.db === db)!;
    row(`${db}, ${learners} learners: accepted`, `${r.eventsPerSecond.toFixed(1)} events/s (${r.accepted} events, ${r.errors} failed requests, ${(r.delivered * 100).toFixed(1)}% delivered to all ${DASHBOARDS} dashboards)`);
    row(`${db}, ${learners} learners: POST to dashboard`, `p50 ${r.p50.toFixed(0)} ms, p99 ${r.p99.toFixed(0)} ms`);
    const perLearnerKb = (x: Result) => ((x.rssMb - x.idleRssMb) * 1024) / x.learners;
    row(`${db}, ${learners} learners: server`, `${r.rssMb.toFixed(0)} MB peak RSS (${r.idleRssMb.toFixed(0)} MB idle, ${perLearnerKb(r).toFixed(0)} KB per learner), ${r.cpuMsPerEvent.toFixed(2)} ms CPU per event`);
    row(`${db}, ${learners} learners: cost per learner`, `CPU per event ${(r.cpuMsPerEvent / smallest.cpuMsPerEvent).toFixed(2)}x that of ${smallest.learners} learners; memory per learner ${(perLearnerKb(r) / perLearnerKb(smallest)).toFixed(2)}x`);
    if (r.broadcast) row(`${db}, ${learners} learners: a broadcast to every learner's stream`, `${r.broadcast.heard} of ${learners} heard it, p50 ${r.broadcast.p50.toFixed(0)} ms, p99 ${r.broadcast.p99.toFixed(0)} ms`);
    if (db === 'sqlite' && learners === 500) row('bar: 500 learners on SQLite, p99', againstBar(r.p99, 500, 'ms'));
  }
}
process.exit(0);
