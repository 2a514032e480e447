/**
 * Answer exercises (src/exercises/answers.ts): questions and answers as data, the answers a
 * script prints, the normalising that makes harmless differences pass, and the answer checks of
 * read-the-fdb and trace-the-drop on state recorded from the real guest
 * (scripts/record-grader-fixtures.ts): right answers in other forms pass, wrong ones say what
 * was found, blank ones name the unanswered question.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { answersFor, answersSchema, parseAnswerLine, questionsSchema } from '../../src/exercises/answers.ts';
import { loadExercise } from '../../src/exercises/load.ts';
import { bundleTaskSchema } from '../../src/exams/schema.ts';
import { gradeOutput } from '../../src/grading/grade.ts';
import { graderFor } from '../../src/grading/grader.ts';
import { loadGrader } from '../../src/grading/registry.ts';
import { answerStore } from '../../src/lib/answer-store.ts';
import { normaliseChain, normaliseHandle, normaliseMac, normalisePort } from '../../graders/lib/answers.ts';

const questions = questionsSchema.parse([
  { id: 'app-port', prompt: 'Which port learned it?' },
  { id: 'p1-mac', prompt: 'Which MAC is behind p1?' },
]);

describe('questions and answers as data', () => {
  it('refuses two questions with one id, and an id that is not lower-case words', () => {
    expect(questionsSchema.safeParse([...questions, { id: 'app-port', prompt: 'Asked a second time?' }]).success).toBe(false);
    expect(questionsSchema.safeParse([{ id: 'App Port', prompt: 'Which port learned it?' }]).success).toBe(false);
    expect(questionsSchema.safeParse([]).success).toBe(false);
  });

  it('keeps the answers to the questions only, trimmed, a missing one blank', () => {
    expect(answersFor(questions, { 'app-port': '  p3 ', other: 'x' })).toEqual({ 'app-port': 'p3', 'p1-mac': '' });
    expect(answersFor(questions, undefined)).toEqual({ 'app-port': '', 'p1-mac': '' });
  });

  it('reads the answers a script printed on its last line', () => {
    expect(parseAnswerLine('bridge output\n{"app-port":"p2","p1-mac":"02:aa:bb:cc:dd:ee"}\n\n', questions)).toEqual({ 'app-port': 'p2', 'p1-mac': '02:aa:bb:cc:dd:ee' });
  });

  it('says what is wrong with a last line that is not answers', () => {
    expect(() => parseAnswerLine('p2\n', questions)).toThrow(/JSON object on its last line.*"p2"/);
    expect(() => parseAnswerLine('{"app-port":2}', questions)).toThrow(/not an object of strings/);
    expect(() => parseAnswerLine('{"port":"p2"}', questions)).toThrow(/names port, which is not a question \(app-port, p1-mac\)/);
  });

  it('stores answers with an exam task, and refuses an answer too long to be one', () => {
    const task = { id: 't1', exercise: 'read-the-fdb', values: {}, answers: { 'app-port': 'p3' }, state: null };
    expect(bundleTaskSchema.parse(task).answers).toEqual({ 'app-port': 'p3' });
    expect(answersSchema.safeParse({ 'app-port': 'x'.repeat(201) }).success).toBe(false);
  });
});

describe('normalising harmless differences', () => {
  it.each([
    ['02:AB:cd:00:11:22', '02:ab:cd:00:11:22'],
    ['02-ab-cd-00-11-22', '02:ab:cd:00:11:22'],
    ['02ab.cd00.1122', '02:ab:cd:00:11:22'],
    [' 02:ab:cd:00:11:22 ', '02:ab:cd:00:11:22'],
  ])('MAC %s is %s', (typed, normal) => expect(normaliseMac(typed)).toBe(normal));

  it.each([
    ['p3', 'p3'],
    ['br0 port p3', 'p3'],
    ['dev p3', 'p3'],
    ['`p3`.', 'p3'],
  ])('port %s is %s', (typed, normal) => expect(normalisePort(typed)).toBe(normal));

  it.each([
    ['7', '7'],
    ['handle 7', '7'],
    ['# handle 7', '7'],
    ['Handle 7', '7'],
  ])('handle %s is %s', (typed, normal) => expect(normaliseHandle(typed)).toBe(normal));

  it('keeps what differs: another MAC, another handle, a handle with other words', () => {
    expect(normaliseMac('02:ab:cd:00:11:23')).not.toBe(normaliseMac('02:ab:cd:00:11:22'));
    expect(normaliseHandle('17')).not.toBe(normaliseHandle('7'));
    expect(normaliseHandle('rule 7')).toBe('rule 7');
  });

  it.each([
    ['services', 'services'],
    ['chain services', 'services'],
    ['inet filter services', 'services'],
  ])('chain %s is %s', (typed, normal) => expect(normaliseChain(typed)).toBe(normal));
});

const recorded = (id: string, name: string) => readFileSync(`tests/fixtures/graders/${id}/${name}.txt`, 'utf8');
const answersOf = (id: string, name: string): Record<string, string> => JSON.parse(readFileSync(`tests/fixtures/graders/${id}/${name}.answers.json`, 'utf8'));

describe.each(['read-the-fdb', 'trace-the-drop'])('%s graded against the state it reads', (id) => {
  it('names every unanswered question when nothing is typed', async () => {
    const exercise = loadExercise(id);
    const report = gradeOutput(graderFor(await loadGrader(id), undefined, {}), recorded(id, 'solution'));
    expect(report.status).toBe('fail');
    exercise.questions!.forEach((question, index) => {
      const result = report.checks[index]!;
      expect(result.status).toBe('fail');
      expect(result.message).toContain(`Question ${index + 1} ("${question.prompt.replace(/`/g, '')}") is unanswered`);
    });
  });

  it('grades the answers it is given, not stored ones: the same state fails with another answer', async () => {
    const grader = await loadGrader(id);
    const right = answersOf(id, 'solution');
    expect(gradeOutput(graderFor(grader, undefined, right), recorded(id, 'solution')).status).toBe('pass');
    const wrong = Object.fromEntries(Object.entries(right).map(([key, value]) => [key, `${value}0`]));
    const report = gradeOutput(graderFor(grader, undefined, wrong), recorded(id, 'solution'));
    expect(report.checks.map((c) => c.status)).toEqual(report.checks.map(() => 'fail'));
  });
});

describe('the feedback of a wrong answer', () => {
  it('read-the-fdb: says br0 did not learn the MAC on the port answered, and that br0 is the bridge, not a port', async () => {
    const right = answersOf('read-the-fdb', 'solution');
    const report = gradeOutput(graderFor(await loadGrader('read-the-fdb'), undefined, { ...right, 'app-port': 'br0' }), recorded('read-the-fdb', 'solution'));
    expect(report.checks[0]!.message).toMatch(/^You answered br0; br0 has not learned app's MAC \S+ on br0\. br0 is the bridge itself/);
  });

  it('never gives the right answer away: not in the message, the expected or the found of any wrong answer', async () => {
    for (const id of ['read-the-fdb', 'trace-the-drop']) {
      const right = answersOf(id, 'solution');
      const wrong = Object.fromEntries(Object.keys(right).map((key) => [key, key === 'p1-mac' ? '02:00:00:00:00:01' : '1']));
      const report = gradeOutput(graderFor(await loadGrader(id), undefined, wrong), recorded(id, 'solution'));
      for (const [index, result] of report.checks.entries()) {
        const secret = Object.values(right)[index]!;
        expect(result.status).toBe('fail');
        expect(`${result.message} ${result.expected} ${result.actual}`).not.toContain(secret);
      }
    }
  });

  it('read-the-fdb: accepts the MAC in upper case and dotted, and the port with words around it', async () => {
    const right = answersOf('read-the-fdb', 'solution');
    const dotted = right['p1-mac']!.replace(/:/g, '').toUpperCase().replace(/(....)(....)(....)/, '$1.$2.$3');
    const report = gradeOutput(graderFor(await loadGrader('read-the-fdb'), undefined, { 'app-port': `br0 port ${right['app-port']}`, 'p1-mac': dotted }), recorded('read-the-fdb', 'solution'));
    expect(report.status).toBe('pass');
  });

  it('trace-the-drop: says the trace does not show the handle answered dropping the flow, and how to read it', async () => {
    const right = answersOf('trace-the-drop', 'solution');
    const report = gradeOutput(graderFor(await loadGrader('trace-the-drop'), undefined, { ...right, handle: 'handle 1' }), recorded('trace-the-drop', 'solution'));
    expect(report.checks[1]!.message).toMatch(/^You answered handle 1; the trace does not show the flow dropped by handle 1\. .*\(verdict drop\)/);
  });

  it('trace-the-drop: a trace that shows no drop says the ruleset changed and to Reset', async () => {
    const output = recorded('trace-the-drop', 'solution').replace(/\(verdict drop\)/g, '(verdict accept)');
    const report = gradeOutput(graderFor(await loadGrader('trace-the-drop'), undefined, answersOf('trace-the-drop', 'solution')), output);
    expect(report.checks[1]!.message).toMatch(/shows no rule dropping it.*Press Reset/);
  });
});

describe('the answer store', () => {
  const memory = () => {
    const items = new Map<string, string>();
    return { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v), removeItem: (k: string) => void items.delete(k), items };
  };

  it('keeps answers per exercise until they are cleared', () => {
    const storage = memory();
    const store = answerStore(storage);
    store.save('read-the-fdb', { 'app-port': 'p3' });
    store.save('trace-the-drop', { handle: '7' });
    expect(answerStore(storage).load('read-the-fdb')).toEqual({ 'app-port': 'p3' });
    store.clear('read-the-fdb');
    expect(store.load('read-the-fdb')).toEqual({});
    expect(store.load('trace-the-drop')).toEqual({ handle: '7' });
  });

  it('ignores what is not answers, and works on without storage', () => {
    const storage = memory();
    storage.setItem('stacklab:answers:read-the-fdb', '{"app-port":3}');
    storage.setItem('stacklab:answers:trace-the-drop', 'not json');
    expect(answerStore(storage).load('read-the-fdb')).toEqual({});
    expect(answerStore(storage).load('trace-the-drop')).toEqual({});
    const blocked = { getItem: () => { throw new Error('blocked'); }, setItem: () => { throw new Error('full'); }, removeItem: () => {} };
    expect(() => answerStore(blocked).save('read-the-fdb', { 'app-port': 'p3' })).not.toThrow();
    expect(answerStore(blocked).load('read-the-fdb')).toEqual({});
  });
});
