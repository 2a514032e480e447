/**
 * State collection: one shell script, run by the agent in a single round trip, that prints
 * every section a grader asked for, each after a marker line "\x1e<section>". Building the
 * script and parsing its output are pure, so recorded output can be replayed in tests.
 */
import { StateParseError } from './errors.ts';
import { EXTRA_COMMANDS, parseExtraSection, type ExtraSection, type ExtraState } from './extra-sections.ts';
import { IP_SECTIONS, parseIpBatch, type IpSection, type NamespaceState } from './parse-ip.ts';

export { StateParseError };

export interface Probe {
  /** Names the probe in the state, e.g. "red->10.0.0.1". */
  id: string;
  /**
   * ping, TCP connect or HTTP fetch to `target`; or `command`: a shell command the grader
   * supplies (e.g. take a link down, ping, bring it back), passing when it exits 0.
   */
  kind: 'ping' | 'tcp' | 'http' | 'command';
  /** Where it runs from: '' for the host, a learner namespace, or a hidden one (e.g. "server"). */
  from: string;
  /** An address (or, for `command`, the shell command to run). */
  target: string;
  port?: number;
  path?: string;
  /**
   * Runs at the same time as the request's other probes marked so, all of them before the probes
   * not marked, which run one after another: a failing Check then waits once for the longest
   * timeout, not for the sum of them. Only for probes that change nothing another probe reads
   * (a ping, a connection, a fetch), never for one that counts packets or takes a link down.
   */
  alongside?: boolean;
}

export interface StateRequest {
  /** Namespaces to read in full; '' is the host. Omit to read the host and every learner namespace. */
  namespaces?: string[];
  /** Which iproute2 tables to read in each namespace (default: all). Fewer is faster. */
  ip?: IpSection[];
  /** Bridge tables, firewall rule sets, conntrack, sockets or qdiscs, read in each namespace read. */
  extra?: ExtraSection[];
  /** Ask iproute2 for link details (kind, VLAN id, master...); default true. Costs time. */
  details?: boolean;
  /** Sysctl keys (e.g. net.ipv4.ip_forward) to read in each namespace read. */
  sysctls?: string[];
  probes?: Probe[];
  /** Read the remote server's request log (who came from where). */
  serverLog?: boolean;
  /** Look whether the learner's shell is running a command (default true). It reads every process, so views that do not grade skip it. */
  terminal?: boolean;
  /**
   * Wait first (12 rounds of 0.25 s at most) until no IPv6 address in the namespaces read is tentative any more:
   * a fresh address is unusable until duplicate address detection clears it, a second or two
   * after its link comes up. For graders of IPv6 tasks; costs one iproute2 call per namespace when nothing is pending.
   */
  settleIpv6?: boolean;
}

export interface ProbeResult {
  ok: boolean;
  exitCode: number;
  output: string;
}

/** The learner's shell on the serial console: is a command still running in the foreground? */
export interface TerminalState {
  busy: boolean;
  /** The running command line, when busy. */
  command?: string;
  /** Lines were typed that the shell had not read yet when the collection began (typed while a command ran). */
  typedAhead?: boolean;
}

export interface CollectedState {
  /** Learner namespaces, as `ip netns list` shows them. */
  netns: string[];
  namespaces: Record<string, NamespaceState & ExtraState>;
  sysctls: Record<string, Record<string, string>>;
  probes: Record<string, ProbeResult>;
  serverLog: Array<{ source: string; path: string }>;
  /** Missing when the learner's shell was not found (e.g. it is restarting). */
  terminal?: TerminalState;
  /** With settleIpv6: the namespaces ('' the host) whose IPv6 addresses were still tentative when the wait ran out. */
  ipv6Unsettled?: string[];
}

const MARK = '\x1e';
/** Ends a probe's output with its exit code; distinct from MARK so it never starts a section. */
const EXIT_MARK = '\x1f';
const IP_COMMANDS: Record<IpSection, string> = {
  link: 'link show',
  addr: 'addr show',
  route: 'route show table all',
  rule: 'rule show',
  neigh: 'neigh show',
};
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** `ns_run NS CMD...` runs CMD in namespace NS: '' is the host, a learner namespace, or a hidden one. */
const NS_RUN_FUNCTION =
  'ns_run() { _ns=$1; shift; if [ -z "$_ns" ]; then "$@"; return; fi; _file=/run/netns/$_ns; ' +
  '[ -e "$_file" ] || _file=/run/stacklab/netns/$_ns; nsenter --net="$_file" "$@"; }';

const inNamespace = (ns: string, command: string) => `ns_run ${quote(ns)} ${command}`;

