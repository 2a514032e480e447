/**
 * Checks and probes shared by the exercises that build containers by hand, the way Docker's
 * default network does: namespaces on the bridge docker0 (172.17.0.1/16), the host routing
 * between docker0 and eth0, source NAT to the host's address 198.51.100.10, and ports
 * published on that address with destination NAT.
 *
 * Fetches run with a time limit: a TCP connection whose replies cannot come back (no NAT,
 * forwarding off) would otherwise retry for two minutes.
 *
 * @example
 * request: { probes: [fetchProbe('c1', '/masquerade')], serverLog: true, ... }
 * checks: [...containerChecks(C1), forwardingCheck(), ...fetchChecks(C1, '/masquerade')]
 */
import type { CollectedState, Probe } from '../../src/state/collect.ts';
import { findLink, isUp } from '../../src/state/parse-ip.ts';
import { check, ProbeError, type Check } from '../../src/grading/check.ts';
import { contains, equals, matches } from '../../src/grading/matchers.ts';
import { namespaceExists } from './namespaces.ts';
import { probeResult, probeSucceeded } from './probes.ts';
import { hostEnd } from './veth.ts';

export const BRIDGE = 'docker0';
export const GATEWAY = '172.17.0.1';
export const HOST_ADDRESS = '198.51.100.10';
export const SERVER = '203.0.113.10';
/** Seconds a fetch may take before it counts as no answer. */
export const FETCH_SECONDS = 4;

export interface Container {
  /** The namespace, e.g. c1. */
  name: string;
  /** Its address on docker0's subnet, without the prefix length, e.g. 172.17.0.2. */
  address: string;
}

type StateCheck = Check<CollectedState>;

/** The per-interface forwarding switches the host needs for docker0 <-> eth0 (`ip_forward=1` sets both). */
export const FORWARDING_SYSCTLS = [`net.ipv4.conf.${BRIDGE}.forwarding`, 'net.ipv4.conf.eth0.forwarding'];

/**
 * A fetch from the remote server, run in `from`; the server logs the source address it saw for
 * `path`. The connection is made first, as an http probe does: without source NAT the server's
 * answer never comes back, and the probe ends after 2 s instead of at the fetch's cap. (The
 * server logs that connection as "- -", a request for no path.)
 */
export const fetchProbe = (from: string, path: string): Probe => ({
  id: `${from}->server${path}`,
  kind: 'command',
  from,
  alongside: true,
  target: `nc -z -w2 ${SERVER} 80 && timeout ${FETCH_SECONDS} wget -q -O - http://${SERVER}${path}`,
});

/** A ping from the container to its gateway, docker0's address. */
export const gatewayProbe = (c: Container): Probe => ({ id: `${c.name}->${GATEWAY}`, kind: 'ping', from: c.name, target: GATEWAY, alongside: true });

/** A fetch of the host's address and `port`, run from the remote server: the outside world's view. */
export const publishedProbe = (port: number): Probe => ({
  id: `server->${HOST_ADDRESS}:${port}`,
  kind: 'command',
  from: 'server',
  alongside: true,
  target: `timeout ${FETCH_SECONDS} wget -q -O - http://${HOST_ADDRESS}:${port}/`,
});

/**
 * The same request from the server, from a source port of its own, then the host's conntrack
 * entry for it: who answered. Destination NAT (what `docker run -p` does for outside clients)
 * shows the container's address and port in the reply direction; a program on the host that
 * listens on the port and relays (a proxy) shows the host itself, or no entry at all. It runs
 * after the probes marked alongside, not with them: a relay that serves one connection at a
 * time would be busy with publishedProbe's.
 */
export const translationProbe = (port: number): Probe => ({
  id: `server->${HOST_ADDRESS}:${port}-conntrack`,
  kind: 'command',
  from: '',
  target: [
    'sp=$((40000 + $$ % 20000))',
    `nsenter --net=/run/stacklab/netns/server sh -c "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | timeout ${FETCH_SECONDS} nc -w ${FETCH_SECONDS - 1} -p $sp ${HOST_ADDRESS} ${port}" >/dev/null 2>&1`,
    `grep -F "sport=$sp dport=${port} " /proc/net/nf_conntrack 2>/dev/null | head -n 1`,
  ].join('\n'),
});

/** docker0 is a bridge, up, with the containers' gateway address. */
export const bridgeChecks = (): StateCheck[] => [
  check({
    id: `${BRIDGE}-bridge`,
    subject: BRIDGE,
    property: 'is a bridge and up',
    read: (s) => {
      const br = findLink(s.namespaces[''], BRIDGE);
      return br ? `${br.linkinfo?.info_kind ?? 'not a bridge'} ${isUp(br) ? 'UP' : 'DOWN'}` : 'missing';
    },
    expect: equals('bridge UP'),
    fail: ({ actual }) => `${BRIDGE} should be a bridge that is up; found ${actual}. Create it with: ip link add ${BRIDGE} type bridge; ip link set ${BRIDGE} up`,
  }),
  check({
    id: `${BRIDGE}-address`,
    subject: BRIDGE,
    property: `has ${GATEWAY}/16 (the containers' gateway)`,
    requires: [`${BRIDGE}-bridge`],
    read: (s) => s.namespaces['']!.addresses[BRIDGE] ?? [],
    expect: contains(`${GATEWAY}/16`),
    fail: ({ actual }) => `${BRIDGE} should have ${GATEWAY}/16, the gateway of the containers; found ${actual}. Add it with: ip addr add ${GATEWAY}/16 dev ${BRIDGE}`,
  }),
];

