/**
 * Parsers for iproute2's JSON (`ip -j -d -batch -` with link, addr, route, rule and neigh),
 * validated with zod so output that is not what iproute2 prints is an error, never a pass.
 * Both families come in the same batch: `route show table all` names no table, so iproute2
 * dumps IPv4 and IPv6 routes alike, and `neigh show` lists ARP and neighbour-discovery
 * entries together. `familyOf`, `routesOf` and `neighboursOf` tell them apart.
 */
import { z } from 'zod';
import { StateParseError } from './errors.ts';

export const linkSchema = z.looseObject({
  ifindex: z.number(),
  ifname: z.string(),
  flags: z.array(z.string()),
  mtu: z.number().optional(),
  operstate: z.string().optional(),
  link_type: z.string().optional(),
  address: z.string().optional(),
  master: z.string().optional(),
  link: z.string().nullable().optional().describe('The parent or veth peer, when in the same namespace'),
  link_index: z.number().optional(),
  link_netnsid: z.number().optional(),
  linkinfo: z
    .looseObject({
      info_kind: z.string().optional(),
      info_data: z.record(z.string(), z.unknown()).optional(),
      info_slave_kind: z.string().optional(),
    })
    .optional(),
});
export type Link = z.infer<typeof linkSchema>;

export const addressSchema = z.looseObject({
  ifname: z.string(),
  addr_info: z.array(
    z.looseObject({
      family: z.string(),
      local: z.string(),
      prefixlen: z.number(),
      tentative: z.boolean().optional().describe('IPv6 duplicate address detection has not finished: the address is not usable yet'),
      dadfailed: z.boolean().optional().describe('Duplicate address detection found the address in use on the link: it stays unusable'),
    }),
  ),
});

export const routeSchema = z.looseObject({
  dst: z.string(),
  gateway: z.string().optional(),
  dev: z.string().optional(),
  table: z.string().optional(),
  protocol: z.string().optional(),
  scope: z.string().optional(),
  type: z.string().optional(),
  prefsrc: z.string().optional(),
});
export type Route = z.infer<typeof routeSchema>;

export const ruleSchema = z.looseObject({ priority: z.number(), src: z.string().optional(), table: z.string().optional() });
export type Rule = z.infer<typeof ruleSchema>;

export const neighbourSchema = z.looseObject({
  dst: z.string(),
  dev: z.string().optional(),
  lladdr: z.string().optional(),
  state: z.array(z.string()).optional(),
});
export type Neighbour = z.infer<typeof neighbourSchema>;

export interface NamespaceState {
  exists: boolean;
  links: Link[];
  /** Addresses as "10.0.0.1/24", by interface name. */
  addresses: Record<string, string[]>;
  /** IPv6 addresses ("2001:db8::1/64") that duplicate address detection has not cleared: still tentative, or failed. */
  notReady?: Record<string, 'tentative' | 'dadfailed'>;
  routes: Route[];
  rules: Rule[];
  neighbours: Neighbour[];
}


export const IP_SECTIONS = ['link', 'addr', 'route', 'rule', 'neigh'] as const;
export type IpSection = (typeof IP_SECTIONS)[number];

const MISSING_NAMESPACE = /Cannot open network namespace|No such file or directory/;
/** iproute2 entering a name in /run/netns that nothing is mounted on yet (ip netns add makes the file, then mounts the namespace on it). */
const HALF_MADE_NAMESPACE = /setting the network namespace "[^"]*" failed: Invalid argument/;

