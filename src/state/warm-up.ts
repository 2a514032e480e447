/**
 * Warming up the guest for Checks. The emulator compiles guest code that runs often; right
 * after a restore nothing is compiled yet, and the first Checks pay for it (an iproute2
 * process takes 3-5x longer). This runs the collection's tools a few times, output
 * discarded, so the learner's first Check is as fast as later ones. About a second; the site
 * calls it when the VM is ready and after an exercise is set up or resumed.
 */
import type { Machine } from '../vm/machine.ts';

/** One round; the warm-up runs it WARM_UP_ROUNDS times, each its own request so a save can come between. */
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
export const WARM_UP_ROUNDS = 10;

export async function warmUpChecks(machine: Machine): Promise<void> {
  for (let round = 0; round < WARM_UP_ROUNDS; round++) await machine.exec(WARM_UP_SCRIPT, { timeoutMs: 10_000 });
}

/** The same, started in the background; a failure only means the next Check is slower. */
export function warmUpInBackground(machine: Machine): void {
  warmUpChecks(machine).catch(() => undefined);
}
