/**
 * persist-firewall: the host's inbound firewall lives in /etc/nftables.conf. The grader does
 * not trust the running ruleset: a first command probe saves it, then does what a boot does
 * (`nft flush ruleset`, `nft -f /etc/nftables.conf`) and what a reload does (the same file
 * loaded once more, which must change nothing). Real traffic then tries the loaded ruleset,
 * including connections the task does not name, and a last probe puts back the ruleset that
 * was running before, in one transaction (or says it could not, and the file's ruleset stays).
 */
import type { CollectedState, Probe } from '../src/state/collect.ts';
import { check } from '../src/grading/check.ts';
import { defineGrader } from '../src/grading/grader.ts';
import { equals, matches } from '../src/grading/matchers.ts';
import { HOST_ADDRESS, SERVER } from './lib/containers.ts';
import { eth1Prepared, LAB_ADDRESS } from './lib/lab-eth1.ts';
import { listenersCheck } from './lib/listeners.ts';
import { probeResult, probeSucceeded } from './lib/probes.ts';
import { tried, triesProbe } from './lib/tries.ts';

const CONF = '/etc/nftables.conf';
const SAVED = '/tmp/.persist-firewall-running.nft';
const LOG = '/tmp/.persist-firewall-nft.log';
const MANAGEMENT = '10.51.0.0/16';
const FARHOST = '10.51.0.1';
const LABROUTER = '10.50.0.1';
const PORTS = [22, 80, 3306];
const UNNAMED_PORT = 8443;

/**
 * Saves the running ruleset, flushes it and loads the file twice. Prints "load=<exit>" and
 * "reload=<exit>" with nft's words ("load-says: ...", "reload-says: ..."), the number of rules
 * after each load, and whether the second load and the ruleset that was running are the same as
 * the first load (counters aside, which traffic moves).
 */
const RELOAD: Probe = {
  id: 'flush-and-load',
  kind: 'command',
  from: '',
  target: [
    `nft list ruleset > ${SAVED} 2>&1`,
    `ruleset() { nft list ruleset 2>&1 | sed -E 's/counter packets [0-9]+ bytes [0-9]+/counter/'; }`,
    `rules() { nft -j list ruleset 2>/dev/null | grep -o '{"rule":' | wc -l; }`,
    `load() { nft -f ${CONF} > ${LOG} 2>&1; echo "$1=$?"; sed "s/^/$1-says: /" ${LOG}; }`,
    'running=$(ruleset)',
    'nft flush ruleset',
    'load load; first=$(ruleset); echo "rules-first=$(rules)"',
    'load reload; second=$(ruleset); echo "rules-second=$(rules)"',
    '[ "$first" = "$second" ] && echo reload-same=yes || echo reload-same=no',
    '[ "$first" = "$running" ] && echo running-same=yes || echo running-same=no',
  ].join('\n'),
};

/** Puts back the ruleset that ran before the check: flush and load in one transaction, so a file nft cannot read back leaves the loaded one. */
const RESTORE: Probe = {
  id: 'restore-running',
  kind: 'command',
  from: '',
  target: `{ echo 'flush ruleset'; cat ${SAVED}; } | nft -f - > ${LOG} 2>&1 && echo restored=yes || { echo restored=no; sed 's/^/restore-says: /' ${LOG}; }`,
};

const allowedProbes = {
  sshManagement: { id: `farhost->${LAB_ADDRESS}:22`, kind: 'tcp', from: 'farhost', target: LAB_ADDRESS, port: 22 },
  http: { id: `server->${HOST_ADDRESS}:80`, kind: 'tcp', from: 'server', target: HOST_ADDRESS, port: 80 },
  ping: { id: `server->${HOST_ADDRESS}`, kind: 'ping', from: 'server', target: HOST_ADDRESS },
  outbound: { id: `host->${SERVER}:80`, kind: 'tcp', from: '', target: SERVER, port: 80 },
  loopback: { id: 'host->127.0.0.1:3306', kind: 'tcp', from: '', target: '127.0.0.1', port: 3306 },
} satisfies Record<string, Probe>;

/** Everything the task blocks, several of which it does not spell out, tried at once. */
const BLOCKED = triesProbe(
  'must-be-dropped',
  [
    { key: 'ssh-internet', from: 'server', command: `nc -z -w2 ${HOST_ADDRESS} 22` },
    { key: 'ssh-lab', from: 'labrouter', command: `nc -z -w2 ${LAB_ADDRESS} 22` },
    { key: 'database', from: 'server', command: `nc -z -w2 ${HOST_ADDRESS} 3306` },
    { key: 'unnamed', from: 'server', command: `nc -z -w2 ${HOST_ADDRESS} ${UNNAMED_PORT}` },
    { key: 'database-management', from: 'farhost', command: `nc -z -w2 ${LAB_ADDRESS} 3306` },
  ],
  UNNAMED_PORT,
);

