/**
 * Telling, from the emulator, that the guest's CPU stopped for good.
 *
 * - `poweroff -f`, `halt -f` (and a plain `poweroff` once init is done): this kernel has no
 *   ACPI to switch the machine off, so it prints "reboot: System halted" and stops the CPU
 *   with interrupts disabled (cli; hlt). Nothing can wake it; v86 reports that moment as its
 *   `cpu-event-halt` event.
 * - `reboot -f`: the kernel resets the machine through the keyboard controller or the PCI
 *   reset port, and v86 resets its CPU to start the firmware again. A guest restored from a
 *   snapshot has no firmware or kernel to start (they were never loaded), so instead of running
 *   whatever bytes sit at the reset vector, the CPU is stopped here as if it had halted.
 *
 * Either way the guest only comes back by restoring a state (Reset).
 */
import type { V86 } from 'v86';

export type CpuStop = 'powered-off' | 'rebooted';

/** The x86 interrupt flag in EFLAGS. */
const INTERRUPT_FLAG = 0x200;

/** In v86 a proxy that makes a fresh view of one cell of the wasm memory on each access. */
interface Cell {
  0: number;
  length: number;
}

interface EmulatorCpu {
  /** 1 while the CPU waits in `hlt`. */
  in_hlt: Cell;
  flags: Cell;
  reboot_internal(): void;
}

function cpuOf(emulator: V86): EmulatorCpu | undefined {
  const cpu = (emulator as unknown as { v86?: { cpu?: Partial<EmulatorCpu> } }).v86?.cpu;
  const usable = typeof cpu?.in_hlt?.length === 'number' && typeof cpu.flags?.length === 'number' && typeof cpu.reboot_internal === 'function';
  return usable ? (cpu as EmulatorCpu) : undefined;
}

/**
 * Calls `onStop` when the guest powers off, halts or reboots. Returns a function that stops
 * watching, or undefined when this v86 does not expose its CPU (then only a halt is seen).
 */
export function watchCpuStop(emulator: V86, onStop: (how: CpuStop) => void): (() => void) | undefined {
  const onHalt = () => onStop('powered-off');
  emulator.add_listener('cpu-event-halt' as never, onHalt);
  const cpu = cpuOf(emulator);
  if (!cpu) return undefined;
  const reboot = cpu.reboot_internal;
  cpu.reboot_internal = function () {
    // Halted with interrupts off: the emulator idles until a state is restored over it.
    cpu.in_hlt[0] = 1;
    cpu.flags[0] = cpu.flags[0] & ~INTERRUPT_FLAG;
    onStop('rebooted');
  };
  return () => {
    cpu.reboot_internal = reboot;
    emulator.remove_listener('cpu-event-halt' as never, onHalt);
  };
}

