/** Exercise parameters: deterministic per seed, different across seeds, clear about author mistakes. */
import { describe, expect, it } from 'vitest';
import { graderFor } from '../../src/grading/grader.ts';
import { loadGraders } from '../../src/grading/registry.ts';
import { loadExercise } from '../../src/exercises/load.ts';
import { displayScript, drawnValues, drawParameters, fillTemplate, parametersSchema, withParameters, type ParameterSpecs } from '../../src/exercises/parameters.ts';

const graders = await loadGraders(['veth-testns']);

const specs: ParameterSpecs = parametersSchema.parse({
  a: { kind: 'choice', values: ['red', 'blue', 'green', 'amber'], default: 'red' },
  b: { kind: 'choice', values: ['red', 'blue', 'green', 'amber'], default: 'blue', differentFrom: ['a'] },
  vlan: { kind: 'int', min: 2, max: 4094, default: 100 },
  lan: { kind: 'subnet', within: '10.0.0.0/8', prefix: 24, default: '10.0.0.0/24' },
  wan: { kind: 'subnet', within: '10.0.0.0/8', prefix: 24, default: '10.0.1.0/24', differentFrom: ['lan'] },
  gw: { kind: 'address', subnet: 'lan', host: 1 },
  gw_cidr: { kind: 'address', subnet: 'lan', host: 1, withPrefix: true },
});

describe('exercise parameters', () => {
  it('gives the defaults without a seed', () => {
    expect(drawParameters(specs)).toEqual({ a: 'red', b: 'blue', vlan: 100, lan: '10.0.0.0/24', wan: '10.0.1.0/24', gw: '10.0.0.1', gw_cidr: '10.0.0.1/24' });
  });

  it('gives the same values for the same seed and different values for different seeds', () => {
    expect(drawParameters(specs, 'exam-42')).toEqual(drawParameters(specs, 'exam-42'));
    const draws = ['s1', 's2', 's3', 's4', 's5'].map((seed) => JSON.stringify(drawParameters(specs, seed)));
    expect(new Set(draws).size).toBe(draws.length);
  });

  it('keeps its constraints in every draw: distinct names, disjoint subnets, none in the outside world, addresses inside their subnet', () => {
    for (let i = 0; i < 300; i++) {
      const v = drawParameters(specs, `seed-${i}`);
      expect(v.a).not.toBe(v.b);
      expect(v.lan).not.toBe(v.wan);
      expect(String(v.lan)).not.toMatch(/^10\.5[01]\./);
      expect(Number(v.vlan)).toBeGreaterThanOrEqual(2);
      expect(Number(v.vlan)).toBeLessThanOrEqual(4094);
      expect(String(v.gw_cidr)).toBe(`${String(v.lan).replace(/\.0\/24$/, '.1')}/24`);
    }
  });

  it('tells the drawn values from those derived from them, for the exam report\'s "Your values"', () => {
    const values = drawParameters(specs, 'exam-42');
    expect(drawnValues(specs, values)).toEqual({ a: values.a, b: values.b, vlan: values.vlan, lan: values.lan, wan: values.wan });
    expect(drawnValues(undefined, {})).toEqual({});
  });

  it('fills templates and scripts, and names an unknown placeholder', () => {
    const values = { ns: 'lab', addr: '10.9.8.1/24' };
    expect(fillTemplate('Create {{ns}} with {{ addr }}', values)).toBe('Create lab with 10.9.8.1/24');
    expect(() => fillTemplate('{{nope}}', values)).toThrow(/\{\{nope\}\} is not a parameter of this exercise \(it has: ns, addr\)/);
    expect(withParameters('#!/bin/sh\nip netns add "$NS"\n', values)).toBe(`#!/bin/sh\nexport NS='lab' ADDR='10.9.8.1/24'\nip netns add "$NS"\n`);
    expect(displayScript('ip netns add "$NS"; ip -n $NS addr add "$ADDR" dev x; echo $HOME', values)).toBe('ip netns add lab; ip -n lab addr add 10.9.8.1/24 dev x; echo $HOME');
    expect(displayScript('ip addr add "${ADDR%/24}/32" dev "${NS}x"', values)).toBe(`export NS='lab' ADDR='10.9.8.1/24'\nip addr add "\${ADDR%/24}/32" dev "labx"`);
  });

  it('refuses a parameter that refers to one not listed before it', () => {
    const result = parametersSchema.safeParse({ gw: { kind: 'address', subnet: 'lan', host: 1 }, lan: { kind: 'subnet', within: '10.0.0.0/8', prefix: 24, default: '10.0.0.0/24' } });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/gw refers to 'lan', which must be a parameter listed before it/);
  });

  it('builds the veth-testns grader and task for drawn values', () => {
    const exercise = loadExercise('veth-testns', undefined, 'exam-7');
    const grader = graderFor(graders['veth-testns']!, exercise.values);
    expect(exercise.task).toContain(`\`${exercise.values.ns}\``);
    expect(exercise.task).not.toContain('{{');
    expect(grader.request.namespaces).toEqual(['', exercise.values.ns]);
    expect(grader.checks.find((c) => c.id === 'veth0-address')?.property).toBe(`has ${exercise.values.host_addr}`);
    expect(exercise.setup).toContain(`export NS='${exercise.values.ns}'`);
  });
});
