import type { CollectedState } from '../src/state/collect.ts';
import { check } from '../src/grading/check.ts';
import { equals } from '../src/grading/matchers.ts';
import { probeSucceeded } from './lib/probes.ts';
import { labGrader } from './lib/troubleshooting-lab.ts';

export default labGrader({
  exercise: 'fix-forward-drop',
  // web listens on 23 as well; the router must keep dropping it. A passing run pays this probe's
  // timeout, side by side with the lab's own probes (a failing Check 6.2 s in line, 2.4 s so).
  probes: [{ id: 'client->web:23', kind: 'tcp', from: 'client', target: '10.0.2.2', port: 23, alongside: true }],
  checks: [
    check({
      id: 'telnet-still-blocked',
      subject: 'the router',
      property: 'still blocks telnet (TCP 23) from client to web',
      requires: ['client-reaches-web'],
      read: probeSucceeded('client->web:23'),
      expect: equals(false),
      pass: 'Telnet from client to web is still blocked, as the policy says.',
      fail:
        'client can now open TCP port 23 on web: the rule that blocks telnet is gone, and the ticket asked to keep it. ' +
        'Put it back with: ip netns exec router iptables -I FORWARD 1 -p tcp --dport 23 -j DROP',
    }),
  ],
});
