/**
 * How much work the guest's CPU does, from v86's instruction counter: a guest drowned in
 * processes (a fork bomb) runs flat out, about 50-140 million instructions a second as
 * measured in Node, where a Check's whole collection runs 9-70 million. So a request that
 * stays unanswered while the guest has run several times that much is not coming back, on a
 * fast host or a slow one, while a slow host alone (every instruction takes longer) is not
 * mistaken for a drowned guest.
 */
import type { V86 } from 'v86';

const EVERY_MS = 250;
const COUNTER_RANGE = 2 ** 32;

/**
 * Calls `onExceeded` once the guest has run `limit` instructions from now. Returns a function
 * that stops watching (call it when the answer came).
 */
export function watchGuestWork(emulator: V86, limit: number, onExceeded: () => void): () => void {
  let last = emulator.get_instruction_counter();
  let done = 0;
  const timer = setInterval(() => {
    const now = emulator.get_instruction_counter();
    // The counter is 32 bits wide and wraps around every few tens of seconds of busy guest.
    done += (now - last + COUNTER_RANGE) % COUNTER_RANGE;
    last = now;
    if (done < limit) return;
    clearInterval(timer);
    onExceeded();
  }, EVERY_MS);
  return () => clearInterval(timer);
}
