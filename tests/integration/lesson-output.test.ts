/**
 * Every example output a lesson shows (a ```text block right after a <Cmd>) against what the
 * guest really prints for that command: each lesson's commands run in page order from a fresh
 * VM, stdout and stderr together as a terminal shows them, and each block must match by the rule
 * in src/schemas/lesson-output.ts (exact lines; `...` for lines left out; listed varying values).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LESSON_COMMAND_TIMEOUT_MS } from '../../src/lib/lab-replay.ts';
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

/**
 * Commands whose output shows links' flags, bridge ports' states, or a bond's members (the bond
 * learns a member's carrier from its next MII poll, after linkwatch has passed the change on).
 */
const SHOWS_LINKS = /^(ip\b.*\b(link|l|addr|a|address)\b|bridge\s+link)|\/proc\/net\/bonding\//;

const table = (name: string) => translationTableSchema.parse(JSON.parse(readFileSync(`content/tables/${name}.json`, 'utf8')));
const lessons = readdirSync('content/lessons')
  .filter((f) => f.endsWith('.mdx'))
  .sort()
  .map((file) => ({ file, commands: lessonCommands(readFileSync(`content/lessons/${file}`, 'utf8'), table) }))
  .filter(({ commands }) => commands.some((c) => c.output !== undefined));

// Some outputs hang on the guest's timing (a bond's failover, a neighbour entry ageing while
// a busy host runs the guest slowly), so a lesson that disagrees is run once more from a fresh
// VM; a block that is simply wrong disagrees both times.
describe.each(lessons)('output blocks of lesson $file', ({ file, commands }) => {
  const blocks = commands.filter((c) => c.output !== undefined).length;

  it(`shows in its ${blocks} output blocks what the guest prints`, { timeout: 600_000, retry: 1 }, async () => {
    await machine.reset();
    const mismatches: string[] = [];
    for (const { command, output, outputMarks } of commands) {
      // A learner reads between commands. The kernel reports a link's carrier and operational
      // state up to a second after a change (linkwatch), so a block that shows links (or a bond's
      // view of them) is read as
      // a learner would see it, not in the same instant the previous command changed them.
      const settle = output !== undefined && SHOWS_LINKS.test(command) ? 'sleep 1.2\n' : '';
      const result = await machine
        .exec('cd /root && bash -s', { stdin: `exec 2>&1\n${settle}${command}\n`, timeoutMs: LESSON_COMMAND_TIMEOUT_MS })
        .catch((error: Error) => ({ stdout: `(the command did not finish: ${error.message})` }));
      if (output === undefined) continue;
      const mismatch = compareOutput(output, result.stdout, outputMarks);
      if (mismatch) {
        const where = mismatch.line === null ? 'the guest prints more lines after the last one shown (end the block with ... if that is meant)' : `line ${mismatch.at} of the block, "${mismatch.line}", is not what the guest prints there`;
        mismatches.push(`${file}: after \`${command}\`, ${where}. The guest printed:\n${result.stdout.trimEnd()}`);
      }
    }
    expect(mismatches.join('\n\n')).toBe('');
  });
});