/** The container exists, has its address, is plugged into docker0 and routes by default via docker0's address. */
/** `madeBySetUp` where the exercise's set-up made the container: deleted, it is Reset that brings it back with what ran in it. */
export const containerChecks = (c: Container, options: { madeBySetUp?: boolean } = {}): StateCheck[] => [
  namespaceExists(c.name, options),
  check({
    id: `${c.name}-address`,
    subject: `${c.name}'s interface`,
    property: `has ${c.address}/16`,
    requires: [`${c.name}-exists`],
    read: (s) => Object.entries(s.namespaces[c.name]!.addresses).flatMap(([dev, addrs]) => (dev === 'lo' ? [] : addrs)),
    expect: contains(`${c.address}/16`),
    fail: ({ actual }) =>
      `An interface in ${c.name} should have ${c.address}/16; found ${actual}. Add it to the container's end of the veth: ip -n ${c.name} addr add ${c.address}/16 dev eth0`,
  }),
  check({
    id: `${c.name}-port`,
    subject: `${c.name}'s cable`,
    property: `is plugged into ${BRIDGE}`,
    requires: [`${c.name}-address`, `${BRIDGE}-bridge`],
    read: (s) => {
      const end = hostEnd(s, c.name, `${c.address}/16`);
      return end ? `${end.ifname} master ${end.master ?? '(none)'} ${isUp(end) ? 'UP' : 'DOWN'}` : `no veth in ${c.name} carries ${c.address}/16`;
    },
    expect: matches(new RegExp(` master ${BRIDGE} UP$`)),
    fail: ({ actual }) =>
      actual.includes('master')
        ? `The host end of ${c.name}'s veth should be an up port of ${BRIDGE}; found ${actual}. Plug it in: ip link set <host end> master ${BRIDGE} up`
        : `${c.name} should reach ${BRIDGE} through a veth: found ${actual}. Create one with: ip link add veth-${c.name} type veth peer name eth0 netns ${c.name}`,
  }),
  check({
    id: `${c.name}-default-route`,
    subject: `${c.name}'s routing table`,
    property: `has a default route via ${GATEWAY}`,
    requires: [`${c.name}-exists`],
    read: (s) => {
      const route = s.namespaces[c.name]!.routes.find((r) => r.dst === 'default' && (r.table ?? 'main') === 'main');
      return route ? `via ${route.gateway ?? `(no gateway, dev ${route.dev})`}` : 'no default route';
    },
    expect: equals(`via ${GATEWAY}`),
    fail: ({ actual }) =>
      `${c.name} should send everything off its subnet to ${BRIDGE}'s address; found ${actual}. Add it with: ip -n ${c.name} route add default via ${GATEWAY}`,
  }),
];

/** The container pings docker0's address: its cable, addresses and the bridge work. */
export const gatewayCheck = (c: Container): StateCheck =>
  check({
    id: `${c.name}-reaches-gateway`,
    subject: c.name,
    property: `pings its gateway ${GATEWAY}`,
    requires: [`${c.name}-port`, `${BRIDGE}-address`],
    read: probeSucceeded(gatewayProbe(c).id),
    expect: equals(true),
    fail: `${c.name} cannot ping ${GATEWAY}. Are both ends of its veth up (ip -n ${c.name} link set eth0 up), and is ${BRIDGE} up?`,
  });

/** The host forwards between docker0 and eth0. */
export const forwardingCheck = (): StateCheck =>
  check({
    id: 'forwarding',
    subject: 'the host',
    property: `forwards between ${BRIDGE} and eth0`,
    requires: [`${BRIDGE}-bridge`],
    read: (s) => FORWARDING_SYSCTLS.map((k) => `${k}=${s.sysctls['']?.[k] || '?'}`).join(' '),
    expect: equals(FORWARDING_SYSCTLS.map((k) => `${k}=1`).join(' ')),
    fail: ({ actual }) =>
      `The host must route between ${BRIDGE} and eth0, but forwarding is off (${actual}): Linux, like a switch before "ip routing", drops what is not addressed to itself. Turn it on with: sysctl -w net.ipv4.ip_forward=1`,
  });

