/**
 * Does a lesson's example output block show what the guest really printed? Pure, so the rule
 * is unit-tested and the integration test only supplies the guest's output.
 *
 * The rule (content/README.md says it to authors):
 * - Line by line, in order. Spacing is not compared: runs of blanks count as one, and leading
 *   and trailing blanks and blank lines at the end are ignored (column widths follow the values).
 * - A line `...` stands for any number of lines left out, none included. Without it the block
 *   is the whole output.
 * - The values in VARYING change from run to run and match any value of their kind. A MAC
 *   address or an ephemeral port is matched consistently: the same one twice in the block must
 *   be the same one twice in the output, and two different ones must differ.
 * Everything else is exact, so a block that shows a line, a value or a number the guest does not
 * print fails.
 */

export interface Varying {
  /** What it is, for the README and messages. */
  name: string;
  /** Finds it in a block line, with the context that says what it is. */
  find: RegExp;
  /** What it may be in the output, in the same place. */
  value: RegExp;
  /** Same text in the block means same value in the output. */
  consistent?: boolean;
}

const MAC = /[0-9a-f]{2}(?::[0-9a-f]{2}){5}/;
const NUMBER = /\d+/;
const PORT = /(?:3[2-9]\d{3}|[45]\d{4}|6[0-5]\d{3})/;

export const VARYING: readonly Varying[] = [
  // Locally administered unicast, what veth, bridge and bond devices get at random; not 52:54:00, which the emulator fixes.
  { name: 'random MAC address', find: /\b(?!52:54:00)[0-9a-f][26ae](?::[0-9a-f]{2}){5}\b/, value: MAC, consistent: true },
  // An IPv6 link-local address made from such a MAC (EUI-64); fe80::5054:ff:fe.. comes from the emulator's fixed MACs.
  { name: 'link-local address from a random MAC', find: /\bfe80::(?!5054:ff:fe)[0-9a-f:]+(?=\/64\b)/, value: /fe80::[0-9a-f:]+/, consistent: true },
  { name: 'solicited-node multicast MAC (from a random MAC)', find: /\b33:33:ff(?::[0-9a-f]{2}){3}\b/, value: MAC },
  { name: 'ephemeral port', find: /(?<=port=|\.\d{1,3}\.|:)(?:3[2-9]\d{3}|[45]\d{4}|6[0-5]\d{3})\b/, value: PORT, consistent: true },
  { name: 'round-trip time', find: /(?<=time[= ])\d+(?:\.\d+)?(?= ?ms\b)|(?<=\s)\d+\.\d{3}(?=ms\b)/, value: /\d+(?:\.\d+)?/ },
  { name: 'round-trip summary', find: /(?<=mdev = )[\d./]+(?= ms\b)/, value: /[\d./]+/ },
  // Which of these a neighbour shows depends on the seconds since it last confirmed; INCOMPLETE, FAILED and PERMANENT stay exact.
  { name: 'neighbour state that ages', find: /(?<=lladdr \S+ )(?:REACHABLE|STALE|DELAY|PROBE)\b/, value: /REACHABLE|STALE|DELAY|PROBE/ },
  { name: 'TCP sequence number and timestamps (tcpdump)', find: /(?<=Flags \[[^\]]*\], seq )\d+|(?<=TS val )\d+/, value: NUMBER },
  // "P" (to another host's MAC) or "In" (to the port's own) on a bridge port depends on which random MAC the bridge borrowed.
  { name: 'packet type In or P (tcpdump -i any)', find: /(?<=^\d\d:\d\d:\d\d\.\d{6} \S+ )(?:In|P)(?= IP)/, value: /In|P/ },
  { name: 'number of conntrack entries shown', find: /(?<=conntrack-tools\): )\d+(?= flow entr)/, value: NUMBER },
  // A capture that stops after -c packets may have seen one more by then.
  { name: 'packets tcpdump\'s filter received', find: /^\d+ packets?(?= received by filter$)/, value: /\d+ packets?/ },
  { name: 'clock time (tcpdump)', find: /^\d\d:\d\d:\d\d\.\d{6}\b/, value: /\d\d:\d\d:\d\d\.\d{6}/ },
  { name: 'process id, inode, socket cookie', find: /(?<=pid=|ino:)\d+|(?<=sk:)[0-9a-f]+/, value: /[0-9a-f]+/ },
  { name: 'ICMP id', find: /(?<=\bid[= ])\d+/, value: NUMBER },
  // tcpdump starts while a ping in the background runs, so which echo it sees first depends on timing.
  { name: 'ICMP sequence seen by tcpdump', find: /(?<=ICMP echo (?:request|reply), id \d+, seq )\d+/, value: NUMBER },
  { name: 'conntrack timeout', find: /(?<=^(?:tcp|udp|icmp) \d+ )\d+/, value: NUMBER },
  { name: 'fdb entry age', find: /(?<=\bused )\d+\/\d+/, value: /\d+\/\d+/ },
  { name: 'nft trace id (one per traced packet)', find: /(?<=^trace id )[0-9a-f]{8}\b/, value: /[0-9a-f]{8}/, consistent: true },
  { name: 'kernel patch level', find: /(?<=\bv?6\.1\.)\d+/, value: NUMBER },
  // The kernel scales TCP's largest buffer to the memory free at boot, which moves with the image's build (its kernel, its packages).
  { name: 'TCP buffer maximum (scaled to the memory at boot)', find: /(?<=^net\.ipv4\.tcp_[rw]mem = \d+\s+\d+\s+)\d+$/, value: NUMBER },
];

