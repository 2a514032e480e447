/**
 * Reading multipath routes: the next hops of the route the kernel uses for a prefix (a
 * multipath route, a plain one, or a route to a nexthop group, which the kernel's dump spells
 * out as next hops too), the kernel's choice for many flows (`ip route get` with one source port
 * per flow), and which routers forwarded real traffic (their IPv4 ForwDatagrams counters).
 *
 * @example
 * read: (s) => lowestMetricNextHops(s.namespaces.edge, '198.18.0.0/24')   // "via 10.0.1.2 and 10.0.2.2"
 */
import { z } from 'zod';
import type { CollectedState, Probe } from '../../src/state/collect.ts';
import type { NamespaceState, Route } from '../../src/state/parse-ip.ts';
import { ProbeError } from '../../src/grading/check.ts';
import { probeResult } from './probes.ts';

const nextHopsSchema = z.array(z.looseObject({ gateway: z.string().optional(), dev: z.string().optional() }));

/** "via A and B" for a sorted list of gateways; "only via A" for one. */
const describeGateways = (gateways: string[]): string => {
  const sorted = [...new Set(gateways)].sort();
  if (sorted.length === 0) return 'with no gateway';
  return sorted.length === 1 ? `only via ${sorted[0]}` : `via ${sorted.join(' and ')}`;
};

const gatewaysOf = (route: Route): string[] => {
  const hops = nextHopsSchema.safeParse(route.nexthops);
  if (hops.success) return hops.data.flatMap((h) => (h.gateway ? [h.gateway] : []));
  return route.gateway ? [route.gateway] : [];
};

/**
 * The gateways of the route to `prefix` in the main table that the kernel uses (the lowest
 * metric), and the higher-metric routes beside it, which wait as backups.
 */
export function lowestMetricNextHops(ns: NamespaceState | undefined, prefix: string): string {
  const routes = (ns?.routes ?? [])
    .filter((r) => r.dst === prefix && (r.table ?? 'main') === 'main' && (r.type ?? 'unicast') === 'unicast')
    .sort((a, b) => Number(a.metric ?? 0) - Number(b.metric ?? 0));
  const [used, ...backups] = routes;
  if (!used) return 'no route';
  const described = describeGateways(gatewaysOf(used));
  const waiting = backups.map((r) => `${describeGateways(gatewaysOf(r)).replace(/^only /, '')} with metric ${String(r.metric ?? 0)}`);
  return waiting.length ? `${described} (metric ${String(used.metric ?? 0)}; a backup route goes ${waiting.join(', ')})` : described;
}

/**
 * How many flows the spread probes try. With an L4 hash over two equal next hops, all of them
 * take one path by chance once in 2^(FLOWS-1) Checks: once in 32,768 with 16 flows, which is a
 * correct answer failed now and then; once in about two billion with 32.
 */
export const FLOWS = 32;

/** The kernel's choice for FLOWS UDP flows to `target` that differ in their source port, in one `ip -batch`. */
export const routeGetSpreadProbe = (id: string, from: string, target: string): Probe => ({
  id,
  kind: 'command',
  from,
  target: `i=40001; while [ $i -le ${40000 + FLOWS} ]; do echo "route get ${target} ipproto udp sport $i dport 53"; i=$((i+1)); done | ip -j -batch -`,
});

const decisionSchema = z.array(z.looseObject({ gateway: z.string().optional(), dev: z.string().optional() }));

/** A check's `read` for a routeGetSpreadProbe: "via A and B", "only via A", or "no route (...)". */
export const spreadOf = (id: string) => (state: CollectedState): string => {
  const probe = probeResult(state, id);
  const lines = probe.output.split('\n').filter((line) => line.startsWith('['));
  if (!probe.ok || lines.length === 0) return `no route (${probe.output.split('\n')[0] || `exit ${probe.exitCode}`})`;
  const gateways = lines.flatMap((line) => {
    let parsed;
    try {
      parsed = decisionSchema.safeParse(JSON.parse(line));
    } catch {
      throw new ProbeError(`ip route get for ${id} did not print JSON: ${line.slice(0, 120)}`);
    }
    if (!parsed.success) throw new ProbeError(`ip route get for ${id} printed something unexpected: ${line.slice(0, 120)}`);
    return parsed.data.map((d) => d.gateway ?? `dev ${d.dev ?? '?'} (no gateway)`);
  });
  return describeGateways(gateways);
};

/**
 * Sends FLOWS UDP datagrams from `from` to `target` (one socket each, so one source port each,
 * to ports 33001 onwards) and prints how many IPv4 packets each router forwarded meanwhile: "r1 N".
 */
export const forwardedByProbe = (id: string, from: string, target: string, routers: readonly string[]): Probe => ({
  id,
  kind: 'command',
  from: '',
  target: [
    `fwd() { nsenter --net=/run/netns/$1 cat /proc/net/snmp | awk '$1 == "Ip:" && $2 ~ /^[0-9]/ { print $7 }'; }`,
    ...routers.map((r) => `b_${r}=$(fwd ${r})`),
    `nsenter --net=/run/netns/${from} bash -c 'for p in {33001..${33000 + FLOWS}}; do echo x > /dev/udp/${target}/$p; done' 2>/dev/null`,
    'sleep 0.5',
    ...routers.map((r) => `echo "${r} $(( $(fwd ${r}) - b_${r} ))"`),
  ].join('\n'),
});

/** A check's `read` for a forwardedByProbe: the routers that forwarded something, "r1 and r2", or "neither". */
export const forwardedBy = (id: string) => (state: CollectedState): string => {
  const probe = probeResult(state, id);
  const counts = probe.output
    .split('\n')
    .map((line) => /^(\S+) (-?\d+)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null);
  if (counts.length === 0) throw new ProbeError(`the probe ${id} printed no counters: ${probe.output.slice(0, 120)}`);
  const moved = counts.filter((m) => Number(m[2]) > 0).map((m) => m[1]!);
  return moved.length ? moved.join(' and ') : 'neither';
};