/** ttyS0's device number as /proc/<pid>/stat reports it (major 4, minor 64). */
const TTY_S0 = 4 * 256 + 64;
/** Where the collection remembers the learner shell's pid between checks. */
const SHELL_PID_FILE = '/run/stacklab/learner-shell.pid';
/** Where the agent writes how many bytes typed in the terminal are still unread, as a command that reads this file starts (image/agent). */
const UNREAD_INPUT_FILE = '/run/stacklab/terminal-unread';
/**
 * Finds the learner's shell (the session leader on ttyS0) with shell builtins and prints
 * "shell <pid> fg <foreground process group>", then the foreground command line when a
 * command is still running there. The pid found is remembered, so later checks read one
 * /proc file instead of scanning every process.
 *
 * A foreground group with no live process left counts as the shell's: its command has ended
 * and the shell has not yet taken the terminal back (a busy guest runs it late), or has not
 * reaped it. A group whose first process has ended (`a | b` with `a` done) is still running
 * while another of its processes is, and that one's command line is shown.
 *
 * "unread <n>": bytes typed in the terminal that the shell had not read when the collection
 * began (lines typed while a command ran), as the agent counted them; 0 from an agent that
 * does not count them.
 */
const TERMINAL_PROBE = [
  `shell_stat() { read -r l < "/proc/$1/stat" 2>/dev/null || return 1; set -- $1 \${l##*) }; [ "$6" = ${TTY_S0} ] && [ "$5" = "$1" ] && fg=$7; }`,
  `fg_live() { g=$1; read -r l < "/proc/$g/stat" 2>/dev/null && { set -- \${l##*) }; [ "$1" != Z ] && { fp=$g; return 0; }; }; for f in /proc/[0-9]*/stat; do read -r l < "$f" 2>/dev/null || continue; set -- \${l##*) }; [ "$3" = "$g" ] && [ "$1" != Z ] && { fp=\${f#/proc/}; fp=\${fp%/stat}; return 0; }; done; return 1; }`,
  `fg=; read -r sp < ${SHELL_PID_FILE} 2>/dev/null; shell_stat "$sp" || { sp=; for f in /proc/[0-9]*/stat; do p=\${f#/proc/}; p=\${p%/stat}; shell_stat "$p" && { sp=$p; echo "$p" > ${SHELL_PID_FILE}; break; }; done; }`,
  `if [ -n "$sp" ]; then [ "$fg" != "$sp" ] && ! fg_live "$fg" && fg=$sp; tu=0; read -r tu < ${UNREAD_INPUT_FILE} 2>/dev/null; echo "shell $sp fg $fg unread \${tu:-0}"; [ "$fg" != "$sp" ] && tr '\\0' ' ' < /proc/$fp/cmdline 2>/dev/null; echo; fi`,
].join('\n');

/** Where probes run alongside each other leave their output until all have ended (a tmpfs), numbered. */
const PROBE_FILE = '/run/stacklab/probe-output';

/** A probe's section: its marker, its output, and its exit code after EXIT_MARK. */
const probeSection = (probe: Probe) => `m ${quote(`probe:${probe.id}`)}; ${probeCommand(probe)} 2>&1; echo "${EXIT_MARK}exit=$?"`;