/** Values a block marks as varying on its fence, ```text pid, for output with no context to recognise them by. */
export const MARKED: Readonly<Record<string, Varying>> = {
  pid: { name: 'process id at the start of a line (```text pid)', find: /^\d+\b/, value: NUMBER },
  // The bytes and packets columns of ip -s link, which background ARP and IPv6 traffic changes (errors and drops stay
  // exact), and nft's counters, which TCP's acknowledgements change.
  counters: {
    name: 'bytes and packets of ip -s, nft or tc -s, and tc -s overlimits (```text counters)',
    // tc's overlimits too: how often a packet waited for tokens depends on when the guest ran.
    find: /^\d+ \d+(?= \d+ \d+ \d+ \d+$)|(?<=counter packets )\d+ bytes \d+|(?<=^Sent )\d+ bytes \d+(?= pkt\b)|(?<=\boverlimits )\d+(?= requeues\b)/,
    value: /\d+(?:(?: bytes)? \d+)?/,
  },
};

const ELISION = '...';
const squeeze = (line: string) => line.replace(/\s+/g, ' ').trim();
const lines = (text: string) => {
  const all = text.split('\n').map(squeeze);
  while (all.length > 0 && all.at(-1) === '') all.pop();
  return all;
};
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface Field { start: number; end: number; kind: Varying }

/** The varying values in a line, left to right, without overlaps. */
function fields(line: string, kinds: readonly Varying[]): Field[] {
  const found: Field[] = [];
  for (const kind of kinds) {
    for (const m of line.matchAll(new RegExp(kind.find.source, `${kind.find.flags.replace('g', '')}g`))) {
      found.push({ start: m.index, end: m.index + m[0].length, kind });
    }
  }
  found.sort((a, b) => a.start - b.start);
  return found.filter((f, i) => i === 0 || f.start >= found[i - 1]!.end);
}

type Bindings = ReadonlyMap<string, string>;

/** Matches one block line against one output line; returns the bindings extended, or null. */
function matchLine(expected: string, actual: string, bound: Bindings, kinds: readonly Varying[]): Bindings | null {
  const found = fields(expected, kinds);
  let source = '^';
  let at = 0;
  for (const f of found) {
    source += `${escape(expected.slice(at, f.start))}(${f.kind.value.source})`;
    at = f.end;
  }
  source += `${escape(expected.slice(at))}$`;
  const m = new RegExp(source).exec(actual);
  if (!m) return null;
  const next = new Map(bound);
  for (const [i, f] of found.entries()) {
    if (!f.kind.consistent) continue;
    const key = `${f.kind.name}:${expected.slice(f.start, f.end)}`;
    const value = m[i + 1]!;
    const same = next.get(key);
    if (same !== undefined ? same !== value : [...next.entries()].some(([k, v]) => v === value && k.startsWith(`${f.kind.name}:`))) return null;
    next.set(key, value);
  }
  return next;
}

export interface OutputMismatch {
  /** The first block line that matched nothing where it stands, or null when output is left over. */
  line: string | null;
  /** 1-based position of that line in the block. */
  at: number;
}

function unknownMark(mark: string): never {
  throw new Error(`\`\`\`text ${mark}: no such mark; the marks are ${Object.keys(MARKED).join(', ')}`);
}

/** Null when the block shows what the output says (by the rule above), else where it stops agreeing. */
export function compareOutput(block: string, output: string, marks: readonly string[] = []): OutputMismatch | null {
  const kinds = [...VARYING, ...marks.map((mark) => MARKED[mark] ?? unknownMark(mark))];
  const want = lines(block);
  const got = lines(output);
  let furthest = 0;
  const go = (w: number, g: number, bound: Bindings): boolean => {
    furthest = Math.max(furthest, w);
    if (w === want.length) return g === got.length;
    if (want[w] === ELISION) {
      for (let skip = g; skip <= got.length; skip++) if (go(w + 1, skip, bound)) return true;
      return false;
    }
    if (g === got.length) return false;
    const next = matchLine(want[w]!, got[g]!, bound, kinds);
    return next !== null && go(w + 1, g + 1, next);
  };
  if (go(0, 0, new Map())) return null;
  return furthest < want.length ? { line: want[furthest]!, at: furthest + 1 } : { line: null, at: want.length };
}
