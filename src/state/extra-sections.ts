/**
 * The state beyond iproute2's tables, read per namespace when a grader asks for it:
 * bridge ports, FDB and VLANs; the nftables ruleset and both iptables rule sets; conntrack
 * entries; listening sockets; qdiscs. Each has a shell command (run inside the namespace) and
 * a pure parser over its raw output.
 */
import { StateParseError } from './errors.ts';

export const EXTRA_SECTIONS = ['bridge', 'nft', 'iptables', 'iptables-legacy', 'conntrack', 'sockets', 'qdiscs'] as const;
export type ExtraSection = (typeof EXTRA_SECTIONS)[number];

/** The command for a section, run by the collection script with `ns_run "$ns"` (see collect.ts). */
export const EXTRA_COMMANDS: Record<ExtraSection, string> = {
  bridge: `printf 'link show\\nfdb show\\nvlan show\\n' | ns_run "$ns" bridge -j -batch - 2>&1`,
  nft: 'ns_run "$ns" nft -j list ruleset 2>&1',
  iptables: 'ns_run "$ns" iptables-save 2>&1',
  'iptables-legacy': 'ns_run "$ns" iptables-legacy-save 2>&1',
  conntrack: 'ns_run "$ns" cat /proc/net/nf_conntrack 2>&1',
  sockets: 'ns_run "$ns" ss -tulnH 2>&1',
  qdiscs: 'ns_run "$ns" tc -j qdisc show 2>&1',
};

export interface IptablesRule {
  table: string;
  chain: string;
  /** The rule as iptables-save prints it after "-A CHAIN", e.g. "-s 172.17.0.0/16 -o eth0 -j MASQUERADE". */
  rule: string;
}

export interface Socket {
  protocol: string;
  state: string;
  local: string;
  port: number;
}

export interface ConntrackEntry {
  protocol: string;
  /** key=value fields in order; the original direction's src/dst first, then the reply's. */
  fields: Array<[string, string]>;
  text: string;
}

export interface ExtraState {
  bridge?: { links: unknown[]; fdb: unknown[]; vlans: unknown[] };
  nft?: unknown[];
  iptables?: IptablesRule[];
  iptablesLegacy?: IptablesRule[];
  conntrack?: ConntrackEntry[];
  sockets?: Socket[];
  qdiscs?: unknown[];
}

function json(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new StateParseError(`${what} output is not JSON: ${text.slice(0, 120)}`);
  }
}

export function parseIptablesSave(text: string, what: string): IptablesRule[] {
  const rules: IptablesRule[] = [];
  let table = '';
  for (const line of text.split('\n')) {
    if (line.startsWith('*')) table = line.slice(1).trim();
    else if (line.startsWith('-A ')) {
      const [, chain, ...rest] = line.split(' ');
      if (!table) throw new StateParseError(`${what} output has a rule outside any table`);
      rules.push({ table, chain: chain!, rule: rest.join(' ') });
    } else if (line.trim() && !/^(#|:|COMMIT)/.test(line)) {
      throw new StateParseError(`${what} output has an unexpected line: ${line.slice(0, 120)}`);
    }
  }
  return rules;
}

export function parseConntrack(text: string): ConntrackEntry[] {
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((line) => {
      const words = line.trim().split(/\s+/);
      return {
        protocol: words[2] ?? '',
        fields: words.filter((w) => w.includes('=')).map((w) => w.split('=', 2) as [string, string]),
        text: line.trim(),
      };
    });
}

export function parseSockets(text: string): Socket[] {
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((line) => {
      const [protocol, state, , , local] = line.trim().split(/\s+/);
      const match = /^(.*):(\d+|\*)$/.exec(local ?? '');
      if (!protocol || !state || !match) throw new StateParseError(`ss output has an unexpected line: ${line.slice(0, 120)}`);
      return { protocol, state, local: match[1]!, port: match[2] === '*' ? 0 : Number(match[2]) };
    });
}

export function parseExtraSection(section: ExtraSection, body: string, where: string, into: ExtraState): void {
  const text = body.trim();
  switch (section) {
    case 'bridge': {
      const lines = text.split('\n').filter((l) => l.startsWith('['));
      if (lines.length !== 3) throw new StateParseError(`bridge output for ${where} has ${lines.length} of 3 parts`);
      const [links, fdb, vlans] = lines.map((l) => json(l, `bridge (${where})`) as unknown[]);
      into.bridge = { links: links!, fdb: fdb!, vlans: vlans! };
      break;
    }
    case 'nft': {
      const parsed = json(text || '{"nftables":[]}', `nft (${where})`) as { nftables?: unknown[] };
      if (!Array.isArray(parsed.nftables)) throw new StateParseError(`nft output for ${where} has no "nftables" list`);
      into.nft = parsed.nftables;
      break;
    }
    case 'iptables':
      into.iptables = parseIptablesSave(text, `iptables-save (${where})`);
      break;
    case 'iptables-legacy':
      into.iptablesLegacy = parseIptablesSave(text, `iptables-legacy-save (${where})`);
      break;
    case 'conntrack':
      into.conntrack = parseConntrack(text);
      break;
    case 'sockets':
      into.sockets = parseSockets(text);
      break;
    case 'qdiscs':
      into.qdiscs = json(text, `tc (${where})`) as unknown[];
      break;
  }
}
