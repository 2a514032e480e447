/** The browser's catalogs: exams validated against the exercises, and exercise tasks instantiated from a seed. */
import { describe, expect, it } from 'vitest';
import { taskSeed } from '../../src/exams/score.ts';
import { examById, examIds, examMaximum, listedExams } from '../../src/lib/exam-catalog.ts';
import { exerciseById, exerciseIds, instantiateExercise } from '../../src/lib/exercise-catalog.ts';

describe('the exam catalog', () => {
  it('has every exam in exams/, lists all but the test exams', () => {
    expect(examIds()).toContain('foundations-practical');
    expect(examIds()).toContain('e2e-short');
    expect(listedExams().map((e) => e.id)).toContain('foundations-practical');
    expect(listedExams().map((e) => e.id)).not.toContain('e2e-short');
    expect(listedExams().map((e) => e.id)).toContain('routing-nat-practical');
    expect(listedExams().map((e) => e.id)).toContain('ipv6-overlay-practical');
  });

  it('names the known exams when asked for one that does not exist', () => {
    expect(() => examById('ghost')).toThrow(/no exam "ghost".*foundations-practical/);
  });

  it('adds up the full marks from the task weights', () => {
    expect(examMaximum(examById('foundations-practical'))).toBe(100);
    expect(examMaximum(examById('routing-nat-practical'))).toBe(100);
    expect(examMaximum(examById('ipv6-overlay-practical'))).toBe(100);
  });

  it('gives the test exam the same tasks as the exam it stands for, with a short limit', () => {
    const real = examById('foundations-practical');
    const short = examById('e2e-short');
    expect(short.tasks).toEqual(real.tasks);
    expect(short.timeLimitMinutes).toBeLessThan(5);
  });
});

describe('instantiating an exercise from a seed', () => {
  it('gives the same values, task and set-up for the same seed', () => {
    const a = instantiateExercise('veth-testns', taskSeed('0001-abcd-ef10', 'cable'));
    const b = instantiateExercise('veth-testns', taskSeed('0001-abcd-ef10', 'cable'));
    expect(a).toEqual(b);
    expect(a.definition.task).toContain(String(a.values.ns));
    expect(a.definition.task).toContain(String(a.values.host_addr));
    expect(a.definition.task).not.toMatch(/\{\{/);
    expect(a.setup).toContain(`NS='${a.values.ns}'`);
    expect(a.solution).toContain(`ip netns add ${a.values.ns}`);
  });

  it('gives other values for other seeds', () => {
    const subnets = new Set(['s1', 's2', 's3', 's4'].map((seed) => instantiateExercise('veth-testns', seed).values.subnet));
    expect(subnets.size).toBeGreaterThan(1);
  });

  it('leaves an exercise without parameters as the catalog has it', () => {
    const plain = exerciseIds().find((id) => Object.keys(exerciseById(id).values).length === 0)!;
    const seeded = instantiateExercise(plain, 'any-seed');
    expect(seeded.values).toEqual({});
    expect(seeded).toEqual(exerciseById(plain));
  });

  it('refuses an unknown exercise', () => {
    expect(() => instantiateExercise('ghost', 's')).toThrow(/no exercise "ghost"/);
  });
});
