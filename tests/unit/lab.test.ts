import { describe, expect, it } from 'vitest';
import { labPlan, type LabLesson } from '../../src/lib/lab.ts';
import type { TranslationTable } from '../../src/schemas/translation-table.ts';

const table = (): TranslationTable => ({ caption: 'c', rows: [{ router: 'show ip int brief', linux: 'ip -br addr', note: 'n' }] });
const lesson = (id: string, order: number, lab: LabLesson['data']['lab'], body: string): LabLesson => ({ id, data: { title: `Title ${id}`, order, lab }, body });

const lessons = [
  lesson('one', 1, 'fresh', '<TranslationTable data="t" />\n<Cmd run="ip link set eth1 up" block />'),
  lesson('two', 2, { after: ['one'] }, '<Cmd run="ip netns add red" block />\n<Cmd run="ping -c 1 -W 1 10.9.9.9" block fails />'),
  lesson('three', 3, { after: ['two'] }, '<Cmd run="ip -n red link" />'),
  lesson('four', 4, { after: ['one', 'two'] }, ''),
  lesson('five', 5, 'fresh', '<Cmd run="ip -br link" />'),
];

describe('a lesson lab', () => {
  it('needs no commands when it is fresh', () => {
    expect(labPlan('five', lessons, table)).toEqual({ lessons: [], commands: [] });
  });

  it("is the earlier lesson's Run commands and table rows, in page order, with the lesson they come from", () => {
    expect(labPlan('two', lessons, table)).toEqual({
      lessons: [{ id: 'one', title: 'Title one', order: 1 }],
      commands: [
        { command: 'ip -br addr', fails: false, source: 'table t', lesson: 1 },
        { command: 'ip link set eth1 up', fails: false, source: 'Cmd', lesson: 1 },
      ],
    });
  });

  it("builds the earlier lesson on its own lab first, and keeps a command's fails mark", () => {
    const plan = labPlan('three', lessons, table);
    expect(plan.lessons.map((l) => l.id)).toEqual(['one', 'two']);
    expect(plan.commands.map((c) => `${c.lesson}:${c.command}${c.fails ? ' (fails)' : ''}`)).toEqual([
      '1:ip -br addr',
      '1:ip link set eth1 up',
      '2:ip netns add red',
      '2:ping -c 1 -W 1 10.9.9.9 (fails)',
    ]);
  });

  it('runs a lesson named twice (directly and through another) only once', () => {
    expect(labPlan('four', lessons, table).lessons.map((l) => l.id)).toEqual(['one', 'two']);
  });

  it('refuses an unknown lesson, naming the known ones', () => {
    const broken = [...lessons, lesson('six', 6, { after: ['nope'] }, '')];
    expect(() => labPlan('six', broken, table)).toThrow(/"six" has lab: \{ after: \[nope\] \}, which is not a lesson\. Expected one of: one, two/);
  });

  it('refuses to build on a later lesson (which also rules out cycles)', () => {
    const broken = [lesson('a', 1, { after: ['b'] }, ''), lesson('b', 2, { after: ['a'] }, '')];
    expect(() => labPlan('a', broken, table)).toThrow(/"b" comes later in the course \(order 2\)/);
  });
});
