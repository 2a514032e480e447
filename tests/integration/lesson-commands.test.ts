/**
 * Every command a lesson offers to run (each <Cmd run> and each translation-table row), run in
 * the guest in page order from a fresh VM, the way a learner pressing Run would: each must
 * succeed, or fail where the lesson says it will.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lessonCommands } from '../../src/schemas/lesson-commands.ts';
import { translationTableSchema } from '../../src/schemas/translation-table.ts';
import type { Machine } from '../../src/vm/machine.ts';
import { startFromSnapshot } from './vm-helpers.ts';

let machine: Machine;
beforeAll(async () => {
  machine = await startFromSnapshot();
});
afterAll(async () => {
  await machine?.destroy();
});

const lessons = readdirSync('content/lessons').filter((f) => f.endsWith('.mdx')).sort();
const table = (name: string) => translationTableSchema.parse(JSON.parse(readFileSync(`content/tables/${name}.json`, 'utf8')));

describe.each(lessons)('lesson %s', (file) => {
  const commands = lessonCommands(readFileSync(`content/lessons/${file}`, 'utf8'), table);

  it(`runs its ${commands.length} commands in order, each as the lesson says`, async () => {
    await machine.reset();
    const failures: string[] = [];
    for (const { command, fails, source } of commands) {
      const result = await machine.exec('cd /root && bash -s', { stdin: `${command}\n`, timeoutMs: 30_000 }).catch((error: Error) => ({ exitCode: -1, stdout: '', stderr: error.message }));
      if ((result.exitCode === 0) === fails) {
        failures.push(`${source}: \`${command}\` exited ${result.exitCode}${fails ? ' but the lesson says it fails' : ''}: ${(result.stderr || result.stdout).trim().slice(0, 300)}`);
      }
    }
    expect(failures).toEqual([]);
  }, 600_000);
});
