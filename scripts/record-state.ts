/**
 * Records raw state-collection output from the real guest, for the unit tests of the
 * parsers and graders. Usage: npx tsx scripts/record-state.ts
 * Writes tests/fixtures/state/<name>.txt; re-run after changing the collection script.
 */
import { writeFileSync } from 'node:fs';
import { buildCollectionScript, type StateRequest } from '../src/state/collect.ts';
import { Machine } from '../src/vm/machine.ts';
import { loadNodeAssets, loadNodeSnapshot } from '../src/vm/node-assets.ts';

const scenes: Array<{ name: string; setup: string; request: StateRequest }> = [
  {
    name: 'fresh',
    setup: 'true',
    request: { sysctls: ['net.ipv4.ip_forward'], probes: [{ id: 'host->farhost', kind: 'ping', from: '', target: '10.51.0.1' }] },
  },
  {
    name: 'red-blue-veth',
    setup: `ip netns add red; ip netns add blue; ip -n red link set lo up
      ip link add veth0 type veth peer name veth1 netns red
      ip addr add 10.0.0.1/24 dev veth0; ip link set veth0 up
      ip -n red addr add 10.0.0.2/24 dev veth1; ip -n red link set veth1 up
      ip addr add 10.50.0.10/16 dev eth1; ip link set eth1 up; ip route add 10.51.0.0/16 via 10.50.0.1`,
    request: {
      sysctls: ['net.ipv4.ip_forward', 'net.ipv4.conf.all.rp_filter'],
      probes: [
        { id: 'red->10.0.0.1', kind: 'ping', from: 'red', target: '10.0.0.1' },
        { id: 'host->farhost', kind: 'ping', from: '', target: '10.51.0.1' },
        { id: 'server->host:80', kind: 'tcp', from: 'server', target: '198.51.100.10', port: 80 },
        { id: 'host->server', kind: 'http', from: '', target: '203.0.113.10', path: '/recorded' },
      ],
      serverLog: true,
    },
  },
  {
    name: 'firewall-bridge',
    setup: `ip netns add c1
      ip link add docker0 type bridge; ip addr add 172.17.0.1/16 dev docker0; ip link set docker0 up
      ip link add veth-c1 type veth peer name eth0 netns c1; ip link set veth-c1 master docker0 up
      ip -n c1 addr add 172.17.0.2/16 dev eth0; ip -n c1 link set eth0 up; ip -n c1 link set lo up
      ip -n c1 route add default via 172.17.0.1
      sysctl -qw net.ipv4.ip_forward=1
      iptables -t nat -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
      iptables-legacy -A INPUT -p tcp --dport 22 -j ACCEPT
      nft add table inet lab; nft add chain inet lab input '{ type filter hook input priority 0; }'
      tc qdisc add dev veth-c1 root netem delay 100ms
      (cd /tmp && nsenter --net=/run/netns/c1 httpd -p 80 -h /tmp)
      nsenter --net=/run/netns/c1 wget -qO- http://203.0.113.10/from-c1 >/dev/null`,
    request: { namespaces: ['', 'c1'], extra: ['bridge', 'nft', 'iptables', 'iptables-legacy', 'conntrack', 'sockets', 'qdiscs'] },
  },
];

const assets = loadNodeAssets();
const { state } = await loadNodeSnapshot(assets);
const machine = await Machine.start(assets, { kind: 'state', state });
for (const scene of scenes) {
  await machine.reset();
  await machine.exec(scene.setup, { timeoutMs: 30_000 });
  const started = performance.now();
  const result = await machine.exec(buildCollectionScript(scene.request), { timeoutMs: 30_000 });
  writeFileSync(`tests/fixtures/state/${scene.name}.txt`, result.stdout);
  console.log(`${scene.name}: ${result.stdout.length} bytes in ${(performance.now() - started).toFixed(0)} ms (exit ${result.exitCode})`);
}
await machine.destroy();
process.exit(0);
