/**
 * Reading FRR's live state in a namespace's path space (daemons started with `-N <name>`, their
 * sockets in /var/run/frr/<name>/). The probe sends each `show ... json` command to bgpd's vty
 * socket, as vtysh does (the command, a NUL; the answer, then three NULs and a status byte), so
 * the answer is bgpd's own, read at Check time; it skips starting vtysh, which takes seconds of
 * the guest's CPU. zebra's presence is read from its pid file and its socket.
 *
 * @example
 * probes: [frrProbe('left')]
 * read: (s) => bgpSummary(s, 'left')?.peers['10.0.12.2']?.state   // "Established"
 */
import { z } from 'zod';
import type { CollectedState, Probe } from '../../src/state/collect.ts';
import { ProbeError } from '../../src/grading/check.ts';
import { probeResult } from './probes.ts';

const COMMANDS = { summary: 'show bgp summary json', table: 'show bgp ipv4 unicast json' } as const;
const MARK = '@@frr ';

/** One probe per namespace: whether zebra runs, then bgpd's answers to COMMANDS, each after a marker line. */
export const frrProbe = (ns: string): Probe => ({
  id: `frr-${ns}`,
  kind: 'command',
  from: '',
  target: [
    `d=/var/run/frr/${ns}`,
    `if [ -S $d/zserv.api ] && kill -0 "$(cat $d/zebra.pid 2>/dev/null)" 2>/dev/null; then echo "${MARK}zebra running"; else echo "${MARK}zebra not running"; fi`,
    `[ -S $d/bgpd.vty ] || { echo "${MARK}bgpd not running"; exit 0; }`,
    ...Object.entries(COMMANDS).map(([key, command]) => `echo "${MARK}${key}"; printf '%s\\0' '${command}' | nc -N -U $d/bgpd.vty | tr -d '\\000'; echo`),
  ].join('\n'),
});

const peerSchema = z.looseObject({ remoteAs: z.union([z.number(), z.string()]), state: z.string(), peerState: z.string().optional(), pfxRcd: z.number().optional() });
const summarySchema = z.looseObject({
  ipv4Unicast: z.looseObject({ as: z.number(), peers: z.record(z.string(), peerSchema) }).optional(),
});
const pathSchema = z.looseObject({
  valid: z.boolean().optional(),
  bestpath: z.boolean().optional(),
  peerId: z.string().optional(),
  nexthops: z.array(z.looseObject({ ip: z.string().optional() })).optional(),
});
const tableSchema = z.looseObject({ routes: z.record(z.string(), z.array(pathSchema)).optional() });

export type BgpPeer = z.infer<typeof peerSchema>;
export type BgpPath = z.infer<typeof pathSchema>;
export interface FrrState {
  zebra: boolean;
  /** Missing when bgpd does not run in the namespace. */
  bgp?: { as?: number; peers: Record<string, BgpPeer>; routes: Record<string, BgpPath[]> };
}

function sections(output: string): Map<string, string> {
  const found = new Map<string, string>();
  let key = '';
  for (const line of output.split('\n')) {
    if (line.startsWith(MARK)) {
      key = line.slice(MARK.length);
      found.set(key, '');
    } else if (key) found.set(key, `${found.get(key)}${line}\n`);
  }
  return found;
}

function parseJson<T>(schema: z.ZodType<T>, text: string, what: string): T {
  let value: unknown;
  // "% No BGP process is configured" and the like: bgpd runs, with no BGP instance yet.
  const answer = text.trim().startsWith('%') ? '{}' : text.trim() || '{}';
  try {
    value = JSON.parse(answer);
  } catch {
    throw new ProbeError(`bgpd's answer to ${what} is not JSON: ${text.slice(0, 120)}`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ProbeError(`bgpd's answer to ${what} is not as expected: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** What FRR shows in `ns`: zebra running or not, and bgpd's AS, neighbours and BGP table. */
export function frrState(state: CollectedState, ns: string): FrrState {
  const probe = probeResult(state, `frr-${ns}`);
  const parts = sections(probe.output);
  if (!parts.has('zebra running') && !parts.has('zebra not running')) throw new ProbeError(`the probe frr-${ns} printed no FRR state: ${probe.output.slice(0, 120)}`);
  const zebra = parts.has('zebra running');
  if (parts.has('bgpd not running')) return { zebra };
  const summaryText = parts.get('summary');
  const tableText = parts.get('table');
  if (summaryText === undefined || tableText === undefined) throw new ProbeError(`the probe frr-${ns} was cut short: ${probe.output.slice(0, 120)}`);
  const summary = parseJson(summarySchema, summaryText, COMMANDS.summary);
  const table = parseJson(tableSchema, tableText, COMMANDS.table);
  return { zebra, bgp: { as: summary.ipv4Unicast?.as, peers: summary.ipv4Unicast?.peers ?? {}, routes: table.routes ?? {} } };
}

/** The best valid path to `prefix` in a BGP table, if any (bgpd leaves "valid" out of a path that is not). */
export const bestPath = (routes: Record<string, BgpPath[]>, prefix: string): BgpPath | undefined =>
  routes[prefix]?.find((p) => p.valid === true && p.bestpath === true);
