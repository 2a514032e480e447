import type { CollectedState } from '../src/state/collect.ts';
import { check } from '../src/grading/check.ts';
import { equals } from '../src/grading/matchers.ts';
import { labGrader } from './lib/troubleshooting-lab.ts';

export default labGrader({
  exercise: 'fix-netmask',
  checks: [
    check({
      id: 'client-netmask',
      subject: "client's eth0",
      property: 'has 10.0.1.2/24 and no wider mask',
      // Judged once the symptom is gone, so that it tells a fixed mask from a route around it.
      requires: ['client-reaches-web'],
      read: (s) => (s.namespaces.client?.addresses.eth0 ?? []).filter((a) => a.includes('.')),
      expect: equals(['10.0.1.2/24']),
      pass: 'client has 10.0.1.2/24, as the lab plan says.',
      fail: ({ actual }) =>
        `client reaches web now, but its eth0 should have exactly 10.0.1.2/24; found ${actual}. ` +
        'A /16 still puts every other 10.0.x.x on the client\'s own link. Fix the mask: ' +
        'ip -n client addr del 10.0.1.2/16 dev eth0; ip -n client addr add 10.0.1.2/24 dev eth0; ip -n client route add default via 10.0.1.1',
    }),
  ],
});
