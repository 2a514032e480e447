/**
 * The authoritative re-grade on the real guest: bundles made from real VM states, graded again
 * in Node with only the emulator, the kernel and the read-only disk trusted.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGraders } from '../../src/grading/registry.ts';
import { listExamIds, loadExam } from '../../src/exams/load.ts';
import { BundleError, parseBundle, regradeBundle } from '../../src/exams/regrade.ts';
import type { Bundle } from '../../src/exams/schema.ts';
import { sitExam } from '../../src/exams/sit.ts';
import { gradeTrusted } from '../../src/exams/trusted-grading.ts';
import { loadExercise } from '../../src/exercises/load.ts';
import { gradeMachine, prepareExercise } from '../../src/exercises/run.ts';
import type { Machine } from '../../src/vm/machine.ts';
import { loadNodeAssets } from '../../src/vm/node-assets.ts';
import { run, startFromSnapshot } from './vm-helpers.ts';

const graders = await loadGraders(['veth-testns']);

let machine: Machine;
beforeAll(async () => {
  machine = await startFromSnapshot();
});
afterAll(async () => {
  await machine?.destroy();
});

const exam = loadExam('foundations-practical');
const SEED = 'regrade-test-seed';

let honest: Bundle;

describe('stacklab regrade', () => {
  it('re-grades an honest bundle to the same report: a solved task full marks, one never started none', async () => {
    honest = await sitExam(machine, exam, SEED, { cable: 'solution' }, loadNodeAssets().image.build);
    const result = await regradeBundle(honest, { machine });
    expect(result.differences).toEqual([]);
    expect(result.agrees).toBe(true);
    expect(result.authoritative.tasks.map((t) => t.points)).toEqual([40, 0]);
    expect(result.authoritative.passed).toBe(false);
    expect(result.findings.cable).toEqual([]);
  });

  it('re-grades a bundle whose claimed score was edited to the true score, and flags the disagreement', async () => {
    const edited: Bundle = structuredClone(honest);
    edited.browserReport = { ...edited.browserReport, points: 100, percent: 100, passed: true };
    edited.browserReport.tasks[1] = { ...edited.browserReport.tasks[1]!, points: 60 };
    const result = await regradeBundle(edited, { machine });
    expect(result.authoritative.points).toBe(40);
    expect(result.agrees).toBe(false);
    expect(result.differences).toContain('task switch: 0 points, the browser claimed 60');
    expect(result.differences).toContain('verdict: fail, the browser claimed pass');
  });

  it('grades the real state when the learner replaced ip and ping with scripts that print a passing state', async () => {
    const exercise = loadExercise('veth-testns');
    const grader = graders['veth-testns']!;
    const recorded = readFileSync('tests/fixtures/graders/veth-testns/solution.txt', 'utf8');
    const section = (name: string) => recorded.split(`\n\x1e${name}\n`)[1]!.split('\n\x1e')[0]!;
    await prepareExercise(machine, exercise.setup);
    await run(machine, 'ip netns add testns');
    await machine.exec('cat > /root/host.json', { stdin: section('ip:') });
    await machine.exec('cat > /root/ns.json', { stdin: section('ip:testns') });
    await run(
      machine,
      `printf '%s\\n' '#!/bin/sh' 'cat >/dev/null' 'case " $* " in *" -n "*) exec cat /root/ns.json;; esac' 'exec cat /root/host.json' > /usr/bin/ip
       printf '#!/bin/sh\\nexit 0\\n' > /usr/bin/ping; chmod 755 /usr/bin/ip /usr/bin/ping`,
    );
    expect((await gradeMachine(machine, grader)).status, 'the fake tools fool a grader that trusts the guest').toBe('pass');

    await machine.restoreState(await machine.saveState(), { waitForAgent: false });
    const { report } = await gradeTrusted(machine, grader);
    expect(report.status).toBe('fail');
    expect(report.checks.find((c) => c.id === 'ns-exists')?.status).toBe('pass');
    expect(report.checks.find((c) => c.id === 'veth0-is-veth')?.status).toBe('fail');
    expect(report.checks.find((c) => c.id === 'host-pings-ns')?.status).toBe('fail');
  });

  it('grades the real state when the learner replaced the agent with a script that prints a passing state', async () => {
    const exercise = loadExercise('veth-testns');
    const grader = graders['veth-testns']!;
    await prepareExercise(machine, exercise.setup);
    await machine.exec('cat > /root/passing.txt', { stdin: readFileSync('tests/fixtures/graders/veth-testns/solution.txt', 'utf8') });
    await run(machine, `rm -f /usr/sbin/stacklab-agent; printf '#!/bin/sh\\nwhile :; do cat /root/passing.txt; sleep 1; done > /dev/ttyS1\\n' > /usr/sbin/stacklab-agent; chmod 755 /usr/sbin/stacklab-agent`);
    // The learner kills the running agent from their shell; init starts the impostor.
    machine.terminalInput('for p in /proc/[0-9]*; do [ "$(cat $p/comm 2>/dev/null)" = stacklab-agent ] && kill -9 ${p#/proc/}; done; clear\n');
    await expect.poll(() => machine.ping(1000).then(() => 'answers', () => 'silent'), { timeout: 20_000, interval: 500 }).toBe('silent');

    // The browser's autosave would refuse this guest; a bundle can still carry such a state.
    await machine.restoreState(await machine.saveState({ evenIfNotAnswering: true }), { waitForAgent: false });
    const { report, findings } = await gradeTrusted(machine, grader);
    expect(findings.join('\n')).toMatch(/the grader agent did not prove itself .* restored from the read-only disk/);
    expect(report.status).toBe('fail');
    expect(report.checks.find((c) => c.id === 'ns-exists')?.status).toBe('fail');
  }, 120_000);

  it('refuses to grade a state in which the read-only root disk was written', async () => {
    await machine.reset();
    await run(machine, 'dd if=/dev/zero of=/dev/sda bs=512 count=1 seek=90000 2>/dev/null; sync');
    await machine.restoreState(await machine.saveState(), { waitForAgent: false });
    const { report } = await gradeTrusted(machine, graders['veth-testns']!);
    expect(report.status).toBe('error');
    expect(report.message).toMatch(/tampered: the read-only root disk was written \(\d+ blocks\)/);
  });

  it('runs on a kernel that gives root no way to load code into it', async () => {
    await machine.reset();
    const out = await run(machine, 'for f in /dev/mem /dev/kmem /dev/port /proc/kcore /proc/modules /sys/kernel/kexec_loaded; do [ -e $f ] && echo "present $f"; done; echo checked');
    expect(out.trim()).toBe('checked');
  });

  it('exits 2 with a clear message for a truncated or corrupt bundle, and 1 for a failing one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bundles-'));
    const text = JSON.stringify(honest);
    writeFileSync(join(dir, 'truncated.json'), text.slice(0, text.length / 2));
    const corrupt: Bundle = structuredClone(honest);
    corrupt.tasks[0]!.state!.data = `AAAA${corrupt.tasks[0]!.state!.data.slice(4)}`;
    writeFileSync(join(dir, 'corrupt.json'), JSON.stringify(corrupt));
    writeFileSync(join(dir, 'honest.json'), text);
    expect(() => parseBundle(text.slice(0, 500))).toThrow(BundleError);
    const cli = (file: string) => promisify(execFile)('node', ['bin/stacklab.js', 'regrade', join(dir, file)]).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    const truncated = await cli('truncated.json');
    expect(truncated.code).toBe(2);
    expect(truncated.stderr).toMatch(/not a Stacklab results bundle: it is not valid JSON .*truncated/);
    const damaged = await cli('corrupt.json');
    expect(damaged.code).toBe(2);
    expect(damaged.stderr).toMatch(/task cable: the VM state (is not valid gzip|does not match its sha256|is \d+ bytes)/);
    const failing = await cli('honest.json');
    expect(failing.code).toBe(1);
    expect(failing.stdout).toMatch(/Verdict: FAIL: 40\/100 points/);
    expect(failing.stdout).toContain("The browser's report agrees.");
    const bulk = await promisify(execFile)('node', ['bin/stacklab.js', 'regrade', join(dir, 'honest.json'), join(dir, 'truncated.json')]).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string }) => e,
    );
    expect(bulk.code).toBe(2);
    expect(bulk.stdout).toMatch(/honest\.json\tFAIL\t40\/100\tagrees/);
    expect(bulk.stdout).toMatch(/truncated\.json\tINVALID\tthe file is not a Stacklab results bundle/);
  }, 240_000);
});

/** The exams a candidate can sit (the e2e- ones are short-limit copies for the browser tests). */
const sittable = listExamIds().filter((id) => !id.startsWith('e2e-'));

