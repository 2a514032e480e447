/**
 * Runs the `stacklab` CLI (bin/stacklab.js) in a child process, for the server tests, without
 * blocking this one: the server under test runs in the test's process, and a synchronous run
 * froze it for seconds, after which its keep-alive timeout closed the connection the test's next
 * request was reusing (ECONNRESET, seen twice in a day on a loaded machine).
 *
 * @example
 * const run = await runCli(['exam', 'login', session, '--json'], { env });
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const bin = join(import.meta.dirname, '../../../bin/stacklab.js');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI with `args`, `input` on its stdin; killed after two minutes (status null). */
export function runCli(args: string[], options: { env: NodeJS.ProcessEnv; input?: string }): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { env: options.env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill(), 120_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}
