/**
 * Adding an exercise is a folder, a grader file and one line in a lesson, nothing else: in a
 * copy of the tree under /tmp, a throwaway exercise added that way is listed by
 * `stacklab list`, graded by `stacklab grade --solution`, proven by `npm run exercises:check`
 * (the author lint and the proof on the real guest, limited to it) and shown on its lesson's
 * page by an Astro build of the copy. The copy is removed afterwards; the real tree is never
 * written.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REAL = process.cwd();
const ID = 'throwaway-scratch-ns';
const LESSON = '02-namespaces-as-vrfs.mdx';

/** The three things an author writes: the exercise folder, the grader, the lesson line. */
const ADDED: Record<string, string> = {
  [`exercises/${ID}/exercise.json`]: JSON.stringify(
    {
      id: ID,
      title: 'A namespace called scratch',
      difficulty: 'intro',
      task: 'Create a network namespace called **scratch**.',
      hints: ['`ip netns add NAME` creates a namespace.'],
      alternatives: ['alternatives/unshare-style.sh'],
      wrongAttempts: [{ file: 'wrong/misspelt.sh', fails: 'scratch-exists', message: 'There is no namespace called scratch' }],
    },
    null,
    2,
  ),
  [`exercises/${ID}/setup.sh`]: '#!/bin/sh\ntrue\n',
  [`exercises/${ID}/solution.sh`]: 'ip netns add scratch\n',
  [`exercises/${ID}/alternatives/unshare-style.sh`]: 'ip netns add scratch && ip netns list >/dev/null\n',
  [`exercises/${ID}/wrong/misspelt.sh`]: 'ip netns add scrach\n',
  [`graders/${ID}.ts`]: [
    "import { defineGrader } from '../src/grading/grader.ts';",
    "import { namespaceExists } from './lib/namespaces.ts';",
    '',
    `export default defineGrader({ exercise: '${ID}', request: { namespaces: [], details: false }, checks: [namespaceExists('scratch')] });`,
    '',
  ].join('\n'),
};

let copy: string;

function run(command: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // The project's own Node and tools first, as under npm run.
    const PATH = `${join(REAL, 'node_modules/.bin')}:${process.env.PATH ?? ''}`;
    execFile(command, args, { cwd: copy, env: { ...process.env, PATH, ...env }, timeout: 600_000, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 99) : 0, stdout, stderr });
    });
  });
}

const filesUnder = (root: string, dir: string): string[] =>
  readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(root, join(dir, e.name)) : [join(dir, e.name)]));

beforeAll(() => {
  copy = mkdtempSync(join(tmpdir(), 'stacklab-add-exercise-'));
  for (const entry of ['package.json', 'tsconfig.json', 'vitest.config.ts', 'astro.config.mjs', 'bin', 'src', 'graders', 'exercises', 'labs', 'content', 'tests']) {
    cpSync(join(REAL, entry), join(copy, entry), { recursive: true });
  }
  symlinkSync(join(REAL, 'node_modules'), join(copy, 'node_modules'));
  symlinkSync(join(REAL, 'public'), join(copy, 'public'));
  // The site's own config, told to keep the node_modules link as it is (Vite otherwise resolves
  // it to the real tree and loses track of Astro's compiled components).
  writeFileSync(
    join(copy, 'astro.config.copy.mjs'),
    "import config from './astro.config.mjs';\nexport default { ...config, vite: { ...config.vite, resolve: { ...config.vite?.resolve, preserveSymlinks: true } } };\n",
  );
  for (const [file, text] of Object.entries(ADDED)) {
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    writeFileSync(join(copy, file), text);
  }
  const lesson = join(copy, 'content/lessons', LESSON);
  writeFileSync(lesson, `${readFileSync(lesson, 'utf8')}\n<Exercise id="${ID}" />\n`);
});

afterAll(() => {
  if (copy) rmSync(copy, { recursive: true, force: true });
});

describe('an exercise added as a folder, a grader file and one line in a lesson', () => {
  it('needs no other file: the copy differs from the tree only by those', () => {
    const changed = ['exercises', 'graders', 'content'].flatMap((dir) =>
      filesUnder(copy, dir).filter((file) => !existsSync(join(REAL, file)) || !readFileSync(join(REAL, file)).equals(readFileSync(join(copy, file)))),
    );
    expect(changed.sort()).toEqual([...Object.keys(ADDED), `content/lessons/${LESSON}`].sort());
    expect(relative(REAL, copy).startsWith('..')).toBe(true);
  });

  it('is listed by stacklab list, with the lesson whose line shows it', async () => {
    const { code, stdout, stderr } = await run(process.execPath, ['bin/stacklab.js', 'list', '--json']);
    expect(code, stderr).toBe(0);
    expect(JSON.parse(stdout)).toContainEqual({ id: ID, title: 'A namespace called scratch', lesson: 'namespaces-as-vrfs', difficulty: 'intro' });
  });

  it('is graded by stacklab grade --solution: the solution passes, the wrong attempt fails its check', async () => {
    const pass = await run(process.execPath, ['bin/stacklab.js', 'grade', ID, '--solution', `exercises/${ID}/solution.sh`, '--json']);
    expect(pass.code, pass.stderr).toBe(0);
    expect(JSON.parse(pass.stdout)).toMatchObject({ exercise: ID, status: 'pass', score: 1, maximum: 1 });
    const wrong = await run(process.execPath, ['bin/stacklab.js', 'grade', ID, '--solution', `exercises/${ID}/wrong/misspelt.sh`, '--json']);
    expect(wrong.code, wrong.stderr).toBe(1);
    expect(JSON.parse(wrong.stdout).checks).toContainEqual(expect.objectContaining({ id: 'scratch-exists', status: 'fail' }));
  });

  // The verbose reporter names every test whatever the terminal: the default one names only slow
  // ones when its output is not a terminal (as in CI), which hid the lint's passing test.
  it('is proven by npm run exercises:check: the lint finds nothing missing, and the proof passes it on the real guest', async () => {
    const { code, stdout, stderr } = await run('npm', ['run', 'exercises:check', '--', '--reporter=verbose'], { STACKLAB_PROVE_ONLY: ID, FORCE_COLOR: '0' });
    const output = `${stdout}\n${stderr}`;
    expect(code, output).toBe(0);
    expect(output).toMatch(/finds nothing wrong with the exercises in the repository/);
    for (const name of ['does not pass in its start state', 'scores full marks with solution.sh', 'scores full marks with alternatives/unshare-style.sh', 'fails scratch-exists for wrong/misspelt.sh']) {
      expect(output).toContain(name);
    }
    expect(output).not.toMatch(/exercise eth1-up/);
  });

  it("is shown on its lesson's page, as the site builds it", async () => {
    const out = join(copy, 'site');
    const { code, stdout, stderr } = await run('astro', ['build', '--config', 'astro.config.copy.mjs', '--outDir', out]);
    expect(code, `${stdout}\n${stderr}`).toBe(0);
    const page = readFileSync(join(out, 'lessons/namespaces-as-vrfs/index.html'), 'utf8');
    expect(page).toMatch(new RegExp(`<stacklab-exercise exercise="${ID}" lesson="namespaces-as-vrfs" lesson-exercises="netns-red-blue ${ID}"`));
    expect(page).toContain('A namespace called scratch');
  });
});
