/** Exams: definitions load and validate, scoring is weighted, report comparison names each difference. */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { earnedScore, type Report } from '../../src/grading/report.ts';
import { decodeState, encodeGzippedState, encodeState, sha256Hex } from '../../src/exams/bundle-codec.ts';
import { listExamIds, loadExam } from '../../src/exams/load.ts';
import { listExerciseIds } from '../../src/exercises/load.ts';
import { compareExamReports, earnedFraction, scoreExam } from '../../src/exams/score.ts';

const report = (score: number, maximum: number, status: Report['status'] = score === maximum ? 'pass' : 'fail'): Report => ({ exercise: 'x', status, score, maximum, checks: [] });

describe('exams', () => {
  it('loads every exam in exams/, each task naming an existing exercise', () => {
    const files = readdirSync('exams').filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, ''));
    expect(files.length, 'exams/ holds the course exams').toBeGreaterThanOrEqual(2);
    expect([...listExamIds()].sort()).toEqual(files.sort());
    for (const id of listExamIds()) {
      const exam = loadExam(id);
      expect(exam.id).toBe(id);
      expect(exam.tasks.length, `${id} has tasks`).toBeGreaterThan(0);
      for (const task of exam.tasks) expect(listExerciseIds(), `${id}: task ${task.id}`).toContain(task.exercise);
    }
  });

  it('refuses an exam with an unknown exercise or a bad field, naming the file and the problem', () => {
    const dir = mkdtempSync(join(tmpdir(), 'exams-'));
    const exam = loadExam('foundations-practical');
    writeFileSync(join(dir, 'ghost.json'), JSON.stringify({ ...exam, id: 'ghost', tasks: [{ id: 'one', exercise: 'no-such-exercise', weight: 1 }] }));
    expect(() => loadExam('ghost', dir)).toThrow(/task one uses exercise 'no-such-exercise', which does not exist/);
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ...exam, id: 'bad', passPercent: 140 }));
    expect(() => loadExam('bad', dir)).toThrow(/bad\.json is not a valid exam[\s\S]*passPercent/);
  });

  it('scores by weight: a task never started or in error earns nothing', () => {
    const exam = loadExam('foundations-practical');
    const [first, second] = exam.tasks as [(typeof exam.tasks)[0], (typeof exam.tasks)[0]];
    const passed = scoreExam(exam, { [first.id]: report(10, 10), [second.id]: report(9, 12) });
    expect(passed.points).toBe(first.weight + (second.weight * 9) / 12);
    expect(passed.passed).toBe(passed.percent >= exam.passPercent);
    const empty = scoreExam(exam, { [first.id]: report(0, 10, 'error') });
    expect(empty).toMatchObject({ points: 0, percent: 0, passed: false });
    expect(empty.tasks[1]!.report).toBeNull();
  });

  it('awards a task only what the work made pass: a given check earns nothing kept, and costs its weight broken', () => {
    const result = (id: string, status: 'pass' | 'fail', weight: number, given?: boolean) => ({ id, title: id, status, weight, message: '', ...(given ? { given } : {}) });
    const graded = (...checks: ReturnType<typeof result>[]): Report => ({
      exercise: 'x',
      status: checks.every((c) => c.status === 'pass') ? 'pass' : 'fail',
      score: checks.filter((c) => c.status === 'pass').reduce((sum, c) => sum + c.weight, 0),
      maximum: checks.reduce((sum, c) => sum + c.weight, 0),
      checks,
    });
    // Left as set up: the lab intact (3 given points), nothing fixed.
    expect(earnedFraction(graded(result('intact', 'pass', 3, true), result('fixed', 'fail', 2), result('flows', 'fail', 2)))).toBe(0);
    // Half the work done, the lab intact: half the task.
    expect(earnedFraction(graded(result('intact', 'pass', 3, true), result('fixed', 'pass', 2), result('flows', 'fail', 2)))).toBe(0.5);
    // All done: the whole task.
    expect(earnedFraction(graded(result('intact', 'pass', 3, true), result('fixed', 'pass', 2), result('flows', 'pass', 2)))).toBe(1);
    // All done but a given check broken: its weight is lost, never below nothing.
    expect(earnedFraction(graded(result('intact', 'fail', 1, true), result('fixed', 'pass', 2), result('flows', 'pass', 2)))).toBe(0.75);
    expect(earnedFraction(graded(result('intact', 'fail', 3, true), result('fixed', 'fail', 2), result('flows', 'fail', 2)))).toBe(0);
    // The same in points, as an LMS gets them for a lesson's exercise.
    expect(earnedScore(graded(result('intact', 'pass', 3, true), result('fixed', 'pass', 2), result('flows', 'fail', 2)))).toEqual({ score: 2, maximum: 4 });
    const exam = loadExam('foundations-practical');
    const task = exam.tasks[0]!;
    expect(scoreExam(exam, { [task.id]: graded(result('intact', 'pass', 3, true), result('fixed', 'pass', 2), result('flows', 'fail', 2)) }).tasks[0]!.points).toBe(task.weight / 2);
  });

  it('names every difference between an authoritative report and a claimed one', () => {
    const exam = loadExam('foundations-practical');
    const truth = scoreExam(exam, { [exam.tasks[0]!.id]: report(3, 10) });
    const claimed = scoreExam(exam, { [exam.tasks[0]!.id]: report(10, 10), [exam.tasks[1]!.id]: report(12, 12) });
    expect(compareExamReports(truth, truth)).toEqual([]);
    const differences = compareExamReports(truth, claimed);
    expect(differences).toContainEqual(expect.stringMatching(new RegExp(`task ${exam.tasks[0]!.id}: 12 points, the browser claimed 40`)));
    expect(differences).toContainEqual(expect.stringMatching(/verdict: fail, the browser claimed pass/));
  });

  it('round-trips a VM state through the bundle encoding and refuses damaged data', async () => {
    const state = new Uint8Array(100_000).map((_, i) => (i * 7) % 251).buffer;
    const encoded = await encodeState(state);
    expect(new Uint8Array(await decodeState(encoded, 't'))).toEqual(new Uint8Array(state));
    await expect(decodeState({ ...encoded, sha256: '0'.repeat(64) }, 't')).rejects.toThrow(/task t: the VM state does not match its sha256/);
    await expect(decodeState({ ...encoded, data: encoded.data.slice(0, 100) }, 't')).rejects.toThrow(/task t: the VM state (is not valid|is \d+ bytes)/);
  });

  it("encodes base64 the same where the runtime has no encoder of its own (a browser without Uint8Array's toBase64, and no Buffer)", async () => {
    const gzipped = new Uint8Array(100_003).map((_, i) => (i * 131) % 256);
    const withBuffer = encodeGzippedState(gzipped, { sha256: '0'.repeat(64), bytes: 1 }).data;
    expect(withBuffer).toBe(Buffer.from(gzipped).toString('base64'));
    const prototype = Uint8Array.prototype as Uint8Array & { toBase64?: unknown };
    const native = Object.getOwnPropertyDescriptor(prototype, 'toBase64');
    vi.stubGlobal('Buffer', undefined);
    if (native) delete prototype.toBase64;
    try {
      expect(encodeGzippedState(gzipped, { sha256: '0'.repeat(64), bytes: 1 }).data).toBe(withBuffer);
    } finally {
      vi.unstubAllGlobals();
      if (native) Object.defineProperty(prototype, 'toBase64', native);
    }
  });

  it('encodes a state stored gzipped without gunzip and gzip again, and the decoder takes it as the same state', async () => {
    const state = new Uint8Array(300_000).map((_, i) => (i * 13) % 241);
    const gzipped = new Uint8Array(await new Response(new Blob([state]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer());
    const encoded = encodeGzippedState(gzipped, { sha256: await sha256Hex(state), bytes: state.length });
    expect(new Uint8Array(await decodeState(encoded, 't'))).toEqual(state);
    expect(encoded).toMatchObject({ encoding: 'gzip+base64', sha256: (await encodeState(state.slice().buffer)).sha256, bytes: 300_000 });
    // A digest that is not the stored state's is refused when decoded, as for any bundle.
    await expect(decodeState(encodeGzippedState(gzipped, { sha256: '0'.repeat(64), bytes: state.length }), 't')).rejects.toThrow(/does not match its sha256/);
  });
});
