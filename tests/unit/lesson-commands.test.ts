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
      { command: 'ip netns add red', fails: false, source: 'Cmd' },
      { command: 'ip link', fails: false, source: 'table t' },
      { command: 'vtysh', fails: true, source: 'table t' },
      { command: 'ip -n red link set lo up', fails: false, source: 'Cmd' },
      { command: 'ip route get 1.1.1.1 from 10.0.0.1', fails: false, source: 'Cmd' },
      { command: 'echo "hi"', fails: false, source: 'Cmd' },
      { command: 'ip netns exec red ping -c1 198.51.100.1', fails: true, source: 'Cmd' },
    ]);
  });
});
