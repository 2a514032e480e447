import { bridgeChecks, containerChecks, fetchChecks, fetchProbe, FORWARDING_SYSCTLS, forwardingCheck, gatewayCheck, gatewayProbe, type Container } from './lib/containers.ts';
import { defineGrader } from '../src/grading/grader.ts';

const C1: Container = { name: 'c1', address: '172.17.0.2' };
const PATH = '/masquerade';

export default defineGrader({
  exercise: 'masquerade',
  request: {
    namespaces: ['', 'c1'],
    ip: ['link', 'addr', 'route'],
    sysctls: FORWARDING_SYSCTLS,
    probes: [gatewayProbe(C1), fetchProbe('c1', PATH)],
    serverLog: true,
  },
  checks: [
    ...bridgeChecks(),
    ...containerChecks(C1),
    gatewayCheck(C1),
    forwardingCheck(),
    ...fetchChecks(C1, PATH, ['c1-reaches-gateway', 'c1-default-route', 'forwarding']),
  ],
});
