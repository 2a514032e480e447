import { findLink, isUp } from '../src/state/parse-ip.ts';
import { check } from './check.ts';
import { defineGrader } from './grader.ts';
import { contains, equals } from './matchers.ts';
import type { CollectedState } from '../src/state/collect.ts';

const namespaceExists = (name: string) =>
  check<CollectedState>({
    id: `${name}-exists`,
    subject: `namespace ${name}`,
    property: 'exists',
    read: (s) => s.netns,
    expect: contains(name),
    pass: `${name} is there.`,
    fail: ({ actual }) => `There is no namespace called ${name} (ip netns list shows ${actual}). Create it with: ip netns add ${name}`,
  });

const loopbackUp = (name: string) =>
  check<CollectedState>({
    id: `${name}-lo-up`,
    subject: `namespace ${name}`,
    property: 'loopback is up',
    requires: [`${name}-exists`],
    read: (s) => isUp(findLink(s.namespaces[name], 'lo')),
    expect: equals(true),
    pass: `lo is up in ${name}.`,
    fail: `lo in ${name} is down: a new namespace starts with its loopback down. Bring it up with: ip -n ${name} link set lo up`,
  });

export default defineGrader({
  exercise: 'netns-red-blue',
  request: { namespaces: ['red', 'blue'], ip: ['link'], details: false },
  checks: [namespaceExists('red'), namespaceExists('blue'), loopbackUp('red'), loopbackUp('blue')],
});
