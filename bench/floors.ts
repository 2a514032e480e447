/**
 * The floors the browser benchmarks compare themselves with, measured in the same run: what
 * the same work costs in Node, in this process, on the same machine at the same moment (the
 * machine is shared and busy; a floor taken earlier would flatter or shame the browser).
 */
import { loadavg } from 'node:os';
import { loadGraders } from '../src/grading/registry.ts';
import { loadExercise } from '../src/exercises/load.ts';
import { COLLECT_MEASURE, gradeMachine, prepareExercise, runSolution } from '../src/exercises/run.ts';
import { warmUpChecks } from '../src/state/warm-up.ts';
import { Machine } from '../src/vm/machine.ts';
import { loadNodeAssets, loadNodeSnapshot } from '../src/vm/node-assets.ts';
import { median } from './stats.ts';

/** "load average 3.12 2.80 2.41 on 2 cores": say it beside every figure. */
export function loadAverageText(): string {
  return `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`;
}

/** Snapshot restore to the agent's first reply, in this process, after one start that loads the code: ms of each run. */
export async function nodeRestoreTimes(runs: number): Promise<number[]> {
  const restore = await warmRestores();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const machine = await restore();
    times.push(performance.now() - t0);
    await machine.destroy();
  }
  return times;
}

/**
 * Commands run in a guest freshly restored in this process (the agent runs them), then at once
 * again: ms of each, per run, after one start that loads the code. Node reads the guest's disk
 * from local files.
 */
export async function nodeFirstUseTimes(commands: string, runs: number): Promise<Array<{ first: number; again: number }>> {
  const restore = await warmRestores();
  const times: Array<{ first: number; again: number }> = [];
  for (let i = 0; i < runs; i++) {
    const machine = await restore();
    try {
      const timed = async () => {
        const t0 = performance.now();
        await machine.exec(`{ ${commands}; } >/dev/null 2>&1`, { timeoutMs: 120_000 });
        return performance.now() - t0;
      };
      const first = await timed();
      times.push({ first, again: await timed() });
    } finally {
      await machine.destroy();
    }
  }
  return times;
}

/** Restores the snapshot in this process, after one restore that loads and compiles the emulator's code (not what a floor measures). */
async function warmRestores(): Promise<() => Promise<Machine>> {
  const assets = loadNodeAssets();
  const { state } = await loadNodeSnapshot(assets);
  await (await Machine.start(assets, { kind: 'state', state })).destroy();
  return () => Machine.start(assets, { kind: 'state', state });
}

export interface NodeCheckTimes {
  /** A whole Check (collect, grade), ms. */
  check: number[];
  /** The agent's own time for the collection, ms. */
  guest: number[];
}

/** Runs `use` on a guest restored in this process, with `exerciseId` set up and solved; the guest is destroyed afterwards. */
export async function withSolvedExercise<T>(exerciseId: string, use: (machine: Machine) => Promise<T>): Promise<T> {
  const assets = loadNodeAssets();
  const { state } = await loadNodeSnapshot(assets);
  const machine = await Machine.start(assets, { kind: 'state', state });
  try {
    const exercise = loadExercise(exerciseId);
    await prepareExercise(machine, exercise.setup);
    await runSolution(machine, exercise.solution);
    return await use(machine);
  } finally {
    await machine.destroy();
  }
}

/** An exercise set up and solved, warmed up as the site warms it, then checked `runs` times in Node. */
export async function nodeCheckTimes(exerciseId: string, runs: number): Promise<NodeCheckTimes> {
  const grader = (await loadGraders([exerciseId]))[exerciseId]!;
  return withSolvedExercise(exerciseId, async (machine) => {
    await warmUpChecks(machine, grader.request);
    const times: NodeCheckTimes = { check: [], guest: [] };
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const report = await gradeMachine(machine, grader);
      times.check.push(performance.now() - t0);
      const collect = performance.getEntriesByName(COLLECT_MEASURE).at(-1) as PerformanceMeasure | undefined;
      times.guest.push(Number((collect?.detail as { guestMs?: number } | null)?.guestMs));
      if (report.status !== 'pass') throw new Error(`${exerciseId} did not pass in Node: ${JSON.stringify(report)}`);
    }
    return times;
  });
}

/** "1.23 s = 2.4x the floor (0.51 s)". */
export function againstFloor(ms: number, floorMs: number, unit: 's' | 'ms' = 's'): string {
  const show = (v: number) => (unit === 's' ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(0)} ms`);
  return `${show(ms)} = ${(ms / floorMs).toFixed(1)}x the floor (${show(floorMs)})`;
}

export { median };
