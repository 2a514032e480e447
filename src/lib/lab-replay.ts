/**
 * Runs lesson commands in the guest the way a learner's Run button does (bash, as root, from
 * /root), through the agent, so each command's exit code and output are known. The lab
 * set-up button and the lesson-commands test both run commands with it.
 *
 * @example
 * await replayCommands(machine, labPlan(id, lessons, table).commands, (p) => console.log(p.done, p.total));
 */
import type { LessonCommand } from '../schemas/lesson-commands.ts';
import type { GuestMachine } from '../vm/machine-api.ts';
import { messageOf } from './message-of.ts';

/** A command may run for this long (a few lesson commands wait on pings or captures, or start an FRR daemon: 10 to 20 s on a calm host). */
export const LESSON_COMMAND_TIMEOUT_MS = 60_000;

export interface CommandOutcome {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs one command; a VM error becomes exit code -1 with its message, so the caller can report it. */
export async function runLessonCommand(machine: GuestMachine, command: string): Promise<CommandOutcome> {
  return machine
    .exec('cd /root && bash -s', { stdin: `${command}\n`, timeoutMs: LESSON_COMMAND_TIMEOUT_MS })
    .catch((error: unknown) => ({ exitCode: -1, stdout: '', stderr: messageOf(error) }));
}

/** Why the outcome is not what the lesson says (success, or failure where marked `fails`), or undefined when it is. */
export function outcomeProblem(command: LessonCommand, outcome: CommandOutcome): string | undefined {
  if ((outcome.exitCode === 0) !== command.fails) return undefined;
  const said = command.fails ? ' but the lesson says it fails' : '';
  return `\`${command.command}\` exited ${outcome.exitCode}${said}: ${(outcome.stderr || outcome.stdout).trim().slice(0, 300)}`;
}

export interface ReplayProgress {
  /** Commands finished so far. */
  done: number;
  total: number;
  /** The command about to run (undefined once all are done). */
  next?: LessonCommand;
}

export class ReplayError extends Error {
  constructor(
    readonly command: LessonCommand,
    readonly problem: string,
  ) {
    super(problem);
    this.name = 'ReplayError';
  }
}

/** Runs `commands` in order; stops with a ReplayError at the first whose outcome is not what its lesson says. */
export async function replayCommands<C extends LessonCommand>(
  machine: GuestMachine,
  commands: readonly C[],
  onProgress: (progress: ReplayProgress & { next?: C }) => void = () => {},
): Promise<void> {
  for (const [index, command] of commands.entries()) {
    onProgress({ done: index, total: commands.length, next: command });
    const problem = outcomeProblem(command, await runLessonCommand(machine, command.command));
    if (problem) throw new ReplayError(command, problem);
  }
  onProgress({ done: commands.length, total: commands.length });
}
