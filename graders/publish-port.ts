import type { CollectedState } from '../src/state/collect.ts';
import { check } from '../src/grading/check.ts';
import { bridgeChecks, containerChecks, FORWARDING_SYSCTLS, forwardingCheck, publishedCheck, publishedProbe, translatedCheck, translationProbe, type Container } from './lib/containers.ts';
import { defineGrader } from '../src/grading/grader.ts';
import { equals } from '../src/grading/matchers.ts';
import { probeSucceeded } from './lib/probes.ts';

const C1: Container = { name: 'c1', address: '172.17.0.2' };
const WEB = { id: 'host->172.17.0.2:80', kind: 'tcp' as const, from: '', target: C1.address, port: 80, alongside: true };

export default defineGrader({
  exercise: 'publish-port',
  request: {
    namespaces: ['', 'c1'],
    ip: ['link', 'addr', 'route'],
    sysctls: FORWARDING_SYSCTLS,
    probes: [WEB, publishedProbe(8080), translationProbe(8080)],
  },
  checks: [
    // The set-up built docker0 and c1: the task keeps them.
    ...[...bridgeChecks(), ...containerChecks(C1, { madeBySetUp: true })].map((c) => ({ ...c, given: true })),
    check({
      id: 'c1-web-server',
      subject: "c1's web server",
      given: true,
      property: 'answers on 172.17.0.2:80 from the host',
      requires: ['c1-port'],
      read: probeSucceeded(WEB.id),
      expect: equals(true),
      fail: 'Nothing answers on 172.17.0.2:80 from the host, so there is nothing to publish yet. The exercise starts a web server in c1; press Reset to get it back.',
    }),
    forwardingCheck(),
    publishedCheck(C1, 8080, 80, 'hello from c1', ['c1-web-server', 'c1-default-route', 'forwarding']),
    translatedCheck(C1, 8080, 80),
  ],
});
