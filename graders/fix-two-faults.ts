/**
 * Two independent faults in the troubleshooting lab: web's firewall lets HTTP in on the wrong
 * port, and web has no route back to the client's subnet. The report says how many faults remain
 * and never which: the outcome is one check (the ticket's traffic, both ways, without saying which
 * way fails), and the count comes from one probe per fault that crosses only that fault's part of
 * the lab (router to web:80 from the router's own, directly connected address needs no route back;
 * web's ping to the client crosses no input firewall of web's but the replies it accepts anyway).
 *
 *   client eth0 10.0.1.2 ── eth1 10.0.1.1 [router] eth2 10.0.2.1 ── eth0 10.0.2.2 web (HTTP :80, telnet :23, nft input)
 */
import type { CollectedState, Probe } from '../src/state/collect.ts';
import { check } from '../src/grading/check.ts';
import { defineGrader } from '../src/grading/grader.ts';
import { equals } from '../src/grading/matchers.ts';
import { faultsLeftCheck } from './lib/faults-left.ts';
import { probeSucceeded } from './lib/probes.ts';
import { intactChecks, NAMESPACES } from './lib/troubleshooting-lab.ts';

const FETCH: Probe = { id: 'client->web:80/', kind: 'http', from: 'client', target: '10.0.2.2', path: '/', alongside: true };
const PING_BACK: Probe = { id: 'web->client', kind: 'ping', from: 'web', target: '10.0.1.2', alongside: true };
/** From the router's address on web's own subnet: passes once web lets HTTP in, whatever web's routes. */
const LOCAL_HTTP: Probe = { id: 'router->web:80', kind: 'tcp', from: 'router', target: '10.0.2.2', port: 80, alongside: true };
/** web's policy keeps telnet closed; a passing run pays this probe's timeout, while the others run. */
const TELNET: Probe = { id: 'client->web:23', kind: 'tcp', from: 'client', target: '10.0.2.2', port: 23, alongside: true };

const traffic = (s: CollectedState) => probeSucceeded(FETCH.id)(s) && probeSucceeded(PING_BACK.id)(s);

export default defineGrader({
  exercise: 'fix-two-faults',
  request: { namespaces: NAMESPACES, ip: ['link', 'addr'], details: false, probes: [FETCH, PING_BACK, LOCAL_HTTP, TELNET] },
  checks: [
    ...intactChecks,
    check({
      id: 'traffic-flows',
      subject: 'the lab',
      property: 'carries the ticket\'s traffic: client fetches http://10.0.2.2/ and web pings 10.0.1.2',
      requires: intactChecks.map((c) => c.id),
      weight: 2,
      read: traffic,
      expect: equals(true),
      pass: 'client fetches the page and web reaches the client: the path works both ways.',
      fail:
        'The ticket\'s traffic does not all flow yet: client must fetch http://10.0.2.2/ and web must ping 10.0.1.2. ' +
        'Try both yourself and walk the path hop by hop: links, addresses, a route there and back on each hop (ip -n <ns> route get), ' +
        'forwarding, and every firewall on the way (tcpdump on each hop shows where packets stop).',
    }),
    faultsLeftCheck([probeSucceeded(PING_BACK.id), probeSucceeded(LOCAL_HTTP.id)], { requires: intactChecks.map((c) => c.id), weight: 2 }),
    check({
      id: 'telnet-closed',
      subject: 'web',
      property: 'still keeps telnet (TCP 23) closed to the client, as its policy says',
      requires: ['traffic-flows'],
      read: probeSucceeded(TELNET.id),
      expect: equals(false),
      pass: 'Telnet on web stays closed, as its policy says.',
      fail:
        'client can open TCP port 23 on web: the policy lets in HTTP and ping only, and telnet must stay closed. ' +
        'Put web\'s firewall back (Reset, or a default-drop input chain) and open only what the policy names.',
    }),
  ],
});
