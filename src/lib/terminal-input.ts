/**
 * What the learner types (and what Run buttons type) on its way to the guest's shell. While
 * the VM is being replaced (an exercise set up, a task restored, Reset VM), typing is held
 * instead of reaching a guest that is about to be thrown away, and is sent, in order, once
 * the last hold is released: a command typed during "Setting up…" runs in the new VM.
 *
 * @example
 * const release = holdTyping();
 * try { await machine.reset(); } finally { release(); }
 */
import type { GuestMachine } from '../vm/machine-api.ts';

type Typed = string | Uint8Array;

/** 'waiting': something was typed during a hold and waits for it to end; 'flowing': typing reaches the guest again. */
export type TypingChange = 'waiting' | 'flowing';

let holds = 0;
const held: Array<{ machine: GuestMachine; data: Typed }> = [];
const listeners = new Set<(change: TypingChange) => void>();
const typingListeners = new Set<() => void>();

/** Sends `data` to `machine`'s shell now, or once typing is no longer held. */
export function typeInto(machine: GuestMachine, data: Typed): void {
  for (const listener of typingListeners) listener();
  if (holds === 0) return machine.terminalInput(data);
  held.push({ machine, data });
  if (held.length === 1) notify('waiting');
}

/**
 * Holds typing until the returned function is called (holds nest: typing flows again when the
 * last one is released). Calling the release twice releases once.
 */
export function holdTyping(): () => void {
  holds += 1;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    holds -= 1;
    if (holds > 0) return;
    const waiting = held.splice(0);
    for (const { machine, data } of waiting) machine.terminalInput(data);
    if (waiting.length > 0) notify('flowing');
  };
}

/** Calls `listener` when typing starts to wait for a hold to end, and when it has been sent; returns the unsubscribe. */
export function onTypingHeld(listener: (change: TypingChange) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Calls `listener` whenever the learner (or a Run button) types something; returns the unsubscribe. */
export function onTyped(listener: () => void): () => void {
  typingListeners.add(listener);
  return () => typingListeners.delete(listener);
}

function notify(change: TypingChange): void {
  for (const listener of listeners) listener(change);
}
