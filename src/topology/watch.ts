/**
 * Keeping the topology current at little cost to the guest.
 *
 * Reading links, addresses and routes costs one iproute2 process per namespace (about
 * 100 ms each in the emulator), far too much to repeat every half second. So a refresh first
 * runs a cheap check, shell builtins only, and collects the full state only when it says
 * something changed:
 *
 * - A watcher, `ip monitor all-nsid link address route`, runs in the background of the guest
 *   and appends a line to a file for every link, address or route change in the host and in
 *   every namespace the host has an nsid for. The full collection starts it when it is not
 *   running (after a reset, a restore, or on first use) and gives each learner namespace an
 *   nsid (`ip netns set NAME auto`, what the kernel does anyway once a veth joins it), so
 *   changes inside namespaces wired only to each other are seen too.
 * - The check reports whether the watcher runs, whether its file has grown, and the names in
 *   /run/netns (namespaces come and go without a netlink event).
 * - The collection truncates the file before it reads, so a change made while it reads shows
 *   up in the next check. When only the inside of known namespaces changed, it skips the nsids.
 *
 * @example
 * const feed = new TopologyFeed((command, timeoutMs) => machine.exec(command, { timeoutMs }));
 * const result = await feed.refresh(); // { changed: true, state, ... } the first time
 */
import { buildCollectionScript, parseCollectedState, splitSections, type CollectedState } from '../state/collect.ts';
import { TOPOLOGY_REQUEST, type TopologyOptions } from './model.ts';

export const WATCH_DIR = '/run/stacklab/topology';
/** Starts the section with the host's nsids; the collection's own sections follow it. */
const NSIDS_MARK = '\\036topology-nsids';

/** Reads the watcher's pid and name into $p and $c (empty when there is none). */
const READ_WATCHER = `d=${WATCH_DIR}; p=; c=; [ -r $d/pid ] && read -r p < $d/pid; [ -n "$p" ] && [ -r /proc/$p/comm ] && read -r c < /proc/$p/comm`;

/** The cheap check: builtins only, no process started. Prints one line, see parseFingerprint. */
export const FINGERPRINT_SCRIPT = [
  READ_WATCHER,
  'w=down; [ "$c" = ip ] && [ -e $d/events ] && w=up',
  'e=0; [ -s $d/events ] && e=1',
  `printf 'watch=%s events=%s ns=' $w $e`,
  `for f in /run/netns/*; do [ -e "$f" ] && printf '%s ' "\${f##*/}"; done`,
  'echo',
].join('\n');

/** Starts the watcher unless it runs, and empties its change file. */
const WATCHER_SCRIPT = [
  `[ -d ${WATCH_DIR} ] || mkdir -p ${WATCH_DIR}`,
  READ_WATCHER,
  'if [ "$c" != ip ] || [ ! -e $d/events ]; then',
  '  [ "$c" = ip ] && kill "$p" 2>/dev/null',
  '  : > $d/events',
  '  ip -o monitor all-nsid link address route >> $d/events 2>&1 < /dev/null &',
  '  echo $! > $d/pid',
  'fi',
  ': > $d/events',
].join('\n');

/**
 * Gives every learner namespace an nsid (those that have one make ip complain; -force goes on
 * with the rest), then prints the host's nsid of each, which tells where the host's cables go.
 */
const NSIDS_SCRIPT = [
  'n=',
  'for f in /run/netns/*; do [ -e "$f" ] && n="${n}netns set ${f##*/} auto',
  '"; done',
  `printf '\\n${NSIDS_MARK}\\n'`,
  `if [ -n "$n" ]; then printf '%snetns list\\n' "$n" | ip -j -force -batch - 2>/dev/null; else echo '[]'; fi`,
].join('\n');

const COLLECTION = buildCollectionScript(TOPOLOGY_REQUEST);

/** One round trip: the watcher, the nsids, then the same collection the graders use. */
export const COLLECTION_SCRIPT = `${WATCHER_SCRIPT}\n${NSIDS_SCRIPT}\n${COLLECTION}`;

/** The same without the nsids, when the namespaces are the ones that got theirs last time. */
export const QUICK_COLLECTION_SCRIPT = `${WATCHER_SCRIPT}\n${COLLECTION}`;

