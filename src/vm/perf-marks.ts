/**
 * Where the time goes: User Timing measures for every phase of a page load, of a Check, of an
 * exercise's save and of its resume, named once here. They show in the browser's performance panel, and the benchmarks read
 * them from the page (bench/site.ts, bench/check-browser.ts) or from Node (bench/check.ts).
 * Only the latest measure of each phase is kept, so a long session does not pile them up.
 *
 * Works wherever the User Timing API exists (browsers, Node); elsewhere it measures nothing.
 *
 * @example
 * const t0 = performance.now();
 * const bytes = await fetchBytes(url);
 * measurePhase('load', 'fetch', t0);
 */

/** A page load, in the order the phases happen. */
export const LOAD_PHASES = [
  /** From the page asking for the VM: the image and snapshot descriptions (v86.wasm already downloading). */
  'prepare',
  /** From the page asking for the VM: the emulator's and driver's code loaded (alongside the downloads). */
  'loader-code',
  /** v86.wasm and the snapshot downloaded, from the first request (v86.wasm's, at the page's asking). */
  'fetch',
  /** v86.wasm compiled to a module (while the snapshot still downloads, when it is the smaller). */
  'wasm-compile',
  /** The snapshot's zstd decompressed, inside the emulator's restore. */
  'decompress',
  /** The emulator created and the snapshot restored, decompression included, until it runs. */
  'restore',
  /** The restored guest's agent answers (ping, clock, terminal size). */
  'first-reply',
  /** A copy of guest memory taken to keep compiled code over a restore (Start, Reset, Resume). */
  'memory-copy',
  /** The terminal view created (while the VM still loads, when the terminal's code arrives first). */
  'terminal-attach',
  /** The shell prompt on the screen. */
  'first-prompt',
  /** The learner's first keystrokes answered by the guest. */
  'first-echo',
] as const;

/** A Check, from the click to the report on the screen. */
export const CHECK_PHASES = [
  /** From the click until the collection is sent to the agent (loading the grader, the liveness ping, a warm-up round in flight). */
  'queue-wait',
  /** The collection running in the guest, as the agent measured it. */
  'guest',
  /** The round trip over the serial port, less the guest's time. */
  'transfer',
  /** Parsing the collected state and running the checks. */
  'grade',
  /** The report drawn, until the next frame. */
  'draw',
] as const;

/** An exercise's VM state saved in this browser (src/lib/exercise-states.ts), in order. */
export const SAVE_PHASES = [
  /** The emulator's state copied out of the VM (the guest pauses meanwhile). */
  'snapshot',
  /** The raw state's sha256, kept for uploads. */
  'digest',
  /** gzip on its worker thread. */
  'gzip',
  /** The gzipped state written to IndexedDB. */
  'store',
] as const;

/** A saved state read back to be restored (an exercise or an exam's task resumed), in order. */
export const RESUME_PHASES = [
  /** The stored record read from IndexedDB. */
  'read',
  /** The stored state gunzipped on its worker thread. */
  'gunzip',
] as const;

export type LoadPhase = (typeof LOAD_PHASES)[number];
export type CheckPhase = (typeof CHECK_PHASES)[number];
export type SavePhase = (typeof SAVE_PHASES)[number];
export type ResumePhase = (typeof RESUME_PHASES)[number];
export type PhaseGroup = 'load' | 'check' | 'save' | 'resume';
type PhaseOf<G extends PhaseGroup> = G extends 'load' ? LoadPhase : G extends 'check' ? CheckPhase : G extends 'save' ? SavePhase : ResumePhase;
export type PhaseName = `stacklab:load:${LoadPhase}` | `stacklab:check:${CheckPhase}` | `stacklab:save:${SavePhase}` | `stacklab:resume:${ResumePhase}`;

export function phaseName<G extends PhaseGroup>(group: G, phase: PhaseOf<G>): PhaseName {
  return `stacklab:${group}:${phase}` as PhaseName;
}

