import type { Probe } from '../src/state/collect.ts';
import { check } from '../src/grading/check.ts';
import { HOST_ADDRESS, SERVER } from './lib/containers.ts';
import { defineGrader } from '../src/grading/grader.ts';
import { contains, equals } from '../src/grading/matchers.ts';
import { listenersCheck } from './lib/listeners.ts';
import { probeSucceeded } from './lib/probes.ts';
import { tried, triesProbe } from './lib/tries.ts';

const PORTS = [22, 80, 3306];
const fromOutside = (port: number): Probe => ({ id: `server->${HOST_ADDRESS}:${port}`, kind: 'tcp', from: 'server', target: HOST_ADDRESS, port });
const OUTBOUND: Probe = { id: `host->${SERVER}:80`, kind: 'tcp', from: '', target: SERVER, port: 80 };
const LOOPBACK: Probe = { id: 'host->127.0.0.1:3306', kind: 'tcp', from: '', target: '127.0.0.1', port: 3306 };
/** A port the task does not name: the probe listens on it for a moment, so open and filtered differ. */
const UNNAMED_PORT = 8443;
const ISP = '198.51.100.1';

/**
 * Everything that must be dropped, tried at once: the database from the server; traffic the
 * task does not name, a ping and a connection to a port the probe opens for the occasion, both
 * from the server; and a connection to the database from the ISP's router with source port 80,
 * which a rule that takes "the return traffic" by its port (tcp sport 80 accept) lets in, and
 * conntrack does not.
 */
const BLOCKED = triesProbe(
  'must-be-dropped',
  [
    { key: 'database', from: 'server', command: `nc -z -w2 ${HOST_ADDRESS} 3306` },
    { key: 'icmp', from: 'server', command: `ping -c1 -W2 ${HOST_ADDRESS}` },
    { key: 'tcp-unnamed', from: 'server', command: `nc -z -w2 ${HOST_ADDRESS} ${UNNAMED_PORT}` },
    { key: 'sport80', from: 'isp', command: `nc -z -w2 -p 80 ${HOST_ADDRESS} 3306` },
  ],
  UNNAMED_PORT,
);

const allowed = (port: number, service: string) =>
  check({
    id: `${service}-allowed`,
    subject: `${service} (tcp/${port})`,
    given: true,
    property: 'accepts connections from the internet',
    requires: ['listeners', 'eth0-address'],
    read: probeSucceeded(fromOutside(port).id),
    expect: equals(true),
    fail: `The server at ${SERVER} cannot connect to ${HOST_ADDRESS}:${port}: the firewall drops ${service}. Accept it before anything drops: nft add rule inet filter input tcp dport ${port} accept (or: iptables -I INPUT -p tcp --dport ${port} -j ACCEPT)`,
  });

export default defineGrader({
  exercise: 'input-firewall',
  request: {
    namespaces: [''],
    ip: ['addr'],
    details: false,
    extra: ['sockets'],
    probes: [fromOutside(22), fromOutside(80), OUTBOUND, LOOPBACK, BLOCKED],
  },
  checks: [
    check({
      id: 'eth0-address',
      given: true,
      subject: 'eth0',
      property: `has ${HOST_ADDRESS}/24`,
      read: (s) => s.namespaces['']!.addresses.eth0 ?? [],
      expect: contains(`${HOST_ADDRESS}/24`),
      fail: ({ actual }) => `eth0 should still have ${HOST_ADDRESS}/24, the address the internet connects to; found ${actual}. Put it back with: ip addr add ${HOST_ADDRESS}/24 dev eth0 (or press Reset).`,
    }),
    listenersCheck(PORTS),
    allowed(22, 'ssh'),
    allowed(80, 'http'),
    check({
      id: 'database-blocked',
      subject: 'the database (tcp/3306)',
      property: 'is not reachable from the internet',
      weight: 2,
      requires: ['listeners', 'eth0-address'],
      read: tried(BLOCKED, 'database'),
      expect: equals('closed'),
      fail: `The server at ${SERVER} connected to ${HOST_ADDRESS}:3306: inbound traffic that no rule accepts still gets in. Make dropping the default, like the implicit deny at the end of an ACL: a base chain with policy drop (nft add chain inet filter input '{ type filter hook input priority filter; policy drop; }', or iptables -P INPUT DROP).`,
    }),
    check({
      id: 'unnamed-blocked',
      subject: 'traffic the task does not name',
      property: `is dropped too (a ping, and tcp/${UNNAMED_PORT} with a listener on it)`,
      weight: 2,
      requires: ['listeners', 'eth0-address'],
      read: (s) => `ping ${tried(BLOCKED, 'icmp')(s)}, tcp/${UNNAMED_PORT} ${tried(BLOCKED, 'tcp-unnamed')(s)}`,
      expect: equals(`ping closed, tcp/${UNNAMED_PORT} closed`),
      pass: `A ping and a connection to tcp/${UNNAMED_PORT} from ${SERVER} are dropped as well: the firewall denies by default.`,
      fail: ({ actual }) =>
        `From ${SERVER}, with a listener on tcp/${UNNAMED_PORT} for the test: ${actual.replace(/"/g, '')}. "Drop everything else" means everything no rule accepts, not only the database: a firewall that blocks the ports it knows is not a default-deny firewall. ` +
        `Make dropping the default: a base chain with policy drop (nft add chain inet filter input '{ type filter hook input priority filter; policy drop; }', or iptables -P INPUT DROP), or one final rule that drops everything.`,
    }),
    check({
      id: 'return-by-state',
      subject: 'the return traffic rule',
      property: 'lets in answers by their conntrack state, not by their source port',
      weight: 2,
      requires: ['listeners', 'eth0-address'],
      read: tried(BLOCKED, 'sport80'),
      expect: equals('closed'),
      pass: 'A new connection to the database from source port 80 is dropped: only real answers come back in.',
      fail:
        `The ISP's router (${ISP}) opened the database (tcp/3306) from source port 80: a rule that takes "return traffic" by its port (tcp sport 80 accept) lets in anyone who picks that port. ` +
        'Only conntrack knows which packets answer the host\'s own connections: replace that rule with ct state established,related accept (or: iptables -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT).',
    }),
    check({
      id: 'host-outbound',
      given: true,
      subject: 'the host',
      property: `still opens connections out (to ${SERVER}:80)`,
      weight: 2,
      read: probeSucceeded(OUTBOUND.id),
      expect: equals(true),
      fail: `The host cannot connect to ${SERVER}:80 any more: the answers to its own connections come in through INPUT, and nothing accepts them. Accept return traffic by its conntrack state: nft add rule inet filter input ct state established,related accept (or: iptables -I INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT).`,
    }),
    check({
      id: 'loopback',
      given: true,
      subject: 'the host',
      property: 'still talks to itself over lo (127.0.0.1:3306)',
      requires: ['listeners'],
      read: probeSucceeded(LOOPBACK.id),
      expect: equals(true),
      fail: 'A program on the host cannot reach the database at 127.0.0.1:3306: traffic on lo goes through INPUT too, and the firewall drops it. Accept everything on lo first: nft add rule inet filter input iifname "lo" accept (or: iptables -I INPUT -i lo -j ACCEPT)',
    }),
  ],
});
