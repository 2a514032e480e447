/**
 * Runs a command under strace and lists every program it (or any child) tried to execute
 * that is an i386 ELF: what a host whose kernel lacks 32-bit emulation cannot run.
 */
import { execFile } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';

const EM_386 = 3;

/** True if the file starts with an ELF header for Intel 80386 (32-bit x86). */
export function isI386Elf(path: string): boolean {
  if (!existsSync(path) || !statSync(path).isFile()) return false;
  const header = Buffer.alloc(20);
  const fd = openSync(path, 'r');
  try {
    if (readSync(fd, header, 0, 20, 0) < 20) return false;
  } finally {
    closeSync(fd);
  }
  return header.readUInt32BE(0) === 0x7f454c46 && header.readUInt16LE(18) === EM_386;
}

export interface ExecAttempt {
  program: string;
  /** strace's result: "0" for success, or "-1 ENOEXEC (Exec format error)" and the like. */
  result: string;
}

/** The programs named by execve calls in an strace log (`-e trace=execve`). */
export function parseExecveLog(log: string): ExecAttempt[] {
  const attempts: ExecAttempt[] = [];
  for (const line of log.split('\n')) {
    const match = /execve\("((?:[^"\\]|\\.)*)",.*\)\s+=\s+(.*)$/.exec(line);
    if (match) attempts.push({ program: match[1]!, result: match[2]!.trim() });
  }
  return attempts;
}

export interface GuardedRun {
  code: number;
  stderr: string;
  attempts: ExecAttempt[];
  /** Attempts whose program is an i386 ELF, or that the kernel refused as an unknown format. */
  i386: ExecAttempt[];
}

/**
 * Runs `command` with `args` under `strace -f`. Relative program paths are looked up in each
 * of `searchDirs` (strace prints them as the process named them, relative to its own cwd).
 */
export function runWatchingExecs(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; searchDirs: string[]; timeoutMs: number },
): Promise<GuardedRun> {
  const logFile = join(mkdtempSync(join(tmpdir(), 'stacklab-execs-')), 'execve.log');
  const straceArgs = ['-f', '-qq', '-e', 'trace=execve', '-e', 'signal=none', '-s', '512', '-o', logFile, command, ...args];
  return new Promise((resolve, reject) => {
    execFile('strace', straceArgs, { cwd: options.cwd, env: options.env, timeout: options.timeoutMs, maxBuffer: 64 << 20 }, (error, _stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
        return reject(new Error('strace is missing. Install it with: apt-get install strace (scripts/system-deps.sh does)'));
      }
      const attempts = existsSync(logFile) ? parseExecveLog(readFileSync(logFile, 'utf8')) : [];
      const i386 = attempts.filter(({ program, result }) => {
        const candidates = isAbsolute(program) ? [program] : options.searchDirs.map((dir) => join(dir, program));
        return result.includes('ENOEXEC') || candidates.some(isI386Elf);
      });
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stderr, attempts, i386 });
    });
  });
}