describe.each(sittable)('the exam %s, sat in the guest and re-graded', (id) => {
  const sat = loadExam(id);
  const every = (mode: 'solution' | 'start') => Object.fromEntries(sat.tasks.map((task) => [task.id, mode] as const));

  it('scores full marks for every task solved with its reference solution, in the sitting and in the re-grade', async () => {
    const bundle = await sitExam(machine, sat, `every-exam/${id}`, every('solution'), loadNodeAssets().image.build);
    expect(bundle.browserReport.percent, JSON.stringify(bundle.browserReport.tasks.map((t) => [t.id, t.points]))).toBe(100);
    const result = await regradeBundle(bundle, { machine });
    const lost = result.authoritative.tasks.filter((t) => t.points < t.weight).map((t) => t.report?.checks.filter((c) => c.status !== 'pass'));
    expect(lost, JSON.stringify(lost, null, 2)).toEqual([]);
    expect(result.authoritative.passed).toBe(true);
    expect(result.agrees).toBe(true);
  }, 300_000);

  it('gives no points for a task left in its start state, in the re-grade too', async () => {
    const bundle = await sitExam(machine, sat, `every-exam/${id}`, every('start'), loadNodeAssets().image.build);
    const result = await regradeBundle(bundle, { machine });
    for (const task of result.authoritative.tasks) expect(task.points, `task ${task.id} earns nothing for what the set-up made`).toBe(0);
    expect(result.authoritative.passed).toBe(false);
    expect(result.agrees).toBe(true);
  }, 300_000);
});
