/**
 * Runs a build step with every program it executes watched: refuse-i386-exec.c, preloaded
 * into the step and all its children, logs each program and refuses any i386 ELF, as a host
 * whose kernel cannot run 32-bit binaries would.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ExecAttempt {
  program: string;
  /** The directory it was run from (relative programs are relative to it). */
  cwd: string;
  refused: boolean;
}

export interface WatchedRun {
  code: number;
  stderr: string;
  attempts: ExecAttempt[];
  /** The attempts that were i386 ELFs, refused. */
  i386: ExecAttempt[];
}

let preload: string | undefined;

/** Builds the watcher (once per process) with the host's C compiler. */
function watcher(): string {
  if (preload) return preload;
  const out = join(mkdtempSync(join(tmpdir(), 'stacklab-watch-')), 'refuse-i386-exec.so');
  execFileSync('gcc', ['-shared', '-fPIC', '-O2', '-Wall', '-Werror', '-o', out, join(import.meta.dirname, 'refuse-i386-exec.c'), '-ldl']);
  return (preload = out);
}

/** The log refuse-i386-exec.c writes: "ran|refused <TAB> program <TAB> cwd" per line. */
export function parseExecLog(log: string): ExecAttempt[] {
  return log
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [verdict, program, cwd] = line.split('\t');
      return { program: program ?? '', cwd: cwd ?? '', refused: verdict === 'refused' };
    });
}

export function runWatchingExecs(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<WatchedRun> {
  const log = join(mkdtempSync(join(tmpdir(), 'stacklab-execs-')), 'exec.log');
  const env = { ...options.env, LD_PRELOAD: watcher(), STACKLAB_EXEC_LOG: log };
  return new Promise((resolve) => {
    execFile(command, args, { cwd: options.cwd, env, timeout: options.timeoutMs, maxBuffer: 64 << 20 }, (error, _stdout, stderr) => {
      const attempts = existsSync(log) ? parseExecLog(readFileSync(log, 'utf8')) : [];
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stderr, attempts, i386: attempts.filter((a) => a.refused) });
    });
  });
}
