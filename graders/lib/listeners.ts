/**
 * The check shared by exercises whose set-up starts TCP listeners on the host (netcat on the
 * service ports) so that a firewall's open and filtered ports differ: it passes in the start
 * state, and the traffic checks require it, so a learner who stopped a listener is told that
 * first instead of reading "blocked" for a port nothing listens on.
 *
 * @example
 * request: { namespaces: [''], extra: ['sockets'], ... }, checks: [listenersCheck([22, 80, 3306]), ...]
 */
import { check } from '../../src/grading/check.ts';
import { equals } from '../../src/grading/matchers.ts';

export const listenersCheck = (ports: number[]) =>
  check({
    id: 'listeners',
    subject: 'the services',
    given: true,
    property: `listen on tcp ports ${ports.join(', ')}`,
    read: (s) => [...new Set((s.namespaces['']!.sockets ?? []).filter((x) => x.protocol === 'tcp' && x.state === 'LISTEN' && ports.includes(x.port)).map((x) => x.port))].sort((a, b) => a - b),
    expect: equals(ports),
    fail: ({ actual }) => `The exercise runs listeners on ports ${ports.join(', ')}, but only ${actual} listen now (ss -tln). Without them the check cannot tell open from filtered; press Reset to start them again.`,
  });
