import type { CollectedState, Probe } from '../src/state/collect.ts';
import { check } from './check.ts';
import { HOST_ADDRESS, SERVER } from './containers.ts';
import { defineGrader } from './grader.ts';
import { contains, equals } from './matchers.ts';
import { probeSucceeded } from './probes.ts';

const PORTS = [22, 80, 3306];
const fromOutside = (port: number): Probe => ({ id: `server->${HOST_ADDRESS}:${port}`, kind: 'tcp', from: 'server', target: HOST_ADDRESS, port });
const OUTBOUND: Probe = { id: `host->${SERVER}:80`, kind: 'tcp', from: '', target: SERVER, port: 80 };
const LOOPBACK: Probe = { id: 'host->127.0.0.1:3306', kind: 'tcp', from: '', target: '127.0.0.1', port: 3306 };

const allowed = (port: number, service: string) =>
  check<CollectedState>({
    id: `${service}-allowed`,
    subject: `${service} (tcp/${port})`,
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
    probes: [...PORTS.map(fromOutside), OUTBOUND, LOOPBACK],
  },
  checks: [
    check({
      id: 'eth0-address',
      subject: 'eth0',
      property: `has ${HOST_ADDRESS}/24`,
      read: (s) => s.namespaces['']!.addresses.eth0 ?? [],
      expect: contains(`${HOST_ADDRESS}/24`),
      fail: ({ actual }) => `eth0 should still have ${HOST_ADDRESS}/24, the address the internet connects to; found ${actual}. Put it back with: ip addr add ${HOST_ADDRESS}/24 dev eth0 (or press Reset).`,
    }),
    check({
      id: 'listeners',
      subject: 'the services',
      property: `listen on tcp ports ${PORTS.join(', ')}`,
      read: (s) => [...new Set((s.namespaces['']!.sockets ?? []).filter((x) => x.protocol === 'tcp' && x.state === 'LISTEN' && PORTS.includes(x.port)).map((x) => x.port))].sort((a, b) => a - b),
      expect: equals(PORTS),
      fail: ({ actual }) => `The exercise runs listeners on ports ${PORTS.join(', ')}, but only ${actual} listen now (ss -tln). Without them the check cannot tell open from filtered; press Reset to start them again.`,
    }),
    allowed(22, 'ssh'),
    allowed(80, 'http'),
    check({
      id: 'database-blocked',
      subject: 'the database (tcp/3306)',
      property: 'is not reachable from the internet',
      weight: 2,
      requires: ['listeners', 'eth0-address'],
      read: probeSucceeded(fromOutside(3306).id),
      expect: equals(false),
      fail: `The server at ${SERVER} connected to ${HOST_ADDRESS}:3306: inbound traffic that no rule accepts still gets in. Make dropping the default, like the implicit deny at the end of an ACL: a base chain with policy drop (nft add chain inet filter input '{ type filter hook input priority filter; policy drop; }', or iptables -P INPUT DROP).`,
    }),
    check({
      id: 'host-outbound',
      subject: 'the host',
      property: `still opens connections out (to ${SERVER}:80)`,
      weight: 2,
      read: probeSucceeded(OUTBOUND.id),
      expect: equals(true),
      fail: `The host cannot connect to ${SERVER}:80 any more: the answers to its own connections come in through INPUT, and nothing accepts them. Accept return traffic by its conntrack state: nft add rule inet filter input ct state established,related accept (or: iptables -I INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT).`,
    }),
    check({
      id: 'loopback',
      subject: 'the host',
      property: 'still talks to itself over lo (127.0.0.1:3306)',
      requires: ['listeners'],
      read: probeSucceeded(LOOPBACK.id),
      expect: equals(true),
      fail: 'A program on the host cannot reach the database at 127.0.0.1:3306: traffic on lo goes through INPUT too, and the firewall drops it. Accept everything on lo first: nft add rule inet filter input iifname "lo" accept (or: iptables -I INPUT -i lo -j ACCEPT)',
    }),
  ],
});