/** The container fetches a page from the server, and the server saw the host's address as its source. */
export const fetchChecks = (c: Container, path: string, requires: string[]): StateCheck[] => {
  const id = fetchProbe(c.name, path).id;
  return [
    check({
      id: `${c.name}-fetches-server`,
      subject: c.name,
      property: `fetches http://${SERVER}${path}`,
      weight: 2,
      requires,
      read: probeSucceeded(id),
      expect: equals(true),
      fail: `${c.name} reaches its gateway and the host forwards, but no page came back from ${SERVER}: its answer never arrived. The request leaves with the source ${c.address}, a private address nobody outside routes back to, so the server's answer is lost. Hide the container behind the host's address with source NAT: nft add table ip nat; nft add chain ip nat postrouting '{ type nat hook postrouting priority srcnat; }'; nft add rule ip nat postrouting ip saddr 172.17.0.0/16 oifname "eth0" masquerade (or: iptables -t nat -A POSTROUTING -s 172.17.0.0/16 -o eth0 -j MASQUERADE)`,
    }),
    check({
      id: `${c.name}-source-seen`,
      subject: `the server's log for ${path}`,
      property: `shows the host's address ${HOST_ADDRESS} as ${c.name}'s source`,
      requires: [`${c.name}-fetches-server`],
      read: (s) => s.serverLog.filter((entry) => entry.path === path).at(-1)?.source ?? 'no request logged',
      expect: equals(HOST_ADDRESS),
      fail: ({ actual }) =>
        `The server logged ${c.name}'s request as coming from ${actual}; behind the host it should see eth0's address, ${HOST_ADDRESS}. Translate to that address: masquerade on oifname "eth0", or SNAT --to-source ${HOST_ADDRESS}.`,
    }),
  ];
};

/** The page the outside world gets from the host's address and `port` is the container's. */
export const publishedCheck = (c: Container, port: number, containerPort: number, page: string, requires: string[]): StateCheck =>
  check({
    id: `published-${port}`,
    subject: `${HOST_ADDRESS}:${port} from the outside world`,
    property: `serves ${c.name}'s page (${c.address}:${containerPort})`,
    weight: 2,
    requires,
    read: (s) => {
      const result = probeResult(s, publishedProbe(port).id);
      if (result.ok) return result.output;
      // 143: `timeout` stopped the fetch (SIGTERM), so nothing answered at all.
      return result.exitCode === 143 ? `no answer within ${FETCH_SECONDS} s` : `no page (${result.output.replace(/\s+/g, ' ').trim()})`;
    },
    expect: contains(page),
    fail: ({ actual }) => {
      const dnat = `nft add table ip nat; nft add chain ip nat prerouting '{ type nat hook prerouting priority dstnat; }'; nft add rule ip nat prerouting iifname "eth0" tcp dport ${port} dnat to ${c.address}:${containerPort} (or: iptables -t nat -A PREROUTING -i eth0 -p tcp --dport ${port} -j DNAT --to-destination ${c.address}:${containerPort})`;
      const why = actual.includes('refused')
        ? `Something refused the connection: either nothing translated it before the routing decision, so it was delivered to the host itself (a DNAT rule in OUTPUT covers only the host's own connections), or it was translated to an address and port where nothing listens (${c.name}'s server is ${c.address}:${containerPort}).`
        : `Translate the destination where packets enter, before the routing decision, to ${c.address}:${containerPort}.`;
      return `A client on the internet (${SERVER}) asked for http://${HOST_ADDRESS}:${port}/ and got ${actual}, not ${c.name}'s page. ${why} The rule: ${dnat}`;
    },
  });

/** The outside world's connection to the published port is translated to the container (destination NAT), not relayed by a program on the host. */
export const translatedCheck = (c: Container, port: number, containerPort: number): StateCheck =>
  check({
    id: `published-${port}-dnat`,
    subject: `a connection from ${SERVER} to ${HOST_ADDRESS}:${port}`,
    property: `is translated to ${c.address}:${containerPort} (destination NAT)`,
    requires: [`published-${port}`],
    read: (s) => {
      const entry = probeResult(s, translationProbe(port).id).output;
      if (!entry) return 'no connection tracked';
      // The second src/sport pair is the reply direction: who really answered.
      const [, source, sourcePort] = /src=\S+ dst=\S+ sport=\d+ dport=\d+ .*?src=(\S+) dst=\S+ sport=(\d+)/.exec(entry) ?? [];
      if (!source) throw new ProbeError(`the conntrack entry for the published port is not what /proc/net/nf_conntrack prints: ${entry.slice(0, 160)}`);
      return `answered by ${source}:${sourcePort}`;
    },
    expect: equals(`answered by ${c.address}:${containerPort}`),
    pass: `conntrack shows the connection translated to ${c.address}:${containerPort}: destination NAT, as docker run -p does.`,
    fail: ({ actual }) => {
      const found = actual.replace(/"/g, '');
      return (
        `The page arrives, but the connection to ${HOST_ADDRESS}:${port} was ${found === 'no connection tracked' ? 'not translated at all (conntrack has no entry for it)' : `${found}, the host itself`}: ` +
        `a program on the host relays it (a proxy), so ${c.name} sees the host as its client instead of ${SERVER}. docker run -p publishes a port with destination NAT where packets enter: ` +
        `nft add rule ip nat prerouting iifname "eth0" tcp dport ${port} dnat to ${c.address}:${containerPort} (or: iptables -t nat -A PREROUTING -i eth0 -p tcp --dport ${port} -j DNAT --to-destination ${c.address}:${containerPort}), and stop the relay.`
      );
    },
  });
