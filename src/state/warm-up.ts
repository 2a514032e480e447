/**
 * Warming up the guest for Checks. The emulator compiles guest code that runs often; right
 * after a restore nothing is compiled yet, and the first Checks pay for it (an iproute2
 * process takes 3-5x longer). This runs the Check's own collection a number of times, output
 * discarded, so the learner's first Check is as fast as later ones.
 *
 * Each round is its own background request: a Check, a command or a save goes ahead of the
 * next round, so the warm-up never makes anyone wait for more than the round in flight.
 */
import type { Machine } from '../vm/machine.ts';
import { buildCollectionScript, type StateRequest } from './collect.ts';

/** Without an exercise: the tables of the host and of a hidden namespace, as most Checks read them. */
export const WARM_UP_SCRIPT = [
  "ip -j -d -batch - >/dev/null 2>&1 <<'TABLES'",
  'link show',
  'addr show',
  'route show table all',
  'rule show',
  'neigh show',
  'TABLES',
  'nsenter --net=/run/stacklab/netns/isp ip -j -d link show >/dev/null 2>&1',
].join('\n');
/**
 * The emulator compiles a page of guest code once it has run about 200,000 instructions
 * there; a Check's collection reaches its steady speed after some 20 runs.
 */
export const WARM_UP_ROUNDS = 20;

/**
 * Read in place of a namespace the learner has not made yet: a hidden one that every start
 * state has (the outside world's router), named relative to /run/netns as `ip -n` wants it.
 */
export const STAND_IN_NAMESPACE = '../stacklab/netns/isp';

/**
 * What a round runs for a grader's request: its collection without probes or the server log
 * (a probe has effects: an HTTP fetch lands in the server's log). A namespace the learner has
 * not made yet is read from a stand-in, so the guest already runs (and the emulator
 * compiles) what the Check will run once it exists.
 */
export function warmUpScript(request?: StateRequest): string {
  if (!request) return WARM_UP_SCRIPT;
  const quiet: StateRequest = { ...request, probes: [], serverLog: false };
  return `{\n${buildCollectionScript(quiet, { standIn: STAND_IN_NAMESPACE })}\n} >/dev/null 2>&1`;
}

export async function warmUpChecks(machine: Machine, request?: StateRequest): Promise<void> {
  const script = warmUpScript(request);
  for (let round = 0; round < WARM_UP_ROUNDS; round++) await machine.exec(script, { timeoutMs: 10_000, background: true });
}

/** Bumped to end the background warm-up in progress. */
let backgroundRun = 0;
/** The background warm-up in progress: what it warms, and how many rounds it has left. */
let running: { machine: Machine; request?: StateRequest; roundsLeft: number; run: number } | undefined;

/**
 * The same, in the background, replacing any background warm-up still running; a failure
 * only means the next Check is slower.
 */
export function warmUpInBackground(machine: Machine, request?: StateRequest, rounds = WARM_UP_ROUNDS): void {
  const run = ++backgroundRun;
  const script = warmUpScript(request);
  const state = { machine, request, roundsLeft: rounds, run };
  running = state;
  void (async () => {
    while (state.roundsLeft > 0 && run === backgroundRun) {
      const started = performance.now();
      state.roundsLeft--;
      await machine.exec(script, { timeoutMs: 10_000, background: true });
      // The emulator shares the page's thread: rest as long as the round took, so the page stays responsive.
      await new Promise((resolve) => setTimeout(resolve, performance.now() - started));
    }
  })()
    .catch(() => undefined)
    .finally(() => {
      if (running === state) running = undefined;
    });
}

/**
 * Holds the background warm-up while a Check runs (after the round in flight: every other
 * request goes ahead of the next one). Returns what carries on with the rounds it had left,
 * unless another warm-up started or it was stopped in the meantime.
 */
export function pauseWarmUp(): () => void {
  const paused = running;
  backgroundRun++;
  const pausedRun = backgroundRun;
  return () => {
    if (!paused || paused.roundsLeft <= 0 || backgroundRun !== pausedRun) return;
    warmUpInBackground(paused.machine, paused.request, paused.roundsLeft);
  };
}

/**
 * Ends the background warm-up after the round in flight, for good: moving to another page
 * or opening the topology panel ends it.
 */
export function stopWarmUp(): void {
  backgroundRun++;
  running = undefined;
}

// The emulator shares the page's thread: moving to another page stops warming, so the move is quick.
if (typeof document !== 'undefined') document.addEventListener('astro:before-preparation', stopWarmUp);
