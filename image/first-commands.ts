/**
 * What a learner's first minutes run: the warm-up's collection (what every Check reads) and
 * iproute2's commands of the first lessons, ping included. image/snapshot.ts records the disk
 * chunks a fresh restore reads for them (state.json's diskPrefetch), and the site fetches
 * those soon after the guest answers, a few at a time (src/vm/disk-cache.ts).
 */
import { WARM_UP_SCRIPT } from '../src/state/warm-up.ts';

export const FIRST_COMMANDS = [
  WARM_UP_SCRIPT,
  'ip netns add first && ip -n first link set lo up',
  'ip link add first0 type veth peer name first1 netns first',
  'ip addr add 10.255.0.1/30 dev first0 && ip link set first0 up',
  'ip -n first addr add 10.255.0.2/30 dev first1 && ip -n first link set first1 up',
  'ip route show && ip -n first route show && ip netns list',
  'ping -c 1 -W 2 10.255.0.2',
].join('\n');
