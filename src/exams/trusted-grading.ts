/**
 * Grading a VM state whose owner was root in it and may have tampered with it. The learner's
 * userland is not trusted; what is:
 *
 * - The emulator. It tells whether the read-only root disk was written (a saved state carries
 *   written blocks); a written disk makes the state ungradable.
 * - The kernel. It is built without module loading, /dev/mem or kexec, so root cannot change it.
 * - The read-only root disk. The re-grader mounts it afresh and runs every tool from there, in
 *   a chroot with the kernel's /proc, /sys, /dev and /run: a replaced or wrapped `ip`, `nft`,
 *   `iptables`, `ping`, shell, library, PATH or alias in the learner's filesystem is never run.
 * - The agent, once proven: the collection ends with a fresh random nonce hashed by the disk's
 *   own sha256sum, which an impostor that does not run the re-grader's commands cannot give.
 *   When the agent does not prove itself, the re-grader types into the console a command that
 *   copies the disk's own agent (and inittab) back, kills whatever holds the agent's port, and
 *   lets init start the genuine agent, then tries again.
 *
 * Not defended (see docs/instructors.md): a learner program that anticipates the re-grader
 * and interferes while it runs (ptrace, a fake /dev/sda, an agent impostor that runs the
 * commands it is sent in a decoy namespace).
 */
import { gradeForLearner } from '../grading/grade.ts';
import type { Grader } from '../grading/grader.ts';
import type { Report } from '../grading/report.ts';
import { buildCollectionScript } from '../state/collect.ts';
import type { Machine } from '../vm/machine.ts';

/** Where the re-grader mounts the guest's read-only root disk. */
export const TRUSTED_ROOT = '/tmp/.stacklab-regrade';
const NONCE_MARK = '\x1enonce';

/** Thrown when a state cannot be graded because it was tampered with; the message says how. */
export class TamperedStateError extends Error {}

const randomNonce = () => [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');

async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Mounts the root disk read-only and the kernel's filesystems inside it (idempotent). */
export const PREPARE_TRUSTED_ROOT = [
  `T=${TRUSTED_ROOT}`,
  // The mount table, read with shell builtins: each process the guest starts costs time.
  'M=" "; while read -r _ p _; do M="$M$p "; done < /proc/mounts',
  'mounted() { case "$M" in *" $1 "*) return 0;; esac; return 1; }',
  '[ -d $T ] || mkdir -p $T',
  'mounted $T || mount -t ext2 -o ro /dev/sda $T || exit 90',
  'B=$T/bin/busybox',
  'mounted $T/proc || $B mount -t proc proc $T/proc',
  'mounted $T/sys || $B mount -t sysfs sysfs $T/sys',
  'mounted $T/dev || $B mount --rbind /dev $T/dev',
  'mounted $T/run || $B mount --rbind /run $T/run',
  'mounted $T/tmp || $B mount -t tmpfs -o size=1m tmpfs $T/tmp',
].join('\n');

/** Typed into the console when the agent does not prove itself: brings back the disk's own agent. */
export const CONSOLE_REPAIR =
  `mkdir -p ${TRUSTED_ROOT}; grep -q " ${TRUSTED_ROOT} " /proc/mounts || mount -t ext2 -o ro /dev/sda ${TRUSTED_ROOT}; ` +
  `B=${TRUSTED_ROOT}/bin/busybox; $B cp ${TRUSTED_ROOT}/usr/sbin/stacklab-agent /usr/sbin/stacklab-agent; ` +
  `$B cp ${TRUSTED_ROOT}/etc/inittab /etc/inittab; $B kill -HUP 1; ` +
  `for p in /proc/[0-9]*; do for f in $p/fd/*; do [ "$($B readlink $f)" = /dev/ttyS1 ] && $B kill -9 \${p#/proc/}; done; done 2>/dev/null`;

/** The collection script, run by the disk's own shell in the chroot, ending with the nonce proof. */
export function trustedCollectionScript(grader: Grader, nonce: string): string {
  const inner = `${buildCollectionScript(grader.request)}\nprintf '\\n${NONCE_MARK}\\n'; printf %s ${nonce} | sha256sum`;
  const quoted = `'${inner.replace(/'/g, `'\\''`)}'`;
  return `${PREPARE_TRUSTED_ROOT}\nexec $B chroot $T /bin/sh -c ${quoted}`;
}

async function collectTrusted(machine: Machine, grader: Grader): Promise<string> {
  const nonce = randomNonce();
  const result = await machine.exec(trustedCollectionScript(grader, nonce), { timeoutMs: 90_000 });
  const proof = result.stdout.slice(result.stdout.lastIndexOf(NONCE_MARK) + NONCE_MARK.length).trim().split(/\s+/)[0];
  if (result.stdout.lastIndexOf(NONCE_MARK) === -1 || proof !== (await sha256Hex(nonce))) {
    throw new TamperedStateError(
      result.exitCode === 90
        ? 'the read-only root disk could not be mounted'
        : 'the guest did not run the re-grader\'s commands from the read-only disk (no valid proof came back)',
    );
  }
  return result.stdout.slice(0, result.stdout.lastIndexOf(NONCE_MARK));
}

/** Brings back the disk's own agent through the console and waits until it answers. */
async function repairAgent(machine: Machine): Promise<void> {
  machine.terminalInput('\x03\x03\x15\n');
  await new Promise((resolve) => setTimeout(resolve, 300));
  machine.terminalInput(`${CONSOLE_REPAIR}\n`);
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await machine.ping(2000);
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new TamperedStateError(`the grader agent could not be restored from the read-only disk (${error instanceof Error ? error.message : String(error)})`);
    }
  }
}

export interface TrustedGradeResult {
  report: Report;
  /** What the re-grader had to repair or found tampered, in sentences. */
  findings: string[];
}

/**
 * Grades the state `machine` was just restored to (restoreState with waitForAgent: false),
 * using only the emulator, the kernel and the read-only disk. A state that cannot be graded
 * gives a report with status error whose message says why.
 */
export async function gradeTrusted(machine: Machine, grader: Grader): Promise<TrustedGradeResult> {
  const findings: string[] = [];
  const written = machine.rootDiskWrittenBlocks();
  if (written === undefined) throw new Error('this emulator does not show disk writes; the state cannot be checked');
  if (written > 0) {
    const message = `the read-only root disk was written (${written} blocks): the re-grader's own tools cannot be trusted in this state`;
    return { report: tamperedReport(grader, message), findings: [message] };
  }
  let output: string;
  try {
    await machine.ping(3000);
    await machine.syncClock();
    output = await collectTrusted(machine, grader);
  } catch (first) {
    findings.push(`the grader agent did not prove itself (${first instanceof Error ? first.message : String(first)}); it was restored from the read-only disk`);
    try {
      await repairAgent(machine);
      await machine.syncClock();
      output = await collectTrusted(machine, grader);
    } catch (second) {
      const message = second instanceof Error ? second.message : String(second);
      findings.push(message);
      return { report: tamperedReport(grader, message), findings };
    }
  }
  return { report: gradeForLearner(grader, output), findings };
}

/** The report of a state that cannot be graded because it was tampered with. */
const tamperedReport = (grader: Grader, message: string): Report => ({ ...gradeForLearner(grader, new TamperedStateError(message)), message: `tampered: ${message}` });
