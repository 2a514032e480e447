/**
 * The classroom's commands, on the same database as the server (DATABASE_URL, or SQLite in
 * $STACKLAB_DATA, default ./data):
 *   stacklab admin create <email>            the password is read from stdin (a prompt on a terminal)
 *   stacklab workshop create "Title" [--exercises id,id] [--lessons id,id] [--starts ISO --ends ISO]
 *                            [--stuck-minutes N] [--instructor email] [--json]
 *     prints { code, joinUrl, dashboardUrl }; dashboardUrl logs the instructor in once.
 *   stacklab workshop login <code> [--instructor email] [--json]    a fresh one-time dashboard link
 *   stacklab workshop progress <code> [--json]
 *   stacklab workshop close <code> | open <code> [--json]    closes it to new learners now, or opens it again
 *   stacklab workshop rejoin <code> <name> [--json]    a link that brings the learner back as themselves on another computer
 * The workshop commands act as --instructor, or as the first admin. Links use
 * STACKLAB_PUBLIC_URL, else http://HOST:PORT.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { reportTellsAnotherStory } from '../lib/classroom/earned-score.ts';
import { baseUrlOf, configFromEnv } from '../server/config.ts';
import { courseCatalog } from '../server/services/catalog.ts';
import type { ServiceContext } from '../server/services/context.ts';
import { progressReport } from '../server/services/dashboard.ts';
import { ServiceError } from '../server/services/errors.ts';
import { createInstructor, createLoginToken, findInstructor, firstAdmin, type Instructor } from '../server/services/instructors.ts';
import { rejoinLinkTokenByName } from '../server/services/learners.ts';
import { workshopLinks } from '../server/services/links.ts';
import { createWorkshop, updateSettings, workshopForInstructor } from '../server/services/workshops.ts';
import { inProcessBus } from '../server/storage/event-bus.ts';
import { openStorage } from '../server/storage/database.ts';

export const CLASSROOM_USAGE = `  stacklab admin create <email>                  (password on stdin)
  stacklab workshop create "Title" [--exercises id,id] [--lessons id,id] [--starts ISO --ends ISO] [--stuck-minutes N] [--instructor email] [--json]
  stacklab workshop login <code> [--instructor email] [--json]
  stacklab workshop progress <code> [--instructor email] [--json]
  stacklab workshop close <code> | open <code> [--instructor email] [--json]
  stacklab workshop rejoin <code> <name> [--instructor email] [--json]  (a link that brings the learner back on another computer)`;

export class ClassroomUsageError extends Error {}

const list = (value: string | undefined) => (value ? value.split(',').map((s) => s.trim()).filter(Boolean) : []);

export async function classroomCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      exercises: { type: 'string' },
      lessons: { type: 'string' },
      starts: { type: 'string' },
      ends: { type: 'string' },
      'stuck-minutes': { type: 'string' },
      instructor: { type: 'string' },
    },
  });
  const [group, action, subject, learnerName] = positionals;
  const config = configFromEnv();
  const storage = await openStorage({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  // The CLI writes rows only; a running server's streams pick them up from the table.
  const ctx: ServiceContext = { storage, bus: inProcessBus(), now: Date.now, catalog: courseCatalog() };
  try {
    if (group === 'admin' && action === 'create') {
      if (!subject) throw new ClassroomUsageError('admin create needs an email');
      const admin = await createInstructor(ctx, { email: subject, password: await readPassword(), admin: true });
      console.log(values.json ? JSON.stringify(admin) : `Created admin ${admin.email} (in ${storage.location}).`);
      return 0;
    }
    if (group !== 'workshop') throw new ClassroomUsageError(`unknown command '${[group, action].join(' ')}'`);
    const instructor = await actingInstructor(ctx, values.instructor);
    const base = baseUrlOf(config);
    if (action === 'create') {
      if (!subject) throw new ClassroomUsageError('workshop create needs a title');
      const stuck = values['stuck-minutes'] === undefined ? undefined : Number(values['stuck-minutes']);
      const row = await createWorkshop(ctx, instructor.id, {
        title: subject,
        exercises: list(values.exercises),
        lessons: list(values.lessons),
        startsAt: values.starts,
        endsAt: values.ends,
        ...(stuck === undefined ? {} : { stuckMinutes: stuck }),
      });
      const links = workshopLinks(base, row.code, await createLoginToken(ctx, instructor.id));
      if (values.json) console.log(JSON.stringify({ code: row.code, ...links }, null, 2));
      else console.log(`Workshop "${row.title}": code ${row.code}\n  learners join at  ${links.joinUrl}\n  your dashboard    ${links.dashboardUrl}\n  (the dashboard link logs you in once, within 24 hours)`);
      return 0;
    }
    if (!subject) throw new ClassroomUsageError(`workshop ${action ?? ''} needs a workshop code`);
    const workshop = await workshopForInstructor(ctx, subject.toUpperCase(), instructor.id);
    if (action === 'login') {
      const { dashboardUrl } = workshopLinks(base, workshop.code, await createLoginToken(ctx, instructor.id));
      console.log(values.json ? JSON.stringify({ code: workshop.code, dashboardUrl }) : dashboardUrl);
      return 0;
    }
    if (action === 'progress') {
      const report = await progressReport(ctx, workshop);
      if (values.json) console.log(JSON.stringify(report, null, 2));
      else
        for (const learner of report)
          console.log(`${learner.learner.padEnd(24)} ${Object.entries(learner.exercises).map(([id, e]) => `${id} ${e.best}/${e.max}${reportTellsAnotherStory(e) ? ` (earned ${e.earned}/${e.earnedMax})` : ''} ${e.status}`).join('  ')}`);
      return 0;
    }
    if (action === 'close' || action === 'open') {
      const changed = await updateSettings(ctx, workshop, { endsAt: action === 'close' ? 'now' : null });
      if (values.json) console.log(JSON.stringify({ code: changed.code, endsAt: changed.endsAt === null ? null : new Date(changed.endsAt).toISOString() }));
      else if (action === 'close') console.log(`Workshop "${changed.title}" (${changed.code}) is closed to new learners; those in it keep working. Open it again: npx stacklab workshop open ${changed.code}`);
      else console.log(`Workshop "${changed.title}" (${changed.code}) is open to new learners again.`);
      return 0;
    }
    if (action === 'rejoin') {
      if (!learnerName) throw new ClassroomUsageError("workshop rejoin needs a workshop code and the learner's name, as the roster shows it (quoted if it has spaces)");
      const rejoined = await rejoinLinkTokenByName(ctx, workshop, learnerName);
      const rejoinUrl = `${workshopLinks(base, workshop.code).joinUrl}#rejoin=${rejoined.token}`;
      if (values.json) console.log(JSON.stringify({ code: workshop.code, name: rejoined.learner.name, rejoinUrl }));
      else console.log(`${rejoinUrl}\n  (give it to ${rejoined.learner.name} alone: it brings them back as themselves, with their progress and Check results; the browser they were in stops reporting, and the work inside their VM stays there)`);
      return 0;
    }
    throw new ClassroomUsageError(`unknown command 'workshop ${action ?? ''}'`);
  } catch (error) {
    if (error instanceof ServiceError) {
      console.error(`stacklab: ${error.message}`);
      return 2;
    }
    throw error;
  } finally {
    await storage.close();
  }
}

export async function actingInstructor(ctx: ServiceContext, email: string | undefined): Promise<Instructor> {
  const instructor = email ? await findInstructor(ctx, email) : await firstAdmin(ctx);
  if (instructor) return instructor;
  throw new ClassroomUsageError(
    email ? `no instructor ${email} in ${ctx.storage.location}` : `no admin in ${ctx.storage.location} yet; create one first: npx stacklab admin create you@example.org`,
  );
}

/** The new admin's password: the first line of stdin, or typed twice (not echoed) on a terminal. */
async function readPassword(): Promise<string> {
  let password: string;
  if (process.stdin.isTTY) {
    password = await hiddenPrompt('Password (12 characters or more): ');
    if ((await hiddenPrompt('Again: ')) !== password) throw new ClassroomUsageError('the two passwords differ');
  } else {
    const lines = createInterface({ input: process.stdin });
    password = '';
    for await (const line of lines) {
      password = line;
      break;
    }
    lines.close();
  }
  if (password.length < 12) throw new ClassroomUsageError('the password needs at least 12 characters');
  return password;
}

function hiddenPrompt(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    const output = rl as unknown as { _writeToOutput: (s: string) => void };
    output._writeToOutput = (s: string) => {
      if (s.includes(question)) process.stdout.write(question);
    };
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
  });
}
