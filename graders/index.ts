/** Every exercise's grader, by exercise id. */
import bondBackup from './bond-backup.ts';
import bridgeThree from './bridge-three.ts';
import containerFromScratch from './container-from-scratch.ts';
import eth1Up from './eth1-up.ts';
import fixForwardDrop from './fix-forward-drop.ts';
import fixForwarding from './fix-forwarding.ts';
import fixLinkDown from './fix-link-down.ts';
import fixNetmask from './fix-netmask.ts';
import fixReturnRoute from './fix-return-route.ts';
import type { Grader } from '../src/grading/grader.ts';
import inputFirewall from './input-firewall.ts';
import interfaceZoo from './interface-zoo.ts';
import masquerade from './masquerade.ts';
import netemDelay from './netem-delay.ts';
import netnsRedBlue from './netns-red-blue.ts';
import persistEth1 from './persist-eth1.ts';
import policyRail from './policy-rail.ts';
import publishPort from './publish-port.ts';
import routerNs from './router-ns.ts';
import staticNeigh from './static-neigh.ts';
import vethTestns from './veth-testns.ts';
import vlanTrunk from './vlan-trunk.ts';
import vrfBlue from './vrf-blue.ts';

export const graders: Record<string, Grader> = Object.fromEntries([bondBackup, bridgeThree, containerFromScratch, eth1Up, fixForwardDrop, fixForwarding, fixLinkDown, fixNetmask, fixReturnRoute, inputFirewall, interfaceZoo, masquerade, netemDelay, netnsRedBlue, persistEth1, policyRail, publishPort, routerNs, staticNeigh, vethTestns, vlanTrunk, vrfBlue].map((g) => [g.exercise, g]));