/** The value after "<key>" on the flush-and-load probe's line that starts with it ('' when there is none). */
const line = (key: string) => (state: CollectedState): string => {
  const probe = probeResult(state, RELOAD.id);
  return (probe.output.split('\n').find((l) => l.startsWith(key)) ?? '').slice(key.length).trim();
};

/** What nft printed for a load ("load" or "reload"): its lines trimmed, without the lines of carets under the culprit. */
const nftSaid = (load: string) => (state: CollectedState): string =>
  state.probes[RELOAD.id]!.output
    .split('\n')
    .filter((l) => l.startsWith(`${load}-says: `))
    .map((l) => l.slice(load.length + 7).trim())
    .filter((l) => l && !/^[\^~]+$/.test(l))
    .join(' / ') || 'nothing';

/** A check's actual value as plain text (feedback receives strings quoted as JSON). */
const text = (actual: string): string => (actual.startsWith('"') ? (JSON.parse(actual) as string) : actual);

/** Whether the restore probe put back the running ruleset, and nft's words when it did not. */
const restored = (state: CollectedState): string => {
  const probe = probeResult(state, RESTORE.id);
  if (/^restored=yes$/m.test(probe.output)) return 'put back';
  const said = probe.output.split('\n').filter((l) => l.startsWith('restore-says: ')).map((l) => l.slice(14)).join(' ');
  return `not put back (nft said: ${said || 'nothing'})`;
};

/** What became of the ruleset that was running, from the file-loads check's actual value. */
const afterwards = (actual: string) =>
  text(actual).includes('was put back')
    ? 'put back the ruleset that was running before'
    : `could not put back the ruleset that was running before (${text(actual).split('the running ruleset was not put back (')[1]?.replace(/\)$/, '') ?? 'nft said nothing'}), so what runs now is what ${CONF} loads`;

const RUNNING_DIFFERS = 'the ruleset running before the check was not what the file loads';

/** A traffic result, with a note when the running ruleset differed from the file's (rules typed with nft add, never written). */
const withRunningNote = (read: (s: CollectedState) => string) => (s: CollectedState): string =>
  line('running-same=')(s) === 'no' ? `${read(s)}; ${RUNNING_DIFFERS}` : read(s);

/** A tries result for the learner: "open" got in, "closed" was dropped; the running-ruleset note left out. */
const outcomes = (actual: string) => text(actual).split(';')[0]!.replace(/ open\b/g, ' got in').replace(/ closed\b/g, ' was dropped');

const onlyRunningAdvice = (actual: string) =>
  text(actual).includes(RUNNING_DIFFERS)
    ? ` The ruleset that was running before the check was not what ${CONF} loads: rules added with nft add live only in the kernel, like a running-config never written. Put them in the file (nft list ruleset > ${CONF} saves what runs now, then add "flush ruleset" at its top).`
    : '';

const needs = ['file-loads', 'eth1-address', 'listeners'];

