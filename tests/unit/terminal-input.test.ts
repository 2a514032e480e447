/** Typing on its way to the guest's shell: sent at once, or held while the VM is replaced and sent in order afterwards. */
import { afterEach, describe, expect, it } from 'vitest';
import { holdTyping, onTypingHeld, typeInto, type TypingChange } from '../../src/lib/terminal-input.ts';
import type { GuestMachine } from '../../src/vm/machine-api.ts';

function typingMachine(): { machine: GuestMachine; received: string[] } {
  const received: string[] = [];
  const machine = { terminalInput: (data: string | Uint8Array) => received.push(typeof data === 'string' ? data : `bytes ${[...data].join(',')}`) } as unknown as GuestMachine;
  return { machine, received };
}

const changes: TypingChange[] = [];
const stopWatching = onTypingHeld((change) => changes.push(change));
afterEach(() => {
  changes.length = 0;
});

describe('typeInto', () => {
  it('sends at once when nothing holds typing, and says nothing', () => {
    const { machine, received } = typingMachine();
    typeInto(machine, 'ip link\n');
    expect(received).toEqual(['ip link\n']);
    expect(changes).toEqual([]);
  });

  it('holds keystrokes and bytes until the release, then sends them in order; says when they start to wait and when they are sent', () => {
    const { machine, received } = typingMachine();
    const release = holdTyping();
    typeInto(machine, 'ip ');
    typeInto(machine, Uint8Array.of(3));
    typeInto(machine, 'a\n');
    expect(received).toEqual([]);
    expect(changes).toEqual(['waiting']);
    release();
    expect(received).toEqual(['ip ', 'bytes 3', 'a\n']);
    expect(changes).toEqual(['waiting', 'flowing']);
  });

  it('nested holds: typing flows only when the last is released, and a second call of one release does not release another', () => {
    const { machine, received } = typingMachine();
    const outer = holdTyping();
    const inner = holdTyping();
    typeInto(machine, 'x');
    inner();
    inner();
    expect(received).toEqual([]);
    outer();
    expect(received).toEqual(['x']);
  });

  it('a hold in which nothing was typed ends without a word', () => {
    holdTyping()();
    expect(changes).toEqual([]);
  });

  it('stops telling a listener that unsubscribed', () => {
    stopWatching();
    const { machine } = typingMachine();
    const release = holdTyping();
    typeInto(machine, 'x');
    release();
    expect(changes).toEqual([]);
  });
});
