import { describe, expect, it } from 'vitest';
import { lessonCommands } from '../../src/schemas/lesson-commands.ts';

describe('lessonCommands', () => {
  it('finds Cmd runs and table rows in page order, skipping fenced code', () => {
    const mdx = [
      '<Cmd run="ip netns add red" block />',
      '```text',
      '<Cmd run="not me" />',
      '```',
      '<TranslationTable data="t" />',
      `<Cmd run='ip -n red link set lo up' />`,
      '<Cmd block run={`ip route get 1.1.1.1 from 10.0.0.1`} />',
      '<Cmd run="echo &quot;hi&quot;" />',
      '<Cmd run="ip netns exec red ping -c1 198.51.100.1" block fails />',
    ].join('\n');
    const tables = () => ({ caption: 'c', rows: [{ router: 'r', linux: 'ip link', note: 'n' }, { router: 'r2', linux: 'vtysh', note: 'n', fails: true }] });
    expect(lessonCommands(mdx, tables)).toEqual([
      { command: 'ip netns add red', fails: false, source: 'Cmd', output: '<Cmd run="not me" />' },
      { command: 'ip link', fails: false, source: 'table t' },
      { command: 'vtysh', fails: true, source: 'table t' },
      { command: 'ip -n red link set lo up', fails: false, source: 'Cmd' },
      { command: 'ip route get 1.1.1.1 from 10.0.0.1', fails: false, source: 'Cmd' },
      { command: 'echo "hi"', fails: false, source: 'Cmd' },
      { command: 'ip netns exec red ping -c1 198.51.100.1', fails: true, source: 'Cmd' },
    ]);
  });

  it('takes a text block right after a Cmd as its output, and no other block', () => {
    const mdx = [
      '<Cmd run="ip -n r1 route" block />',
      '',
      '```text',
      '172.16.1.0/24 dev eth0',
      '```',
      '',
      '```text',
      'a second block is not output',
      '```',
      '<Cmd run="ip link" block />',
      'Some prose first.',
      '```text',
      'not output either',
      '```',
      '<Cmd run="ip netns pids web" block />',
      '```text pid',
      '183',
      '```',
      '<Cmd run="cat f" block />',
      '```ini',
      '[Match]',
      '```',
    ].join('\n');
    const commands = lessonCommands(mdx, () => ({ caption: 'c', rows: [] }));
    expect(commands.map((c) => c.output)).toEqual(['172.16.1.0/24 dev eth0', undefined, '183', undefined]);
    expect(commands.map((c) => c.outputMarks)).toEqual([undefined, undefined, ['pid'], undefined]);
  });
});
