/**
 * Every grader on raw state recorded from the real guest (scripts/record-grader-fixtures.ts):
 * the same verdicts as the proof, plus truncated and garbled output, which must be an error.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { earnedFraction } from '../../src/exams/score.ts';
import { answersSchema } from '../../src/exercises/answers.ts';
import { gradeOutput as gradeCollected } from '../../src/grading/grade.ts';
import { graderFor } from '../../src/grading/grader.ts';
import { loadGraders } from '../../src/grading/registry.ts';
import { listExerciseIds, loadExercise } from '../../src/exercises/load.ts';
import { givenChecks, passingChecks } from '../support/given-checks.ts';

const graders = await loadGraders(listExerciseIds());

/** An answer exercise's case is graded with the answers its script printed (<case>.answers.json), the start state with none. */
function gradeRecorded(id: string, name: string) {
  const output = readFileSync(`tests/fixtures/graders/${id}/${name}.txt`, 'utf8');
  const answersFile = `tests/fixtures/graders/${id}/${name}.answers.json`;
  return gradeOutput(id, output, existsSync(answersFile) ? answersSchema.parse(JSON.parse(readFileSync(answersFile, 'utf8'))) : undefined);
}

/** The one grading path (src/grading/grade.ts); a grader that throws a bug fails the test loudly. */
const gradeOutput = (id: string, output: string, answers?: Record<string, string>) => gradeCollected(graderFor(graders[id]!, undefined, answers), output);

describe.each(listExerciseIds())('grader %s on recorded state', (id) => {
  const exercise = loadExercise(id);

  it('fails the start state', () => {
    expect(gradeRecorded(id, 'start').status).toBe('fail');
  });

  it('marks as given exactly the checks that pass in the start state (an exam awards them nothing)', () => {
    const start = gradeRecorded(id, 'start');
    expect(givenChecks(start), 'mark these checks given: true in the grader').toEqual(passingChecks(start));
  });

  it('earns an exam task nothing in its start state, and all of it solved', () => {
    expect(earnedFraction(gradeRecorded(id, 'start'))).toBe(0);
    expect(earnedFraction(gradeRecorded(id, 'solution'))).toBe(1);
  });

  it.each(['solution', ...exercise.alternatives.map((f) => `alternative-${basename(f, '.sh')}`)])('passes %s', (name) => {
    const report = gradeRecorded(id, name);
    expect(report.status).toBe('pass');
    expect(report.score).toBe(report.maximum);
  });

  it.each(exercise.wrongAttempts)('fails $fails for $file', (wrong) => {
    const report = gradeRecorded(id, `wrong-${basename(wrong.file, '.sh')}`);
    const named = report.checks.find((c) => c.id === wrong.fails)!;
    expect(named.status).toBe('fail');
    expect(named.message).toMatch(new RegExp(wrong.message));
  });

  it('gives an error, never a pass, for truncated or garbled output of a passing state', () => {
    const output = readFileSync(`tests/fixtures/graders/${id}/solution.txt`, 'utf8');
    for (const cut of [0.1, 0.5, 0.95]) {
      expect(gradeOutput(id, output.slice(0, Math.floor(output.length * cut)))).toMatchObject({ status: 'error', fault: 'could-not-run' });
    }
    // Garble what this grader reads: iproute2's JSON when it reads links, else its probes' exit marks.
    const garbled = output.includes('"flags":[') ? output.replace(/"flags":\[/g, '"flags":[[') : output.replace(/\x1fexit=/g, '\x1fexit?');
    expect(garbled).not.toBe(output);
    expect(gradeOutput(id, garbled)).toMatchObject({ status: 'error', fault: 'could-not-run' });
    expect(gradeOutput(id, '\x00\xff garbage \x1e\x1e\x1f')).toMatchObject({ status: 'error', fault: 'could-not-run' });
  });
});

/** The solution's recorded state with namespace `ns` gone from `ip netns list`, as if the learner deleted it. */
function withoutNamespace(output: string, ns: string): string {
  const gone = output.replace(/\x1enetns\n((?:.+\n)*)/, (_section, names: string) => `\x1enetns\n${names.split('\n').filter((name) => name !== ns).join('\n')}`);
  if (gone === output) throw new Error(`the recorded state lists no namespace ${ns}`);
  return gone;
}

/** Each namespace a set-up makes (its "<ns>-exists" check passes in the start state), with its exercise. */
const setUpNamespaces = listExerciseIds().flatMap((id) =>
  gradeRecorded(id, 'start')
    .checks.filter((c) => c.given && c.status === 'pass' && c.id.endsWith('-exists') && c.title.startsWith('namespace '))
    .map((c) => ({ id, ns: c.id.slice(0, -'-exists'.length) })),
);

describe('a namespace the set-up made, deleted', () => {
  it('is found in the exercises whose set-up makes namespaces', () => {
    expect(setUpNamespaces.map((n) => n.id)).toEqual(expect.arrayContaining(['bgp-peering', 'ecmp-two-paths', 'netem-delay', 'publish-port', 'vlan-trunk', 'vxlan-overlay']));
  });

  it.each(setUpNamespaces)('$id: $ns is gone, and Reset brings it back (not ip netns add, which would make it empty)', ({ id, ns }) => {
    const report = gradeOutput(id, withoutNamespace(readFileSync(`tests/fixtures/graders/${id}/solution.txt`, 'utf8'), ns));
    const named = report.checks.find((c) => c.id === `${ns}-exists`)!;
    expect(named.status).toBe('fail');
    expect(named.actual).not.toMatch(new RegExp(`\\b${ns}\\b`));
    expect(named.message).toBe(`There is no namespace called ${ns} any more (ip netns list shows ${named.actual}). The set-up made it with everything in it; press Reset to set the exercise up again.`);
  });
});