export default defineGrader({
  exercise: 'persist-firewall',
  request: {
    namespaces: [''],
    ip: ['link', 'addr'],
    details: false,
    extra: ['sockets'],
    probes: [RELOAD, ...Object.values(allowedProbes), BLOCKED, RESTORE],
  },
  checks: [
    eth1Prepared(),
    listenersCheck(PORTS),
    check({
      id: 'file-loads',
      given: true,
      subject: CONF,
      property: 'loads without an error after nft flush ruleset',
      weight: 2,
      read: (s) => `exit ${line('load=')(s) || '(none)'}; nft said: ${nftSaid('load')(s)}; the running ruleset was ${restored(s)}`,
      expect: matches(/^exit 0;/),
      pass: ({ actual }) =>
        `nft -f ${CONF} loads it without an error. The check flushed the ruleset, loaded the file as a boot would, tried it with traffic, and then ${afterwards(actual)}.`,
      fail: ({ actual }) =>
        `After nft flush ruleset, nft -f ${CONF} fails, so a boot would start with no firewall at all (${text(actual).split('; the running ruleset')[0]}). ` +
        `Fix the line and column nft names, and test the file without loading it: nft -c -f ${CONF}. The check then ${afterwards(actual)}.`,
    }),
    check({
      id: 'reload-unchanged',
      given: true,
      subject: CONF,
      property: 'loaded a second time, gives the same ruleset (a reload)',
      weight: 2,
      requires: ['file-loads'],
      read: (s) =>
        line('reload=')(s) !== '0'
          ? `the second load fails: ${nftSaid('reload')(s)}`
          : line('reload-same=')(s) === 'yes'
            ? 'the same ruleset'
            : `${line('rules-first=')(s)} rules after the first load, ${line('rules-second=')(s)} after the second`,
      expect: equals('the same ruleset'),
      pass: 'Loading the file again replaces the ruleset instead of adding to it, so systemctl reload nftables is safe.',
      fail: ({ actual }) =>
        `Loading ${CONF} a second time (what systemctl reload nftables and every later nft -f do) changes the ruleset: ${text(actual)}. ` +
        'nft -f adds to what is loaded. Start the file with "flush ruleset" (as Debian\'s own file does), so every load replaces the whole ruleset.',
    }),
    check({
      id: 'ssh-from-management',
      given: true,
      subject: `ssh (tcp/22) from ${MANAGEMENT}`,
      property: `is accepted (from ${FARHOST})`,
      requires: needs,
      read: probeSucceeded(allowedProbes.sshManagement.id),
      expect: equals(true),
      fail: `After the file was loaded, ${FARHOST} on the management subnet cannot connect to ${LAB_ADDRESS}:22. Accept ssh from that subnet before anything drops it: ip saddr ${MANAGEMENT} tcp dport 22 accept`,
    }),
    check({
      id: 'http-allowed',
      given: true,
      subject: 'http (tcp/80)',
      property: 'is accepted from anywhere',
      requires: needs,
      read: probeSucceeded(allowedProbes.http.id),
      expect: equals(true),
      fail: `After the file was loaded, the server at ${SERVER} cannot connect to ${HOST_ADDRESS}:80. Accept http from anywhere: tcp dport 80 accept`,
    }),
    check({
      id: 'ping-allowed',
      given: true,
      subject: 'ICMP',
      property: 'is accepted (a ping from the internet is answered)',
      requires: needs,
      read: probeSucceeded(allowedProbes.ping.id),
      expect: equals(true),
      fail: `After the file was loaded, ${HOST_ADDRESS} does not answer a ping from ${SERVER}. Accept ICMP: meta l4proto icmp accept (or icmp type echo-request accept)`,
    }),
    check({
      id: 'ssh-restricted',
      subject: 'ssh (tcp/22) from outside the management subnet',
      property: `is dropped (from ${SERVER} and from ${LABROUTER})`,
      weight: 2,
      requires: needs,
      read: withRunningNote((s) => `from ${SERVER} ${tried(BLOCKED, 'ssh-internet')(s)}, from ${LABROUTER} ${tried(BLOCKED, 'ssh-lab')(s)}`),
      expect: matches(new RegExp(`^from ${SERVER} closed, from ${LABROUTER} closed`.replace(/\./g, '\\.'))),
      pass: `ssh from the internet and from the lab router on ${LABROUTER} is dropped: only ${MANAGEMENT} gets in.`,
      fail: ({ actual }) =>
        `After nft flush ruleset and nft -f ${CONF}, ssh ${outcomes(actual)}. ssh is for ${MANAGEMENT} only: match the source address (ip saddr ${MANAGEMENT} tcp dport 22 accept), not the port alone nor the interface it arrives on, and let the policy drop the rest.` +
        onlyRunningAdvice(actual),
    }),
    check({
      id: 'default-deny',
      subject: 'traffic the task does not accept',
      property: `is dropped (the database, tcp/${UNNAMED_PORT} with a listener on it, the database from ${MANAGEMENT})`,
      weight: 2,
      requires: needs,
      read: withRunningNote(
        (s) =>
          `database ${tried(BLOCKED, 'database')(s)}, tcp/${UNNAMED_PORT} ${tried(BLOCKED, 'unnamed')(s)}, database from ${FARHOST} ${tried(BLOCKED, 'database-management')(s)}`,
      ),
      expect: matches(new RegExp(`^database closed, tcp/${UNNAMED_PORT} closed, database from ${FARHOST.replace(/\./g, '\\.')} closed`)),
      pass: 'Everything the task does not accept is dropped, from the internet and from the management subnet alike.',
      fail: ({ actual }) =>
        `After the file was loaded: ${outcomes(actual)}. ` +
        (text(actual).includes(`${FARHOST} open`)
          ? `The management subnet gets ssh, not everything: ${MANAGEMENT} reached the database. Accept tcp/22 from it (ip saddr ${MANAGEMENT} tcp dport 22 accept), not all its traffic. `
          : '') +
        `Make dropping the default: the input chain with policy drop, in the file.` +
        onlyRunningAdvice(actual),
    }),
    check({
      id: 'host-outbound',
      given: true,
      subject: 'the host',
      property: `still opens connections out (to ${SERVER}:80)`,
      requires: needs,
      read: probeSucceeded(allowedProbes.outbound.id),
      expect: equals(true),
      fail: `With the file's ruleset the host cannot connect to ${SERVER}:80: the answers come in through input, and nothing accepts them. Add ct state established,related accept to the file.`,
    }),
    check({
      id: 'loopback',
      given: true,
      subject: 'the host',
      property: 'still talks to itself over lo (127.0.0.1:3306)',
      requires: needs,
      read: probeSucceeded(allowedProbes.loopback.id),
      expect: equals(true),
      fail: 'With the file\'s ruleset a program on the host cannot reach 127.0.0.1:3306: traffic on lo goes through input too. Add iifname "lo" accept to the file.',
    }),
  ],
});
