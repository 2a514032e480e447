import { describe, expect, it } from 'vitest';
import { longestMatch } from '../../graders/router-ns.ts';
import type { Route } from '../../src/state/parse-ip.ts';

const routes: Route[] = [
  { dst: 'default', gateway: '10.0.1.1', dev: 'eth0' },
  { dst: '10.0.1.0/24', dev: 'eth0', protocol: 'kernel', scope: 'link' },
  { dst: '10.0.2.0/24', gateway: '10.0.1.9', dev: 'eth0' },
  { dst: '10.0.2.7', gateway: '10.0.1.7', dev: 'eth0' },
  { dst: '10.0.3.0/24', gateway: '10.0.1.5', dev: 'eth0', table: '100' },
  { dst: '10.0.1.2', dev: 'eth0', table: 'local', type: 'local' },
];

describe('longestMatch, the route the kernel would pick from the main table', () => {
  it.each([
    ['10.0.2.2', '10.0.2.0/24'],
    ['10.0.2.7', '10.0.2.7'],
    ['10.0.1.2', '10.0.1.0/24'],
    ['10.0.3.1', 'default'],
    ['192.0.2.1', 'default'],
  ])('picks the longest prefix for %s: %s', (ip, dst) => {
    expect(longestMatch(routes, ip)?.dst).toBe(dst);
  });

  it('finds nothing without a default route, and ignores other tables', () => {
    expect(longestMatch(routes.slice(1), '10.0.3.1')).toBeUndefined();
  });
});
