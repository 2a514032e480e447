/**
 * What a learner's first minutes run: the warm-up's collection (what every Check reads),
 * iproute2's commands of the first lessons, ping included, and the first exercise with a Check
 * (netns-red-blue: its solution, then its grader's own collection, which reads links without
 * details, a variant the warm-up does not run). image/snapshot.ts records the disk chunks a
 * fresh restore reads for them (state.json's diskPrefetch), and the site fetches those soon
 * after the guest answers, a few at a time (src/vm/disk-cache.ts).
 *
 * Which chunks a command reads depends on where the pages of its code fall on the disk, so a
 * rebuilt Debian package can move them: running the first exercise's own Check here keeps it
 * covered whatever the layout.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadGrader } from '../src/grading/registry.ts';
import { buildCollectionScript } from '../src/state/collect.ts';
import { WARM_UP_SCRIPT } from '../src/state/warm-up.ts';

/** The exercise a learner meets first with a Check (lesson "namespaces as VRFs"). */
export const FIRST_EXERCISE = 'netns-red-blue';

/** The first exercise as a learner does it: its solution typed, then its Check's collection. */
export async function firstExerciseScript(): Promise<string> {
  const grader = await loadGrader(FIRST_EXERCISE);
  const solution = readFileSync(join(import.meta.dirname, `../exercises/${FIRST_EXERCISE}/solution.sh`), 'utf8');
  return `${solution}\n${buildCollectionScript(grader.request)} > /dev/null`;
}

/** Everything above, as one script for the snapshot's recording run. */
export async function firstCommands(): Promise<string> {
  return [
    WARM_UP_SCRIPT,
    'ip netns add first && ip -n first link set lo up',
    'ip link add first0 type veth peer name first1 netns first',
    'ip addr add 10.255.0.1/30 dev first0 && ip link set first0 up',
    'ip -n first addr add 10.255.0.2/30 dev first1 && ip -n first link set first1 up',
    'ip route show && ip -n first route show && ip netns list',
    'ping -c 1 -W 2 10.255.0.2',
    await firstExerciseScript(),
  ].join('\n');
}
