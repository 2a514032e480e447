import { afterEach, describe, expect, it, vi } from 'vitest';
import type { V86 } from 'v86';
import { watchGuestWork } from '../../src/vm/guest-work.ts';

/** An emulator whose instruction counter the test moves by hand (v86's is 32 bits wide). */
function emulatorAt(start: number) {
  let counter = start;
  const emulator = { get_instruction_counter: () => counter } as unknown as V86;
  return { emulator, run: (instructions: number) => (counter = (counter + instructions) % 2 ** 32) };
}

afterEach(() => vi.useRealTimers());

describe('watchGuestWork', () => {
  it('calls back once the guest has run the limit, counting across the 32-bit wrap, and only once', async () => {
    vi.useFakeTimers();
    const { emulator, run } = emulatorAt(2 ** 32 - 100e6);
    const exceeded = vi.fn();
    watchGuestWork(emulator, 500e6, exceeded);
    run(300e6); // wraps past zero
    await vi.advanceTimersByTimeAsync(300);
    expect(exceeded).not.toHaveBeenCalled();
    run(250e6);
    await vi.advanceTimersByTimeAsync(300);
    expect(exceeded).toHaveBeenCalledTimes(1);
    run(900e6);
    await vi.advanceTimersByTimeAsync(1000);
    expect(exceeded).toHaveBeenCalledTimes(1);
  });

  it('never calls back once stopped, nor for a guest that idles', async () => {
    vi.useFakeTimers();
    const { emulator, run } = emulatorAt(0);
    const exceeded = vi.fn();
    const stop = watchGuestWork(emulator, 500e6, exceeded);
    for (let i = 0; i < 40; i++) {
      run(100_000); // an idle guest: about 0.1 million instructions a second
      await vi.advanceTimersByTimeAsync(250);
    }
    expect(exceeded).not.toHaveBeenCalled();
    stop();
    run(2e9);
    await vi.advanceTimersByTimeAsync(1000);
    expect(exceeded).not.toHaveBeenCalled();
  });
});
