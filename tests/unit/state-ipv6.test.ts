import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildCollectionScript, parseCollectedState } from '../../src/state/collect.ts';
import { addressesOf, familyOf, neighboursOf, routeFamily, routesOf } from '../../src/state/parse-ip.ts';
import { sceneRequest } from '../fixtures/state/scenes.ts';

const request = sceneRequest('ipv6-router');
const state = parseCollectedState(readFileSync('tests/fixtures/state/ipv6-router.txt', 'utf8'), request);

describe('IPv6 in the collected state (recorded from a router namespace between two IPv6 subnets)', () => {
  it('reads IPv6 routes from the same batch as IPv4 ones, told apart by family', () => {
    const left = state.namespaces.left!;
    expect(routesOf(left, 'inet6')).toContainEqual(expect.objectContaining({ dst: 'default', gateway: '2001:db8:1::1', dev: 'eth0' }));
    expect(routesOf(state.namespaces.right, 'inet6')).toContainEqual(expect.objectContaining({ dst: '2001:db8:1::/64', gateway: '2001:db8:2::1' }));
    expect(routesOf(left, 'inet').map((r) => r.dst)).toEqual(['127.0.0.0/8', '127.0.0.1', '127.255.255.255']);
    const host = state.namespaces['']!;
    expect(routesOf(host, 'inet')).toContainEqual(expect.objectContaining({ dst: 'default', gateway: '198.51.100.1' }));
    expect(routesOf(host, 'inet6')).not.toContainEqual(expect.objectContaining({ gateway: '198.51.100.1' }));
  });

  it('tells a default route with no gateway by the router preference only IPv6 routes carry', () => {
    const deviceDefault = state.namespaces['']!.routes.find((r) => r.dst === 'default' && r.dev === 'dup0');
    expect(deviceDefault).toBeDefined();
    expect(routeFamily(deviceDefault!)).toBe('inet6');
    expect(routeFamily({ dst: 'default', dev: 'eth0' })).toBe('inet');
  });

  it('reads neighbour-discovery entries beside ARP ones', () => {
    expect(neighboursOf(state.namespaces.router, 'inet6').map((n) => n.dst)).toEqual(expect.arrayContaining(['2001:db8:1::2', '2001:db8:2::2']));
    expect(neighboursOf(state.namespaces.router, 'inet')).toEqual([]);
    expect(neighboursOf(state.namespaces[''], 'inet').map((n) => n.dst)).toContain('198.51.100.1');
  });

  it('reads addresses of one family, link-local ones included', () => {
    const router = addressesOf(state.namespaces.router, 'inet6');
    expect(router['to-left']).toContain('2001:db8:1::1/64');
    expect(router['to-left']!.some((a) => a.startsWith('fe80::'))).toBe(true);
    expect(addressesOf(state.namespaces.router, 'inet')).toEqual({ lo: ['127.0.0.1/8'] });
    expect(familyOf('fe80::1/64')).toBe('inet6');
    expect(familyOf('10.0.0.1/24')).toBe('inet');
  });

  it('marks addresses that duplicate address detection has not cleared, and only those', () => {
    const host = state.namespaces['']!;
    expect(host.notReady).toEqual({ '2001:db8:9::1/64': 'dadfailed', '2001:db8:9::5/64': 'tentative' });
    expect(state.namespaces.left!.notReady).toBeUndefined();
  });

  it('reads IPv6 sysctls by key in each namespace', () => {
    expect(state.sysctls.router!['net.ipv6.conf.all.forwarding']).toBe('1');
    expect(state.sysctls.left!['net.ipv6.conf.all.forwarding']).toBe('0');
  });

  it('asks iproute2 once per namespace: IPv6 adds no command to the script', () => {
    const script = buildCollectionScript(request);
    expect(script.match(/ip_tables/g)?.length).toBe(3);
    expect(script).not.toMatch(/ip -6|-f inet6/);
    expect(script).toContain('route show table all');
  });

  it('waits for duplicate address detection only when a grader asks, and names the namespaces still pending', () => {
    expect(buildCollectionScript(request)).not.toContain('settle_ipv6');
    const script = buildCollectionScript({ ...request, settleIpv6: true });
    expect(script.indexOf('m ipv6-settle; settle_ipv6')).toBeGreaterThan(-1);
    expect(script.indexOf('m ipv6-settle')).toBeLessThan(script.indexOf('m "ip:$ns"'));
    const output = (pending: string) => `\n\x1enetns\nleft\n\x1eipv6-settle\n${pending}\n\x1eend\n`;
    expect(parseCollectedState(output(' . left'), { namespaces: [], settleIpv6: true }).ipv6Unsettled).toEqual(['', 'left']);
    expect(parseCollectedState(output(''), { namespaces: [], settleIpv6: true }).ipv6Unsettled).toBeUndefined();
  });
});
