import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCollectedState, StateParseError } from '../../src/state/collect.ts';
import { parseIptablesSave, parseSockets } from '../../src/state/extra-sections.ts';
import { sceneRequest } from '../fixtures/state/scenes.ts';

const output = readFileSync('tests/fixtures/state/firewall-bridge.txt', 'utf8');
const request = sceneRequest('firewall-bridge');

describe('bridge, firewall, conntrack, sockets and qdiscs on recorded guest output', () => {
  const state = parseCollectedState(output, request);
  const host = state.namespaces['']!;
  const c1 = state.namespaces.c1!;

  it('reads bridge ports', () => {
    expect(host.bridge!.links).toContainEqual(expect.objectContaining({ ifname: 'veth-c1', master: 'docker0' }));
  });

  it('reads iptables (nft) and iptables-legacy rules separately', () => {
    expect(host.iptables).toContainEqual({ table: 'nat', chain: 'POSTROUTING', rule: '-s 172.17.0.0/16 ! -o docker0 -j MASQUERADE' });
    expect(host.iptablesLegacy).toContainEqual({ table: 'filter', chain: 'INPUT', rule: '-p tcp -m tcp --dport 22 -j ACCEPT' });
    expect(host.iptables!.some((r) => r.chain === 'INPUT')).toBe(false);
  });

  it('reads the nftables ruleset as JSON', () => {
    expect(host.nft).toContainEqual({ table: expect.objectContaining({ family: 'inet', name: 'lab' }) });
  });

  it('reads conntrack entries with both directions of the NATed flow', () => {
    const flow = host.conntrack!.find((e) => e.text.includes('dst=203.0.113.10'));
    expect(flow?.fields.filter(([k]) => k === 'src').map(([, v]) => v)).toEqual(['172.17.0.2', '203.0.113.10']);
    expect(flow?.fields.filter(([k]) => k === 'dst').map(([, v]) => v)).toEqual(['203.0.113.10', '198.51.100.10']);
  });

  it('reads listening sockets and qdiscs per namespace', () => {
    expect(c1.sockets).toContainEqual({ protocol: 'tcp', state: 'LISTEN', local: '*', port: 80 });
    expect(host.qdiscs).toContainEqual(expect.objectContaining({ kind: 'netem', dev: 'veth-c1' }));
  });

  it('refuses garbled sections', () => {
    expect(() => parseCollectedState(output.replace('"nftables"', '"nftablez"'), request)).toThrow(StateParseError);
    expect(() => parseIptablesSave('-A INPUT -j DROP', 'x')).toThrow(/outside any table/);
    expect(() => parseSockets('garbage')).toThrow(/unexpected line/);
  });
});
