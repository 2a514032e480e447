/**
 * Connects the learner's serial console to a terminal: xterm.js in the browser, or any
 * byte stream in Node (see scripts/shell.ts). The terminal gets the recent history first,
 * so attaching late (after a page navigation) shows what was already on screen.
 */
import type { Machine } from './machine.ts';

export interface TerminalLike {
  write(data: Uint8Array): void;
  /** Keystrokes and pastes; returns something that stops listening. */
  onData(listener: (data: string | Uint8Array) => void): { dispose(): void } | (() => void);
}

export interface AttachOptions {
  /** Write the console's recent output before live output (default true). */
  replayHistory?: boolean;
}

/** Returns a function that detaches the terminal again. */
export function attachTerminal(machine: Machine, terminal: TerminalLike, options: AttachOptions = {}): () => void {
  if (options.replayHistory ?? true) {
    const history = machine.terminalHistory();
    if (history.length > 0) terminal.write(history);
  }
  const stopOutput = machine.on('terminal-output', (bytes) => terminal.write(bytes));
  const input = terminal.onData((data) => machine.terminalInput(data));
  return () => {
    stopOutput();
    if (typeof input === 'function') input();
    else input.dispose();
  };
}
