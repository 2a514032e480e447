/**
 * The CPU time of chromium's renderer threads, read from /proc (Linux; elsewhere nothing is
 * read): the emulator's worker against the thread pool where V8 compiles WebAssembly. On a
 * machine with few cores the compiler threads take the emulator's share of them for the first
 * seconds after a page load (see bench/compile-after-load.ts), and the browser benchmarks say so
 * beside their figures.
 */
import { readFileSync, readdirSync } from 'node:fs';

/** Clock ticks of every thread of the renderer processes, by "pid/tid name". */
export function threadTicks(): Map<string, number> {
  const ticks = new Map<string, number>();
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return ticks;
  }
  for (const pid of pids) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) continue;
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        ticks.set(`${pid}/${tid} ${name}`, Number(fields[11]) + Number(fields[12]));
      }
    } catch {
      // The process or thread ended meanwhile.
    }
  }
  return ticks;
}

/** CPU seconds between two samples (100 ticks a second) of the threads whose name contains `name`: the most used one's, and all of theirs. */
export function threadSeconds(before: Map<string, number>, after: Map<string, number>, name: string): { most: number; all: number } {
  // A thread missing from the first sample started since: all of its time counts.
  const used = [...after].filter(([key]) => key.includes(name)).map(([key, t]) => (t - (before.get(key) ?? 0)) / 100);
  return { most: Math.max(0, ...used), all: used.reduce((a, b) => a + b, 0) };
}

/** The renderer's CPU between two samples: the emulator's thread (the busiest dedicated worker) and the compiler threads (chromium's foreground thread pool). */
export function rendererCpu(before: Map<string, number>, after: Map<string, number>): { emulator: number; compilers: number } {
  return { emulator: threadSeconds(before, after, 'DedicatedWorker').most, compilers: threadSeconds(before, after, 'ThreadPoolForeg').all };
}
