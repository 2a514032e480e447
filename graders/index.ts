/** Every exercise's grader, by exercise id. */
import bridgeThree from './bridge-three.ts';
import eth1Up from './eth1-up.ts';
import type { Grader } from './grader.ts';
import interfaceZoo from './interface-zoo.ts';
import netnsRedBlue from './netns-red-blue.ts';
import policyRail from './policy-rail.ts';
import routerNs from './router-ns.ts';
import staticNeigh from './static-neigh.ts';
import vethTestns from './veth-testns.ts';

export const graders: Record<string, Grader> = Object.fromEntries([bridgeThree, eth1Up, interfaceZoo, netnsRedBlue, policyRail, routerNs, staticNeigh, vethTestns].map((g) => [g.exercise, g]));