function probeCommand(probe: Probe): string {
  const t = quote(probe.target);
  const port = probe.port ?? 80;
  switch (probe.kind) {
    // 2 s: longer than the 1 s after which ARP and TCP first send again a packet lost (most
    // likely while a link that just came up settles): 1 s failed the proof (README, "Two seconds, not one").
    case 'ping':
      return inNamespace(probe.from, `ping -c1 -W2 ${t}`);
    case 'tcp':
      return inNamespace(probe.from, `nc -z -w2 ${t} ${port}`);
    case 'http': {
      // The connection first, as the tcp probe makes it: a path that drops the handshake fails in
      // 2 s, where wget alone (Debian's busybox wget, built without -T, has no timeout) waits out its 5 s.
      const fetch = inNamespace(probe.from, `timeout 5 wget -q -O - ${quote(`http://${probe.target}:${port}${probe.path ?? '/'}`)}`);
      return `{ ${probeCommand({ ...probe, kind: 'tcp' })} && ${fetch}; }`;
    }
    case 'command':
      return inNamespace(probe.from, `sh -c ${quote(probe.target)}`);
  }
}

/**
 * Waits until `ip -6 addr show tentative -dadfailed` prints nothing in any namespace named
 * (failed addresses never clear, so they do not count), 12 rounds of 0.25 s at most (DAD takes up
 * to 2 s after a link comes up; the rounds are counted, not timed, so a slow guest waits longer), and prints
 * the namespaces still pending when it gives up ('.' for the host).
 */
const SETTLE_IPV6_FUNCTION =
  'settle_ipv6() { _i=0; while :; do _busy=; for _n in "$@"; do [ -z "$(ns_run "$_n" ip -6 addr show tentative -dadfailed 2>/dev/null)" ] || _busy="$_busy ${_n:-.}"; done; ' +
  '[ -z "$_busy" ] && return; [ $_i -ge 12 ] && { echo "$_busy"; return; }; sleep 0.25; _i=$((_i+1)); done; }';

const emptyNamespace = (): NamespaceState => ({ exists: true, links: [], addresses: {}, routes: [], rules: [], neighbours: [] });

const sectionsOf = (request: StateRequest): IpSection[] => IP_SECTIONS.filter((s) => !request.ip || request.ip.includes(s));

export interface CollectionOptions {
  /**
   * For warming up only: a namespace read in place of each requested one that does not exist
   * (yet), so the guest runs the code a Check will run once the learner has made it. A path
   * relative to /run/netns, which `ip -n` and ns_run both accept (e.g. "../stacklab/netns/isp").
   */
  standIn?: string;
}

/** The script that prints every requested section. */
export function buildCollectionScript(request: StateRequest, options: CollectionOptions = {}): string {
  // Shell builtins only, where possible: every process the guest starts costs tens of milliseconds.
  const lines = [
    `m() { printf '\\n${MARK}%s\\n' "$1"; }`,
    'learner_ns() { for f in /run/netns/*; do [ -e "$f" ] && echo "${f##*/}"; done; }',
    NS_RUN_FUNCTION,
    'm netns; learner_ns',
  ];
  const namespaces = request.namespaces;
  const nsList = namespaces ? namespaces.map(quote).join(' ') : `"" $(learner_ns)`;
  // One iproute2 process per namespace reads every table from a here-document: the shell
  // writes a short one straight into a pipe, without starting another process.
  const ip = request.details === false ? 'ip -j' : 'ip -j -d';
  lines.push(`ip_tables() { ${ip} "$@" -batch - 2>&1 <<'TABLES'`, ...sectionsOf(request).map((section) => IP_COMMANDS[section]), 'TABLES', '}');
  if (request.settleIpv6) lines.push(SETTLE_IPV6_FUNCTION, `m ipv6-settle; settle_ipv6 ${nsList}`);
  lines.push(`for ns in ${nsList}; do`);
  if (options.standIn) {
    lines.push(`  [ -z "$ns" ] || [ -e "/run/netns/$ns" ] || [ -e "/run/stacklab/netns/$ns" ] || ns=${quote(options.standIn)}`);
  }
  lines.push(`  m "ip:$ns"; if [ -z "$ns" ]; then ip_tables; else ip_tables -n "$ns"; fi`);
  if (request.extra?.length) {
    for (const section of request.extra) lines.push(`  m "${section}:$ns"; ${EXTRA_COMMANDS[section]}`);
  }
  if (request.sysctls?.length) {
    const keys = request.sysctls.map((k) => `/proc/sys/${k.replace(/\./g, '/')}`).join(' ');
    // One process for every key: grep names each file before its value, and says which are missing.
    // (The shell's own read would save it, but dash reads a byte at a time, and /proc/sys answers only the first.)
    lines.push(`  m "sysctl:$ns"; ns_run "$ns" grep -H '' ${keys} 2>&1`);
  }
  lines.push('done');
  const probes = request.probes ?? [];
  const alongside = probes.filter((p) => p.alongside);
  if (alongside.length > 0) {
    // Each writes its section to a file of its own (the same names every time: collections run one
    // at a time); once all have ended, the shell prints them in order, with no process of its own.
    alongside.forEach((probe, i) => lines.push(`{ ${probeSection(probe)}; } > ${PROBE_FILE}.${i} 2>&1 &`));
    lines.push('wait');
    alongside.forEach((_, i) => lines.push(`while IFS= read -r l || [ -n "$l" ]; do printf '%s\\n' "$l"; done < ${PROBE_FILE}.${i}`));
  }
  for (const probe of probes.filter((p) => !p.alongside)) lines.push(probeSection(probe));
  if (request.serverLog) lines.push('m serverlog; cat /run/stacklab/world/server-requests.log 2>/dev/null');
  // Last, once everything else is read: a command that ended meanwhile is in the report whole.
  if (request.terminal !== false) lines.push(`m terminal; ${TERMINAL_PROBE}`);
  lines.push('m end');
  return lines.join('\n');
}

/**
 * A sysctl section: "/proc/sys/<key>:<value>" per line as grep -H prints it ("=" in older
 * recordings), and a missing key as grep's "No such file" complaint, read as an empty value.
 * A value of several lines keeps its first.
 */
function parseSysctls(body: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of body.split('\n')) {
    const match = /^\/proc\/sys\/([^:=]+)[:=](.*)$/.exec(line) ?? /^grep: \/proc\/sys\/(\S+): No such file or directory()$/.exec(line);
    const key = match?.[1]!.replace(/\//g, '.');
    if (key !== undefined && !(key in values)) values[key] = match![2]!;
  }
  return values;
}

/** Splits the script's output into its sections; refuses output that did not finish. */
export function splitSections(output: string): Map<string, string> {
  const sections = new Map<string, string>();
  const parts = output.split(`\n${MARK}`);
  for (const part of parts.slice(1)) {
    const newline = part.indexOf('\n');
    const name = newline === -1 ? part : part.slice(0, newline);
    sections.set(name, newline === -1 ? '' : part.slice(newline + 1));
  }
  if (!sections.has('end')) throw new StateParseError('the state output is truncated (its end marker is missing)');
  return sections;
}

function parseTerminal(body: string): TerminalState | undefined {
  const shell = /^shell (\d+) fg (-?\d+)(?: unread (\d+))?\n?([^\n]*)/.exec(body);
  if (!shell) return undefined;
  const terminal: TerminalState = shell[1] === shell[2] ? { busy: false } : { busy: true, command: shell[4]!.trim() || undefined };
  if (Number(shell[3] ?? 0) > 0) terminal.typedAhead = true;
  return terminal;
}

/**
 * The learner's terminal alone, from output whose state could not be read: a namespace that a
 * command in the terminal was still making is one reason, and the report should name it.
 */
export function terminalOf(output: string): TerminalState | undefined {
  try {
    const body = splitSections(output).get('terminal');
    return body === undefined ? undefined : parseTerminal(body);
  } catch {
    return undefined;
  }
}

export function parseCollectedState(output: string, request: StateRequest): CollectedState {
  const sections = splitSections(output);
  const netns = (sections.get('netns') ?? '').split('\n').map((s) => s.trim()).filter(Boolean);
  const state: CollectedState = { netns, namespaces: {}, sysctls: {}, probes: {}, serverLog: [] };
  for (const [name, body] of sections) {
    if (name.startsWith('ip:')) {
      const ns = name.slice(3);
      state.namespaces[ns] = Object.assign(state.namespaces[ns] ?? {}, parseIpBatch(body, ns === '' ? 'the host' : `namespace ${ns}`, sectionsOf(request)));
    } else if (request.extra?.some((x) => name.startsWith(`${x}:`))) {
      const section = request.extra.find((x) => name.startsWith(`${x}:`))!;
      const ns = name.slice(section.length + 1);
      // A namespace that does not exist has no rule sets or sockets to read: its checks fail on
      // "exists", not on the error message that stands where the tool's output would be.
      if (state.namespaces[ns]?.exists === false) continue;
      parseExtraSection(section, body, ns === '' ? 'the host' : `namespace ${ns}`, (state.namespaces[ns] ??= emptyNamespace()));
    } else if (name.startsWith('sysctl:')) {
      state.sysctls[name.slice(7)] = parseSysctls(body);
    } else if (name.startsWith('probe:')) {
      const exit = new RegExp(`${EXIT_MARK}exit=(\\d+)\\s*$`).exec(body);
      if (!exit) throw new StateParseError(`probe ${name.slice(6)} did not finish`);
      const code = Number(exit[1]);
      state.probes[name.slice(6)] = { ok: code === 0, exitCode: code, output: body.slice(0, exit.index).trim() };
    } else if (name === 'terminal') {
      state.terminal = parseTerminal(body);
    } else if (name === 'ipv6-settle') {
      const pending = body.trim().split(/\s+/).filter(Boolean).map((n) => (n === '.' ? '' : n));
      if (pending.length) state.ipv6Unsettled = pending;
    } else if (name === 'serverlog') {
      state.serverLog = body
        .split('\n')
        .map((line) => line.split(' '))
        .filter((f) => f.length >= 5)
        .map((f) => ({ source: f[1]!, path: f[4]! }));
    }
  }
  for (const probe of request.probes ?? []) {
    if (!state.probes[probe.id]) throw new StateParseError(`probe ${probe.id} is missing from the state output`);
  }
  for (const ns of request.namespaces ?? []) {
    if (!state.namespaces[ns]) throw new StateParseError(`namespace '${ns}' is missing from the state output`);
  }
  return state;
}
