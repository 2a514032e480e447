import { describe, expect, it } from 'vitest';
import { check, checkOf, grade, ProbeError } from '../../src/grading/check.ts';
import { all, any, atLeast, between, contains, equals, matches, not, subsetOf } from '../../src/grading/matchers.ts';
import { reportSchema } from '../../src/grading/report.ts';

describe('matchers', () => {
  it.each([
    [equals({ a: [1, 2] }), { a: [1, 2] }, true],
    [equals({ a: [1, 2] }), { a: [2, 1] }, false],
    [subsetOf(['lo', 'veth0']), ['veth0', 'eth0', 'lo'], true],
    [subsetOf(['lo', 'veth0']), ['lo'], false],
    [contains('10.0.0.1/24'), 'inet 10.0.0.1/24 scope global', true],
    [contains('red'), ['blue', 'red'], true],
    [contains('red'), 'blue', false],
    [matches(/^UP$/), 'UP', true],
    [between(90, 200), 120, true],
    [between(90, 200), 20, false],
    [atLeast(1), 0, false],
    [not(contains('eth9')), ['lo'], true],
    [all(contains('a'), contains('b')), 'ab', true],
    [all(contains('a'), contains('b')), 'a', false],
    [any(equals(1), equals(2)), 2, true],
    [any(equals(1), equals(2)), 3, false],
  ])('%# %s', (matcher, actual, pass) => {
    expect(matcher.test(actual as never).pass).toBe(pass);
  });

  it('describes what it expected in words', () => {
    expect(not(contains('eth9')).describe()).toBe('not something containing "eth9"');
    expect(any(equals(1), between(5, 6)).describe()).toBe('1 or a number from 5 to 6');
  });
});

interface State {
  namespaces: string[];
  loUp: Record<string, boolean>;
  ping?: boolean | Error;
}

const checks = [
  checkOf<State>()({
    id: 'red',
    subject: 'namespace red',
    property: 'exists',
    read: (s) => s.namespaces,
    expect: contains('red'),
    fail: ({ actual }) => `No namespace red; found ${actual}.`,
  }),
  checkOf<State>()({
    id: 'red-lo',
    subject: 'namespace red',
    property: 'loopback is up',
    requires: ['red'],
    weight: 2,
    read: (s) => s.loUp.red,
    expect: equals(true),
    fail: 'Bring lo up in red: ip -n red link set lo up.',
  }),
  checkOf<State>()({
    id: 'ping',
    subject: 'red',
    property: 'reaches 10.0.0.1',
    read: (s) => {
      if (s.ping instanceof Error) throw new ProbeError(`ping could not run: ${s.ping.message}`);
      return s.ping;
    },
    expect: equals(true),
    fail: 'red cannot reach 10.0.0.1.',
  }),
];

describe('grade', () => {
  it('passes with the full score when every check passes', () => {
    const report = grade('ex', checks, { namespaces: ['red'], loUp: { red: true }, ping: true });
    expect(reportSchema.parse(report)).toMatchObject({ status: 'pass', score: 4, maximum: 4 });
  });

  it('skips a check whose requirement failed, naming the requirement', () => {
    const report = grade('ex', checks, { namespaces: ['blue'], loUp: {}, ping: false });
    expect(report.status).toBe('fail');
    expect(report.checks.map((c) => c.status)).toEqual(['fail', 'skip', 'fail']);
    expect(report.checks[0]).toMatchObject({ expected: 'something containing "red"', actual: '["blue"]', message: 'No namespace red; found ["blue"].' });
    expect(report.checks[1]!.message).toBe('Not checked yet: first fix "namespace red: exists".');
    expect(report.score).toBe(0);
  });

  it('reports an error, never a pass, when a probe could not run', () => {
    const report = grade('ex', checks, { namespaces: ['red'], loUp: { red: true }, ping: new Error('timed out') });
    expect(report.status).toBe('error');
    expect(report.message).toMatch(/ping could not run: timed out/);
  });

  it('reports an error when the state could not be collected', () => {
    const report = grade('ex', checks, new Error('the agent did not answer'));
    expect(report).toMatchObject({ status: 'error', score: 0, maximum: 4 });
    expect(report.checks.every((c) => c.status === 'skip')).toBe(true);
  });

  it('refuses an empty grader, duplicate ids and requirements that come later', () => {
    expect(() => grade('ex', [], {})).toThrow(/no checks/);
    expect(() => grade('ex', [checks[0]!, checks[0]!], {} as State)).toThrow(/two checks with the id 'red'/);
    expect(() => grade('ex', [checks[1]!], {} as State)).toThrow(/requires 'red'/);
  });
});