export interface Fingerprint {
  /** Whether the watcher runs (if not, changes may have been missed). */
  watching: boolean;
  /** Whether anything changed since the last collection. */
  events: boolean;
  /** /run/netns, as one string. */
  namespaces: string;
}

export function parseFingerprint(output: string): Fingerprint | undefined {
  const match = /^watch=(up|down) events=([01]) ns=(.*)$/m.exec(output);
  if (!match) return undefined;
  return { watching: match[1] === 'up', events: match[2] === '1', namespaces: match[3]!.trim() };
}

export interface TopologyReading extends TopologyOptions {
  state: CollectedState;
}

/** Reads the output of COLLECTION_SCRIPT: the collected state, and the host's nsids when they came through. */
export function parseTopologyOutput(output: string): TopologyReading {
  const state = parseCollectedState(output, TOPOLOGY_REQUEST);
  const section = splitSections(output).get('topology-nsids');
  const json = section?.split('\n').filter((line) => line.startsWith('[')).at(-1);
  if (!json) return { state };
  try {
    const list = JSON.parse(json) as Array<{ name?: unknown; id?: unknown }>;
    const hostNsids: Record<string, number> = {};
    for (const entry of list) if (typeof entry.name === 'string' && typeof entry.id === 'number') hostNsids[entry.name] = entry.id;
    return { state, hostNsids };
  } catch {
    return { state };
  }
}

export interface ExecReply {
  stdout: string;
  exitCode: number;
  /** The command's run time in the guest, as the agent measured it. */
  durationMs: number;
}

export type Exec = (command: string, timeoutMs: number) => Promise<ExecReply>;

export interface RefreshResult {
  /** True when the state was collected (something changed, or nothing was known yet). */
  changed: boolean;
  reading?: TopologyReading;
  /** Guest time of each agent request made, as the agent reported it. */
  agentMs: number[];
  /** Wall time of the refresh, round trips included. */
  totalMs: number;
}

const FINGERPRINT_TIMEOUT_MS = 5_000;
const COLLECTION_TIMEOUT_MS = 30_000;
/**
 * Give namespaces their nsids again at least this often, even when the names stayed the same:
 * a namespace deleted and made again under its old name between two checks has none.
 */
const NSIDS_EVERY_MS = 30_000;

/** Refreshes a topology from a guest: the cheap check each time, the full collection when it changed. */
export class TopologyFeed {
  private known?: string;
  private stale = true;
  private hostNsids?: Record<string, number>;
  private nsidsAt = -Infinity;
  /** Bumped by invalidate(), so a collection that was under way when the VM changed does not count. */
  private generation = 0;

  constructor(private readonly exec: Exec) {}

  /** Forget what was read, e.g. after the VM was reset or restored: the next refresh collects. */
  invalidate(): void {
    this.stale = true;
    this.generation++;
  }

  async refresh(): Promise<RefreshResult> {
    const started = performance.now();
    const agentMs: number[] = [];
    // Only a change inside namespaces the watcher already covers can skip the nsids.
    let sameNamespaces = false;
    if (!this.stale) {
      const reply = await this.exec(FINGERPRINT_SCRIPT, FINGERPRINT_TIMEOUT_MS);
      agentMs.push(reply.durationMs);
      const print = parseFingerprint(reply.stdout);
      sameNamespaces = !!print?.watching && print.namespaces === this.known;
      if (sameNamespaces && !print!.events) return { changed: false, agentMs, totalMs: performance.now() - started };
    }
    const withNsids = !sameNamespaces || performance.now() - this.nsidsAt > NSIDS_EVERY_MS;
    this.stale = true;
    const generation = this.generation;
    const reply = await this.exec(withNsids ? COLLECTION_SCRIPT : QUICK_COLLECTION_SCRIPT, COLLECTION_TIMEOUT_MS);
    agentMs.push(reply.durationMs);
    const reading = parseTopologyOutput(reply.stdout);
    if (withNsids) {
      this.hostNsids = reading.hostNsids;
      this.nsidsAt = performance.now();
    } else {
      reading.hostNsids = this.hostNsids;
    }
    this.known = reading.state.netns.join(' ');
    this.stale = generation !== this.generation;
    return { changed: true, reading, agentMs, totalMs: performance.now() - started };
  }
}
