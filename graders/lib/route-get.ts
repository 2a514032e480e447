/**
 * The kernel's own routing decision, asked with a `command` probe running
 * `ip -N -j route get ...` (`-N` prints tables as numbers even when rt_tables names them), so
 * a grader judges the decision policy rules and VRFs lead to instead of re-deriving it.
 *
 * @example
 * probes: [routeGetProbe('rail', '192.0.2.1 from 10.50.0.10')]
 * read: routeDecision('rail')   // "via 10.50.0.2 dev eth1 table 100", or "no route (RTNETLINK answers: ...)"
 */
import { z } from 'zod';
import type { CollectedState, Probe } from '../../src/state/collect.ts';
import { ProbeError } from '../../src/grading/check.ts';
import { probeResult } from './probes.ts';

/** A probe that asks the kernel how it would route `query` (the arguments of `ip route get`). */
export const routeGetProbe = (id: string, query: string, from = ''): Probe => ({ id, kind: 'command', from, target: `ip -N -j route get ${query}` });

const decisionSchema = z.array(z.looseObject({ dst: z.string(), gateway: z.string().optional(), dev: z.string().optional(), table: z.string().optional() })).length(1);

/**
 * A check's `read` for a routeGetProbe: "via GW dev DEV table T" ("dev DEV table T" for a
 * connected destination; the main table is "main"), or "no route (...)" with the kernel's refusal.
 */
export const routeDecision = (id: string) => (state: CollectedState): string => {
  const probe = probeResult(state, id);
  if (!probe.ok) return `no route (${probe.output.split('\n')[0] || `exit ${probe.exitCode}`})`;
  let parsed;
  try {
    parsed = decisionSchema.safeParse(JSON.parse(probe.output));
  } catch {
    throw new ProbeError(`ip route get for ${id} did not print JSON: ${probe.output.slice(0, 120)}`);
  }
  if (!parsed.success) throw new ProbeError(`ip route get for ${id} printed something unexpected: ${probe.output.slice(0, 120)}`);
  const { gateway, dev, table } = parsed.data[0]!;
  const name = table === undefined || table === '254' ? 'main' : table;
  return `${gateway ? `via ${gateway} ` : ''}dev ${dev ?? '(none)'} table ${name}`;
};