/** Every phase name, load first, in order. */
export const PHASE_NAMES: readonly PhaseName[] = [
  ...LOAD_PHASES.map((p) => phaseName('load', p)),
  ...CHECK_PHASES.map((p) => phaseName('check', p)),
  ...SAVE_PHASES.map((p) => phaseName('save', p)),
  ...RESUME_PHASES.map((p) => phaseName('resume', p)),
];

type Timing = Pick<Performance, 'now' | 'measure' | 'clearMeasures' | 'getEntriesByName'>;

function timing(): Timing | undefined {
  const perf = (globalThis as { performance?: Partial<Timing> }).performance;
  return typeof perf?.measure === 'function' && typeof perf.clearMeasures === 'function' ? (perf as Timing) : undefined;
}

/**
 * Records `phase` as running from `start` (a performance.now() time) for `duration` ms, or until
 * now. Returns the duration recorded (NaN when there is no User Timing).
 */
export function measurePhase<G extends PhaseGroup>(group: G, phase: PhaseOf<G>, start: number, duration?: number, detail?: unknown): number {
  const perf = timing();
  if (!perf) return Number.NaN;
  const name = phaseName(group, phase);
  const ms = Math.max(0, duration ?? perf.now() - start);
  perf.clearMeasures(name);
  // A start before this thread's time origin (the page asked before the worker existed) is
  // recorded here from the origin; the thread it is forwarded to has it whole.
  const localStart = Math.max(0, start);
  perf.measure(name, { start: localStart, duration: Math.max(0, start + ms - localStart), detail });
  forward?.({ name, startEpochMs: timeOrigin(perf) + start, duration: ms, detail });
  return ms;
}

/** A phase measured in another thread (the emulator's worker), in wall-clock time. */
export interface ForwardedPhase {
  name: PhaseName;
  /** Its start as milliseconds since the epoch: each thread has its own time origin. */
  startEpochMs: number;
  duration: number;
  detail?: unknown;
}

let forward: ((phase: ForwardedPhase) => void) | undefined;

/**
 * Sends every phase measured from now on to `to` as well: the emulator's worker measures the
 * restore and the first reply, and the page, where the benchmarks and the performance panel
 * look, records them again with recordForwardedPhase.
 */
export function forwardPhases(to: ((phase: ForwardedPhase) => void) | undefined): void {
  forward = to;
}

/** Records a phase another thread measured on this thread's timeline. */
export function recordForwardedPhase({ name, startEpochMs, duration, detail }: ForwardedPhase): void {
  const perf = timing();
  if (!perf || !(PHASE_NAMES as readonly string[]).includes(name)) return;
  perf.clearMeasures(name);
  perf.measure(name, { start: Math.max(0, startEpochMs - timeOrigin(perf)), duration, detail });
}

function timeOrigin(perf: Timing): number {
  return (perf as Partial<Performance>).timeOrigin ?? 0;
}

/** Runs `work` and records it as `phase`, whether it succeeds or throws. */
export async function timePhase<G extends PhaseGroup, T>(group: G, phase: PhaseOf<G>, work: () => Promise<T> | T): Promise<T> {
  const start = timing()?.now() ?? 0;
  try {
    return await work();
  } finally {
    measurePhase(group, phase, start);
  }
}

export interface PhaseTiming {
  /** ms since the time origin (navigation start in a page). */
  startTime: number;
  duration: number;
}

/**
 * The latest measure of each phase in `entries` (performance.getEntriesByType('measure'), or
 * its copy taken from a page), by name; phases that did not happen are absent. Pure, so a
 * benchmark can pass it entries read from a browser.
 */
export function latestPhases(entries: ReadonlyArray<{ name: string } & PhaseTiming>): Partial<Record<PhaseName, PhaseTiming>> {
  const known = new Set<string>(PHASE_NAMES);
  const latest: Partial<Record<PhaseName, PhaseTiming>> = {};
  for (const { name, startTime, duration } of entries) {
    if (!known.has(name)) continue;
    const seen = latest[name as PhaseName];
    if (!seen || startTime >= seen.startTime) latest[name as PhaseName] = { startTime, duration };
  }
  return latest;
}
