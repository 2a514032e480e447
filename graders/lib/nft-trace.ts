/**
 * The packet tracer as a probe: the grader marks one flow with `meta nftrace set 1` from a
 * table of its own (stacklab_trace, hooked before every filter, removed again), sends the flow
 * while `nft -a monitor trace` listens, and reads which rule gave the final verdict. The same
 * evidence a learner reads, taken afresh at each Check.
 */
import type { CollectedState, Probe } from '../../src/state/collect.ts';
import { ProbeError } from '../../src/grading/check.ts';

export interface TracedFlow {
  /** The namespace whose firewall the flow meets. */
  ns: string;
  /** The namespace the flow starts from, its source address, and where it goes. */
  from: string;
  source: string;
  target: string;
  port: number;
}

const TABLE = 'stacklab_trace';

/**
 * A probe (run in the flow's namespace) that traces one TCP connection attempt: it waits for the
 * trace to show a drop (0.1 s steps, 1 s at most), and tries up to three times, since the
 * monitor may miss a packet sent while it starts. A flow that is not dropped costs the 3 s.
 */
export function traceProbe(id: string, flow: TracedFlow): Probe {
  const file = `/tmp/${TABLE}.$$`;
  const script = [
    `nft delete table inet ${TABLE} 2>/dev/null`,
    `nft add table inet ${TABLE} && nft add chain inet ${TABLE} pre '{ type filter hook prerouting priority -350; }' && nft add rule inet ${TABLE} pre ip saddr ${flow.source} tcp dport ${flow.port} meta nftrace set 1 || exit 1`,
    `nft -a monitor trace > ${file} 2>&1 & m=$!`,
    `dropped() { grep -v ' ${TABLE} ' ${file} | grep -q '(verdict drop)'; }`,
    'sleep 0.3',
    'for i in 1 2 3; do',
    `  ip netns exec ${flow.from} nc -z -w1 ${flow.target} ${flow.port} & c=$!`,
    '  j=0; until dropped || [ $j -ge 10 ]; do sleep 0.1; j=$((j+1)); done',
    '  kill $c 2>/dev/null; wait $c 2>/dev/null',
    '  dropped && break',
    'done',
    'kill $m',
    `nft delete table inet ${TABLE}`,
    `cat ${file}; rm -f ${file}`,
  ].join('\n');
  return { id, kind: 'command', from: flow.ns, target: script };
}

export interface TracedDrop {
  table: string;
  chain: string;
  handle: string;
  rule: string;
}

const DROP_LINE = /^trace id \S+ \S+ (\S+) (\S+) rule (.*) # handle (\d+) \(verdict drop\)\s*$/;

/** A check's read of the rule the trace saw drop the flow (undefined: the trace shows no rule dropping it). */
export const tracedDrop = (id: string) => (state: CollectedState): TracedDrop | undefined => {
  const probe = state.probes[id];
  if (!probe) throw new ProbeError(`the trace ${id} did not run`);
  if (!probe.ok) throw new ProbeError(`the trace could not be set up in the VM: ${probe.output.trim() || `exit ${probe.exitCode}`}`);
  for (const line of probe.output.split('\n')) {
    const match = DROP_LINE.exec(line);
    if (match && match[1] !== TABLE) return { table: match[1]!, chain: match[2]!, rule: match[3]!, handle: match[4]! };
  }
  return undefined;
};
