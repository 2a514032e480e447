/**
 * Checks are typed by what they read, and a grader's parameters by its exercise's declaration.
 * The `@ts-expect-error` lines are the proof: `npm run typecheck` (tsc over the whole tree,
 * tests included) fails if any of them compiles. At run time the same checks still grade, so
 * each test also shows what the type error saves an author from.
 */
import { describe, expect, it } from 'vitest';
import definition from '../../exercises/veth-testns/exercise.json' with { type: 'json' };
import { checkOf, grade } from '../../src/grading/check.ts';
import { defineParameterizedGrader } from '../../src/grading/grader.ts';
import { atLeast, contains, equals, matches } from '../../src/grading/matchers.ts';

interface LinkState {
  operstate: string;
  up: boolean;
  mtu: number;
  addresses: string[];
}
const check = checkOf<LinkState>();
const down: LinkState = { operstate: 'DOWN', up: false, mtu: 1500, addresses: [] };

describe('a check typed by what it reads', () => {
  it("refuses equals(true) against a read that returns 'down', which could never pass", () => {
    const wrong = check({
      id: 'eth1-up',
      subject: 'eth1',
      property: 'is up',
      // @ts-expect-error a read that returns a string does not fit a boolean matcher
      read: (s) => s.operstate,
      expect: equals(true),
      fail: 'eth1 is down.',
    });
    const right = check({ id: 'eth1-up', subject: 'eth1', property: 'is up', read: (s) => s.operstate, expect: equals('UP'), fail: 'eth1 is down.' });
    // The wrong one fails even for an interface that is up: that is the bug the type catches.
    expect(grade('x', [wrong], { ...down, operstate: 'UP' }).status).toBe('fail');
    expect(grade('x', [right], { ...down, operstate: 'UP' }).status).toBe('pass');
  });

  it('refuses a number matcher against a boolean read, and a text matcher against a list', () => {
    check({
      id: 'mtu',
      subject: 'eth1',
      property: 'mtu',
      // @ts-expect-error atLeast wants a number, not a boolean
      read: (s) => s.up,
      expect: atLeast(1500),
      fail: 'x',
    });
    check({
      id: 'addr',
      subject: 'eth1',
      property: 'address',
      // @ts-expect-error matches wants text, not a list
      read: (s) => s.addresses,
      expect: matches(/^10\./),
      fail: 'x',
    });
    const fits = check({ id: 'addr', subject: 'eth1', property: 'address', read: (s) => s.addresses, expect: contains('10.0.0.1/24'), fail: 'x' });
    expect(grade('x', [fits], { ...down, addresses: ['10.0.0.1/24'] }).status).toBe('pass');
  });
});

describe("a grader's parameters, typed from its exercise's declaration", () => {
  it('offers the declared names and refuses a misspelt one', () => {
    const grader = defineParameterizedGrader(definition, (p) => {
      const ns: string | number = p.ns;
      // @ts-expect-error veth-testns declares no parameter "namespace"
      const typo = p.namespace;
      return { request: { namespaces: ['', String(ns)], ip: ['link'] }, checks: [checkOf<unknown>()({ id: 'ns', subject: String(ns), property: String(typo), read: () => ns, expect: equals(ns), fail: 'x' })] };
    });
    expect(grader.request.namespaces).toEqual(['', 'testns']);
    expect(grader.checks[0]!.property).toBe('undefined');
  });

  it('refuses to build a grader for values that lack a declared parameter', () => {
    const grader = defineParameterizedGrader(definition, (p) => ({ request: { namespaces: [String(p.ns)] }, checks: [] }));
    expect(() => grader.build!({ ns: 'lab' })).toThrow(/^The grader of veth-testns needs values for [a-z_, ]*host_ip/);
  });
});
