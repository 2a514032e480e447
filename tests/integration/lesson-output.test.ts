/**
 * Every example output a lesson shows (a ```text block right after a <Cmd>) against what the
 * guest really prints for that command: each lesson's commands run in page order from a fresh
 * VM, stdout and stderr together as a terminal shows them, and each block must match by the rule
 * in src/schemas/lesson-output.ts (exact lines; `...` for lines left out; listed varying values).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lessonCommands } from '../../src/schemas/lesson-commands.ts';
import { compareOutput } from '../../src/schemas/lesson-output.ts';
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

const table = (name: string) => translationTableSchema.parse(JSON.parse(readFileSync(`content/tables/${name}.json`, 'utf8')));
const lessons = readdirSync('content/lessons')
  .filter((f) => f.endsWith('.mdx'))
  .sort()
  .map((file) => ({ file, commands: lessonCommands(readFileSync(`content/lessons/${file}`, 'utf8'), table) }))
  .filter(({ commands }) => commands.some((c) => c.output !== undefined));

describe.each(lessons)('output blocks of lesson $file', ({ file, commands }) => {
  const blocks = commands.filter((c) => c.output !== undefined).length;

  it(`shows in its ${blocks} output blocks what the guest prints`, async () => {
    await machine.reset();
    const mismatches: string[] = [];
    for (const { command, output, outputMarks } of commands) {
      const result = await machine
        .exec('cd /root && bash -s', { stdin: `exec 2>&1\n${command}\n`, timeoutMs: 30_000 })
        .catch((error: Error) => ({ stdout: `(the command did not finish: ${error.message})` }));
      if (output === undefined) continue;
      const mismatch = compareOutput(output, result.stdout, outputMarks);
      if (mismatch) {
        const where = mismatch.line === null ? 'the guest prints more lines after the last one shown (end the block with ... if that is meant)' : `line ${mismatch.at} of the block, "${mismatch.line}", is not what the guest prints there`;
        mismatches.push(`${file}: after \`${command}\`, ${where}. The guest printed:\n${result.stdout.trimEnd()}`);
      }
    }
    expect(mismatches.join('\n\n')).toBe('');
  }, 600_000);
});
