/**
 * Parsers for iproute2's JSON (`ip -j -d -batch -` with link, addr, route, rule and neigh),
 * validated with zod so output that is not what iproute2 prints is an error, never a pass.
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
  addr_info: z.array(z.looseObject({ family: z.string(), local: z.string(), prefixlen: z.number() })),
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
  routes: Route[];
  rules: Rule[];
  neighbours: Neighbour[];
}


export const IP_SECTIONS = ['link', 'addr', 'route', 'rule', 'neigh'] as const;
export type IpSection = (typeof IP_SECTIONS)[number];

const MISSING_NAMESPACE = /Cannot open network namespace|No such file or directory/;

/** Parses one namespace's batch output: one JSON array per line, for each section asked for, in order. */
export function parseIpBatch(output: string, where: string, sections: readonly IpSection[] = IP_SECTIONS): NamespaceState {
  const empty: NamespaceState = { exists: false, links: [], addresses: {}, routes: [], rules: [], neighbours: [] };
  if (MISSING_NAMESPACE.test(output) && !output.trimStart().startsWith('[')) return empty;
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
  for (const entry of read(addressSchema, parsed.addr, 'addr')) {
    addresses[entry.ifname] = entry.addr_info.map((a) => `${a.local}/${a.prefixlen}`);
  }
  return {
    exists: true,
    links: read(linkSchema, parsed.link, 'link'),
    addresses,
    routes: read(routeSchema, parsed.route, 'route'),
    rules: read(ruleSchema, parsed.rule, 'rule'),
    neighbours: read(neighbourSchema, parsed.neigh, 'neigh'),
  };
}

/** Convenience readers for graders. */
export const isUp = (link: Link | undefined) => !!link && link.flags.includes('UP');
export const findLink = (ns: NamespaceState | undefined, name: string) => ns?.links.find((l) => l.ifname === name);
