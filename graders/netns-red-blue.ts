import { findLink, isUp } from '../src/state/parse-ip.ts';
import { check } from '../src/grading/check.ts';
import { defineGrader } from '../src/grading/grader.ts';
import { equals } from '../src/grading/matchers.ts';
import { namespaceExists } from './lib/namespaces.ts';
import type { CollectedState } from '../src/state/collect.ts';

const loopbackUp = (name: string) =>
  check({
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