/** Parses one namespace's batch output: one JSON array per line, for each section asked for, in order. */
export function parseIpBatch(output: string, where: string, sections: readonly IpSection[] = IP_SECTIONS): NamespaceState {
  const empty: NamespaceState = { exists: false, links: [], addresses: {}, routes: [], rules: [], neighbours: [] };
  // An error message in place of the JSON: the namespace could not be entered.
  const refused = !output.trimStart().startsWith('[');
  if (refused && MISSING_NAMESPACE.test(output)) return empty;
  if (refused && HALF_MADE_NAMESPACE.test(output)) {
    throw new StateParseError(
      `${where} is only half made: its file in /run/netns is not a network namespace yet (a command making it, such as ip netns add, may still be running; if it stays so, delete it with ip netns del)`,
    );
  }
  const lines = output.split('\n').filter((l) => l.trim().startsWith('['));
  if (lines.length !== sections.length) {
    throw new StateParseError(`iproute2 output for ${where} has ${lines.length} of ${sections.length} parts`);
  }
  const parsed: Partial<Record<IpSection, unknown>> = {};
  sections.forEach((section, i) => {
    try {
      parsed[section] = JSON.parse(lines[i]!) as unknown;
    } catch {
      throw new StateParseError(`iproute2 ${section} output for ${where} is not JSON`);
    }
  });
  const read = <T>(schema: z.ZodType<T>, value: unknown, part: string): T[] => {
    if (value === undefined) return [];
    const result = z.array(schema).safeParse(value);
    if (!result.success) throw new StateParseError(`iproute2 ${part} output for ${where} is not as expected: ${z.prettifyError(result.error)}`);
    return result.data;
  };
  const addresses: Record<string, string[]> = {};
  const notReady: Record<string, 'tentative' | 'dadfailed'> = {};
  for (const entry of read(addressSchema, parsed.addr, 'addr')) {
    addresses[entry.ifname] = entry.addr_info.map((a) => `${a.local}/${a.prefixlen}`);
    for (const a of entry.addr_info) {
      if (a.dadfailed || a.tentative) notReady[`${a.local}/${a.prefixlen}`] = a.dadfailed ? 'dadfailed' : 'tentative';
    }
  }
  return {
    exists: true,
    links: read(linkSchema, parsed.link, 'link'),
    addresses,
    ...(Object.keys(notReady).length ? { notReady } : {}),
    routes: read(routeSchema, parsed.route, 'route'),
    rules: read(ruleSchema, parsed.rule, 'rule'),
    neighbours: read(neighbourSchema, parsed.neigh, 'neigh'),
  };
}

export type Family = 'inet' | 'inet6';

/** The family of an address or prefix ("2001:db8::1", "fe80::/64", "10.0.0.1/24"). */
export const familyOf = (address: string): Family => (address.includes(':') ? 'inet6' : 'inet');

/**
 * The family of a route. Its destination tells, unless it is "default": then its gateway does,
 * and a default route with no gateway (`default dev eth0`) is IPv6 when it carries the router
 * preference (`pref`) that the kernel reports on IPv6 routes only.
 */
export function routeFamily(route: Route): Family {
  if (route.dst !== 'default') return familyOf(route.dst);
  if (route.gateway) return familyOf(route.gateway);
  return 'pref' in route ? 'inet6' : 'inet';
}

/** A namespace's routes of one family, from every table read. */
export const routesOf = (ns: NamespaceState | undefined, family: Family): Route[] => (ns?.routes ?? []).filter((r) => routeFamily(r) === family);

/** A namespace's neighbours of one family: ARP entries ('inet') or neighbour-discovery ones ('inet6'). */
export const neighboursOf = (ns: NamespaceState | undefined, family: Family): Neighbour[] =>
  (ns?.neighbours ?? []).filter((n) => familyOf(n.dst) === family);

/** A namespace's addresses of one family ("2001:db8:1::1/64"), by interface name. */
export function addressesOf(ns: NamespaceState | undefined, family: Family): Record<string, string[]> {
  const found: Record<string, string[]> = {};
  for (const [ifname, list] of Object.entries(ns?.addresses ?? {})) {
    const matching = list.filter((a) => familyOf(a) === family);
    if (matching.length) found[ifname] = matching;
  }
  return found;
}

/** Convenience readers for graders. */
export const isUp = (link: Link | undefined) => !!link && link.flags.includes('UP');
export const findLink = (ns: NamespaceState | undefined, name: string) => ns?.links.find((l) => l.ifname === name);
