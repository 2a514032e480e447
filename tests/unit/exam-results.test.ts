/** Grading a sitting's started tasks from their saved states, and the results bundle built from them. */
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/grading/report.ts';
import { decodeState } from '../../src/exams/bundle-codec.ts';
import { bundleSchema } from '../../src/exams/schema.ts';
import { examById } from '../../src/lib/exam-catalog.ts';
import { buildBundle, bundleFileName, gradeSitting, stateKeyOf } from '../../src/lib/exam-results.ts';
import { beginSitting, submit, withReport, type Sitting } from '../../src/lib/exam-sitting.ts';

const exam = examById('e2e-short');
const [cable, bridge] = exam.tasks as [(typeof exam.tasks)[0], (typeof exam.tasks)[0]];
const start = new Date('2026-05-04T09:00:00.000Z');
const end = new Date('2026-05-04T09:01:30.000Z');
const full = (exercise: string): Report => ({ exercise, status: 'pass', score: 5, maximum: 5, checks: [{ id: 'c', title: 't', status: 'pass', weight: 5, message: 'ok' }] });

function statesFor(sitting: Sitting, taskIds: string[]) {
  const states = new Map(taskIds.map((id, i) => [stateKeyOf(sitting, id), new Uint8Array(5000).fill(i + 1).buffer]));
  return { states, load: async (key: string) => states.get(key) };
}

describe('ending a sitting', () => {
  it('grades only the started tasks, each with the values drawn for it; a task never started earns nothing', async () => {
    const sitting = beginSitting(exam, '0001-abcd-ef10', start);
    const { load } = statesFor(sitting, [cable.id]);
    const graded: Array<[string, unknown]> = [];
    const report = await gradeSitting(exam, sitting, {
      loadState: load,
      gradeState: async (task, _state, values) => {
        graded.push([task.id, values]);
        return full(task.exercise);
      },
    });
    expect(graded).toHaveLength(1);
    expect(graded[0]![0]).toBe(cable.id);
    expect(graded[0]![1]).toHaveProperty('ns');
    expect(report).toMatchObject({ points: cable.weight, passed: false });
    expect(report.tasks[1]).toMatchObject({ id: bridge.id, points: 0, report: null });
  });

  it('gives a task that fails to grade an error report and no points, and still grades the others', async () => {
    const sitting = { ...beginSitting(exam, 's', start), startedTasks: [cable.id, bridge.id] };
    const { load } = statesFor(sitting, [cable.id, bridge.id]);
    const report = await gradeSitting(exam, sitting, {
      loadState: load,
      gradeState: async (task) => {
        if (task.id === cable.id) throw new Error('agent-timeout');
        return full(task.exercise);
      },
    });
    expect(report.tasks[0]).toMatchObject({ points: 0, report: { status: 'error', message: expect.stringContaining('agent-timeout') } });
    expect(report.tasks[1]!.points).toBe(bridge.weight);
  });

  it('builds a bundle that matches bundleSchema, with the started task state that decodes back to the same bytes', async () => {
    const begun = beginSitting(exam, '0001-abcd-ef10', start);
    const { states, load } = statesFor(begun, [cable.id]);
    const report = await gradeSitting(exam, begun, { loadState: load, gradeState: async (task) => full(task.exercise) });
    const sitting = withReport(submit(begun, 'timer', end), report);
    const bundle = await buildBundle(exam, sitting, load);
    expect(bundleSchema.parse(bundle)).toEqual(bundle);
    expect(bundle).toMatchObject({ exam: { id: 'e2e-short', version: 1 }, seed: '0001-abcd-ef10', startedAt: start.toISOString(), endedAt: end.toISOString(), submittedBy: 'timer', browserReport: report });
    expect(bundle.tasks.map((t) => t.id)).toEqual([cable.id, bridge.id]);
    expect(bundle.tasks[1]!.state).toBeNull();
    const decoded = await decodeState(bundle.tasks[0]!.state!, cable.id);
    expect(new Uint8Array(decoded)).toEqual(new Uint8Array(states.get(stateKeyOf(sitting, cable.id))!));
    expect(bundle.tasks[0]!.values).toHaveProperty('host_addr');
  });

  it('names the guest image build in the bundle when the sitting knows it', async () => {
    const begun = beginSitting(exam, 's', start, 'c645e9f2-a7fff2628ec8');
    const sitting = withReport(submit(begun, 'candidate', end), await gradeSitting(exam, begun, { loadState: async () => undefined, gradeState: async (task) => full(task.exercise) }));
    expect((await buildBundle(exam, sitting, async () => undefined)).image).toEqual({ build: 'c645e9f2-a7fff2628ec8' });
    const unknown = withReport(submit(beginSitting(exam, 's', start), 'candidate', end), sitting.report!);
    expect((await buildBundle(exam, unknown, async () => undefined)).image).toBeUndefined();
  });

  it('refuses to build a bundle before the sitting is graded', async () => {
    await expect(buildBundle(exam, beginSitting(exam, 's', start), async () => undefined)).rejects.toThrow(/not been submitted and graded/);
  });

  it('names the downloaded file after exam, seed and end time', () => {
    expect(bundleFileName({ exam: { id: 'e2e-short', version: 1 }, seed: '0001-abcd-ef10', endedAt: '2026-05-04T09:01:30.123Z' })).toBe('stacklab-e2e-short-0001-abcd-ef10-2026-05-04T090130Z.json');
  });
});
