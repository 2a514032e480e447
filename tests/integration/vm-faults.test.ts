/**
 * A guest that halts, reboots, drowns in processes or stops reading its agent port: a Check
 * (as the browser runs it, with CHECK_LIMITS) says what happened within 10 s, the VM's health
 * says it too, and the exercise's Reset (its set-up over a restored snapshot) brings the guest
 * back. Each test prints the time its Check took.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGraders } from '../../src/grading/registry.ts';
import { loadExercise } from '../../src/exercises/load.ts';
import { CHECK_LIMITS, gradeMachine, prepareExercise, runSolution } from '../../src/exercises/run.ts';
import type { Machine, MachineHealth } from '../../src/vm/machine.ts';
import { run, startFromSnapshot } from './vm-helpers.ts';

const graders = await loadGraders(['netns-red-blue', 'input-firewall']);

const EXERCISE = 'netns-red-blue';
/** The bar the learner sees: a report or a message within this long, whatever the guest does. */
const CHECK_BAR_MS = 10_000;

let machine: Machine;
beforeAll(async () => {
  machine = await startFromSnapshot();
});
afterAll(async () => {
  await machine?.destroy();
});

/** The exercise's Reset, as the page runs it: the snapshot restored, then the exercise's set-up. */
async function resetExercise(): Promise<void> {
  await prepareExercise(machine, loadExercise(EXERCISE).setup);
}

/** Types into the learner's terminal and waits until `text` shows there (or `timeoutMs` passes). */
async function typeAndSee(input: string, text: string | RegExp, timeoutMs = 20_000): Promise<string> {
  let seen = '';
  const off = machine.on('terminal-output', (bytes) => (seen += new TextDecoder().decode(bytes)));
  try {
    machine.terminalInput(input);
    await expect.poll(() => seen, { timeout: timeoutMs, interval: 100 }).toMatch(text);
    return seen;
  } finally {
    off();
  }
}

/** Runs the exercise's Check as the browser does; returns the report and how long it took. */
async function timedCheck() {
  const started = performance.now();
  const report = await gradeMachine(machine, graders[EXERCISE]!, CHECK_LIMITS);
  return { report, elapsedMs: Math.round(performance.now() - started) };
}

/** The fault shown by health, then the exercise's Reset, then a guest that answers and a prompt. */
async function expectResetRecovers(): Promise<void> {
  await resetExercise();
  expect(machine.health).toBe('running');
  expect(await run(machine, 'echo back')).toBe('back\n');
  await typeAndSee('echo prompt-$((6*7))\n', 'prompt-42');
}

describe('a guest that stops for good', () => {
  beforeAll(resetExercise);

  it.each([
    ['poweroff -f', 'powered-off', /^The VM's state could not be read: The VM has been powered off/],
    ['halt -f', 'powered-off', /^The VM's state could not be read: The VM has been powered off/],
    ['reboot -f', 'rebooted', /^The VM's state could not be read: The VM was rebooted/],
  ] as const)('after `%s` a Check says so at once, health is %s, and Reset brings the guest back', async (command, health, message) => {
    const healthSeen = new Promise<MachineHealth>((resolve) => {
      const off = machine.on('health', (h) => (off(), resolve(h)));
    });
    machine.terminalInput(`${command}\n`);
    expect(await healthSeen).toBe(health);
    const { report, elapsedMs } = await timedCheck();
    console.log(`[vm-faults] ${command}: Check answered in ${elapsedMs} ms`);
    expect(report.status).toBe('error');
    expect(report.message).toMatch(message);
    expect(elapsedMs).toBeLessThan(CHECK_BAR_MS);
    await expectResetRecovers();
  });
});

describe('a guest that does not answer', () => {
  beforeAll(resetExercise);

  it('with its agent stopped (SIGSTOP): a Check says it is not answering within 10 s, health follows, SIGCONT clears it', async () => {
    const stopLiveness = machine.watchLiveness({ everyMs: 500 });
    try {
      await typeAndSee('kill -STOP $(pidof stacklab-agent); echo agent-$((1+1))-stopped\n', 'agent-2-stopped');
      const { report, elapsedMs } = await timedCheck();
      console.log(`[vm-faults] agent stopped (SIGSTOP): Check answered in ${elapsedMs} ms`);
      expect(report.status).toBe('error');
      expect(report.message).toMatch(/^The VM's state could not be read: The VM is not answering/);
      expect(elapsedMs).toBeLessThan(CHECK_BAR_MS);
      expect(machine.health).toBe('not-answering');
      // The guest recovers: the next liveness ping is answered and health clears.
      machine.terminalInput('kill -CONT $(pidof stacklab-agent)\n');
      await expect.poll(() => machine.health, { timeout: 10_000, interval: 100 }).toBe('running');
    } finally {
      stopLiveness();
    }
  });

  it('with its agent stopped, an idle VM is seen as not answering by the liveness ping alone', async () => {
    const stopLiveness = machine.watchLiveness({ everyMs: 500 });
    try {
      await typeAndSee('kill -STOP $(pidof stacklab-agent); echo agent-$((1+2))-stopped\n', 'agent-3-stopped');
      const started = performance.now();
      await expect.poll(() => machine.health, { timeout: 10_000, interval: 100 }).toBe('not-answering');
      console.log(`[vm-faults] agent stopped, no Check: health said not-answering after ${Math.round(performance.now() - started)} ms`);
      await expectResetRecovers();
    } finally {
      stopLiveness();
    }
  });

  it('drowned in processes (a fork bomb): a Check says it is not answering within 10 s, and Reset brings it back', async () => {
    const stopLiveness = machine.watchLiveness();
    try {
      machine.terminalInput('b(){ b|b& };b\n');
      // Give the bomb a few seconds to fill the process table, as a learner who checks afterwards would.
      await new Promise((resolve) => setTimeout(resolve, 3000));
      const { report, elapsedMs } = await timedCheck();
      console.log(`[vm-faults] fork bomb: Check answered in ${elapsedMs} ms (${report.message ?? report.status})`);
      expect(report.status).toBe('error');
      expect(report.message).toMatch(/^The VM's state could not be read: The VM is not answering/);
      expect(elapsedMs).toBeLessThan(CHECK_BAR_MS);
      expect(machine.health).toBe('not-answering');
      await expectResetRecovers();
    } finally {
      stopLiveness();
    }
  });
});

describe('a healthy guest', () => {
  it('is not mistaken for a drowned one: a Check whose probes wait for dropped ports passes', async () => {
    const exercise = loadExercise('input-firewall');
    await prepareExercise(machine, exercise.setup);
    const solved = await runSolution(machine, exercise.solution);
    expect(solved.exitCode).toBe(0);
    const started = performance.now();
    const report = await gradeMachine(machine, graders['input-firewall']!, CHECK_LIMITS);
    console.log(`[vm-faults] healthy input-firewall Check: ${report.status} in ${Math.round(performance.now() - started)} ms`);
    expect(report.message).toBeUndefined();
    expect(report.status).toBe('pass');
    expect(machine.health).toBe('running');
  });
});
