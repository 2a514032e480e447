/**
 * Waiting for a pause in the learner's work before background work that would compete with it
 * for the machine (saving the site and the VM's disk for offline use: some 26 MB fetched and
 * stored). On a 2-core machine, that download beside a learner's first commands made the
 * first Check after a first visit take 1.9-3.5 s instead of 1.1-1.4 s.
 *
 * The terminal counts as busy while it prints: typing echoes, so typing counts, and so does a
 * command's output. The wait has an upper bound, so a learner who never pauses still gets the
 * work done.
 *
 * @example
 * await whenTerminalQuiet(machine); // 5 s without terminal output, or 60 s at most
 */
import type { GuestMachine } from '../vm/machine-api.ts';

/** How long the terminal must have printed nothing. */
export const QUIET_MS = 5_000;
/** The longest wait, whatever the learner does. */
export const AT_MOST_MS = 60_000;

/** Resolves once `machine`'s terminal has printed nothing for `quietMs`, or `atMostMs` after the call. */
export function whenTerminalQuiet(machine: Pick<GuestMachine, 'on'>, { quietMs = QUIET_MS, atMostMs = AT_MOST_MS } = {}): Promise<void> {
  return new Promise((resolve) => {
    let quiet: ReturnType<typeof setTimeout>;
    const done = () => {
      clearTimeout(quiet);
      clearTimeout(limit);
      off();
      resolve();
    };
    const limit = setTimeout(done, atMostMs);
    const off = machine.on('terminal-output', () => {
      clearTimeout(quiet);
      quiet = setTimeout(done, quietMs);
    });
    quiet = setTimeout(done, quietMs);
  });
}
