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
