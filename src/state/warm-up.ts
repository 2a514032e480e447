/**
 * Warming up the guest for Checks. The emulator compiles guest code that runs often; right
 * after a restore nothing is compiled yet, and the first Checks pay for it (an iproute2
 * process takes 3-5x longer). This runs the Check's own collection a number of times, output
 * discarded, so the learner's first Check is as fast as later ones.
 *
 * Each piece of a round is its own background request: a Check, a command or a save goes
 * ahead of the next piece, and a Check or a command has the agent stop the piece in flight
 * (the driver cancels background commands), so the warm-up never makes anyone wait for more
 * than that stop. What a stopped piece ran has still counted toward compiling it.
 */
import { isVmError } from '../vm/errors.ts';
import type { GuestMachine } from '../vm/machine-api.ts';
import { buildCollectionScript, type StateRequest } from './collect.ts';

/** Without an exercise: the tables of the host, then the links of a hidden namespace, as most Checks read them; each a piece of a round. */
const WARM_UP_PIECES = [
  ["ip -j -d -batch - >/dev/null 2>&1 <<'TABLES'", 'link show', 'addr show', 'route show table all', 'rule show', 'neigh show', 'TABLES'].join('\n'),
  'nsenter --net=/run/stacklab/netns/isp ip -j -d link show >/dev/null 2>&1',
];
export const WARM_UP_SCRIPT = WARM_UP_PIECES.join('\n');
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
  // No waiting for IPv6 addresses either: a round must never hold the agent for seconds.
  const quiet: StateRequest = { ...request, probes: [], serverLog: false, settleIpv6: false };
  return `{\n${buildCollectionScript(quiet, { standIn: STAND_IN_NAMESPACE })}\n} >/dev/null 2>&1`;
}

/**
 * A round cut into pieces, each its own background request: one namespace's collection each
 * (without an exercise, the host's tables and the hidden namespace's links). A Check that
 * arrives during a round then waits for the piece in flight, one iproute2 process or so, not
 * for the whole round: right after a page load a round runs cold, several hundred milliseconds.
 */
export function warmUpPieces(request?: StateRequest): string[] {
  if (!request) return [...WARM_UP_PIECES];
  const namespaces = request.namespaces;
  if (!namespaces || namespaces.length < 2) return [warmUpScript(request)];
  return namespaces.map((ns) => warmUpScript({ ...request, namespaces: [ns] }));
}

export async function warmUpChecks(machine: GuestMachine, request?: StateRequest): Promise<void> {
  const script = warmUpScript(request);
  for (let round = 0; round < WARM_UP_ROUNDS; round++) await runPiece(machine, script);
}

/** Runs one piece in the background; a piece stopped for a request that was waiting is not a failure. */
async function runPiece(machine: GuestMachine, piece: string): Promise<void> {
  await machine.exec(piece, { timeoutMs: 10_000, background: true }).catch((error: unknown) => {
    if (!isVmError(error, 'exec-cancelled')) throw error;
  });
}

/** A background warm-up: held while anyone holds it, ended for good by stopWarmUp or a newer one. */
interface BackgroundWarmUp {
  holds: number;
  ended: boolean;
  /** Wakes the rounds up once the last hold is released or the warm-up ends. */
  wake?: () => void;
}

let current: BackgroundWarmUp | undefined;

/**
 * The same, in the background, replacing any background warm-up still running; a failure
 * only means the next Check is slower. The first round waits for the next task, so whoever
 * starts the warm-up can hold it before anything reaches the guest.
 */
export function warmUpInBackground(machine: GuestMachine, request?: StateRequest, rounds = WARM_UP_ROUNDS): void {
  stopWarmUp();
  const warmUp: BackgroundWarmUp = { holds: 0, ended: false };
  current = warmUp;
  const pieces = warmUpPieces(request);
  void (async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
    for (let round = 0; round < rounds; round++) {
      for (const piece of pieces) {
        while (warmUp.holds > 0 && !warmUp.ended) await new Promise<void>((resolve) => (warmUp.wake = resolve));
        if (warmUp.ended) return;
        const started = performance.now();
        await runPiece(machine, piece);
        // An emulator on the page's thread rests as long as the piece took, so the page stays responsive; one in its worker goes on.
        if (machine.sharesPageThread) await new Promise((resolve) => setTimeout(resolve, performance.now() - started));
      }
    }
  })()
    .catch(() => undefined)
    .finally(() => {
      if (current === warmUp) current = undefined;
    });
}

/**
 * Holds the background warm-up (after the piece in flight) until the function returned is
 * called; its remaining rounds then carry on. A Check holds it while it runs, and the
 * learner's terminal while a command is running.
 */
export function holdWarmUp(): () => void {
  const warmUp = current;
  if (!warmUp) return () => undefined;
  warmUp.holds++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    warmUp.holds--;
    if (warmUp.holds === 0) wakeUp(warmUp);
  };
}

/** Ends the background warm-up after the piece in flight, for good: moving to another page or opening the topology panel does. */
export function stopWarmUp(): void {
  const warmUp = current;
  current = undefined;
  if (!warmUp) return;
  warmUp.ended = true;
  wakeUp(warmUp);
}

function wakeUp(warmUp: BackgroundWarmUp): void {
  const wake = warmUp.wake;
  warmUp.wake = undefined;
  wake?.();
}

/** How long the terminal must be quiet before the warm-up carries on. */
export const TERMINAL_QUIET_MS = 1000;

/**
 * Holds the background warm-up while the learner's terminal is busy (output within the last
 * TERMINAL_QUIET_MS), so the learner's commands do not share the guest with it. `busyNow`
 * counts the terminal as busy from the start: a page load's warm-up then begins only once the
 * prompt has been drawn and left alone, and a learner who types at once has the guest to
 * themselves. Returns a function that stops watching.
 */
export function holdWarmUpWhileTerminalBusy(machine: GuestMachine, quietMs = TERMINAL_QUIET_MS, { busyNow = false } = {}): () => void {
  let release: (() => void) | undefined;
  let quiet: ReturnType<typeof setTimeout> | undefined;
  const releaseNow = () => {
    clearTimeout(quiet);
    release?.();
    release = undefined;
  };
  const busy = () => {
    release ??= holdWarmUp();
    clearTimeout(quiet);
    quiet = setTimeout(releaseNow, quietMs);
  };
  const off = machine.on('terminal-output', busy);
  if (busyNow) busy();
  return () => {
    off();
    releaseNow();
  };
}

// The emulator shares the page's thread: moving to another page stops warming, so the move is quick.
if (typeof document !== 'undefined') document.addEventListener('astro:before-preparation', stopWarmUp);
