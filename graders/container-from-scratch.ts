import type { CollectedState, Probe } from '../src/state/collect.ts';
import { check } from '../src/grading/check.ts';
import {
  bridgeChecks,
  containerChecks,
  fetchChecks,
  fetchProbe,
  FORWARDING_SYSCTLS,
  forwardingCheck,
  gatewayCheck,
  gatewayProbe,
  publishedCheck,
  publishedProbe,
  translatedCheck,
  translationProbe,
  type Container,
} from './lib/containers.ts';
import { defineGrader } from '../src/grading/grader.ts';
import { equals } from '../src/grading/matchers.ts';
import { probeSucceeded } from './lib/probes.ts';

const C1: Container = { name: 'c1', address: '172.17.0.2' };
const C2: Container = { name: 'c2', address: '172.17.0.3' };
const pairs = [
  [C1, C2],
  [C2, C1],
] as const;
const ping = (from: Container, to: Container): Probe => ({ id: `${from.name}->${to.name}`, kind: 'ping', from: from.name, target: to.address, alongside: true });
const WEB: Probe = { id: 'c1->c2:80', kind: 'tcp', from: 'c1', target: C2.address, port: 80, alongside: true };

export default defineGrader({
  exercise: 'container-from-scratch',
  request: {
    namespaces: ['', 'c1', 'c2'],
    ip: ['link', 'addr', 'route'],
    sysctls: FORWARDING_SYSCTLS,
    probes: [
      gatewayProbe(C1),
      gatewayProbe(C2),
      ...pairs.map(([a, b]) => ping(a, b)),
      WEB,
      fetchProbe('c1', '/from-c1'),
      fetchProbe('c2', '/from-c2'),
      publishedProbe(8081),
      translationProbe(8081),
    ],
    serverLog: true,
  },
  checks: [
    ...bridgeChecks(),
    ...containerChecks(C1),
    ...containerChecks(C2),
    gatewayCheck(C1),
    gatewayCheck(C2),
    ...pairs.map(([a, b]) =>
      check({
        id: `${a.name}-reaches-${b.name}`,
        subject: a.name,
        property: `pings ${b.name} (${b.address}) across docker0`,
        requires: [`${a.name}-reaches-gateway`, `${b.name}-reaches-gateway`],
        read: probeSucceeded(ping(a, b).id),
        expect: equals(true),
        fail: `${a.name} cannot ping ${b.address}, though both reach the gateway. The bridge switches between its ports without any routing; if bridged traffic goes through iptables (sysctl net.bridge.bridge-nf-call-iptables = 1), a FORWARD chain that drops needs: iptables -A FORWARD -i docker0 -o docker0 -j ACCEPT`,
      }),
    ),
    check({
      id: 'c2-web-server',
      subject: "c2's web server",
      property: 'answers c1 on 172.17.0.3:80',
      requires: ['c1-reaches-c2'],
      read: probeSucceeded(WEB.id),
      expect: equals(true),
      fail: 'Nothing answers on 172.17.0.3:80. A container is a process in a namespace: start the web server in c2 with: ip netns exec c2 busybox httpd -p 80 -h /srv/c2',
    }),
    forwardingCheck(),
    ...fetchChecks(C1, '/from-c1', ['c1-reaches-gateway', 'c1-default-route', 'forwarding']),
    ...fetchChecks(C2, '/from-c2', ['c2-reaches-gateway', 'c2-default-route', 'forwarding']),
    publishedCheck(C2, 8081, 80, 'hello from c2', ['c2-web-server', 'c2-default-route', 'forwarding']),
    translatedCheck(C2, 8081, 80),
  ],
});
