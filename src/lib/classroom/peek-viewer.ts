/**
 * The dashboard's side of a terminal peek: asks for a learner's terminal, says what the
 * learner answered, and while the peek is active shows a read-only live copy of their
 * terminal in xterm.js, fed by the peek's frame stream (a reset frame clears it first, then
 * the screen so far, then each frame as it comes). Stop ends it for both sides.
 */
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { peekStateSchema, type StreamEvent } from '../../server/schemas.ts';
import { currentTheme } from '../theme.ts';
import { errorMessage } from './client.ts';
import { terminalThemes } from '../terminal-themes.ts';

interface Frame {
  data: string;
  reset: boolean;
  size?: { rows: number; cols: number };
}

export class PeekViewer {
  private peek?: { id: number; learnerId: number; name: string };
  private terminal?: Terminal;
  private frames?: EventSource;
  private readonly onTheme = () => {
    if (this.terminal) this.terminal.options.theme = terminalThemes[currentTheme()];
  };

  constructor(
    private readonly root: HTMLElement,
    private readonly code: string,
    private readonly post: (path: string, body?: object) => Promise<Response>,
  ) {
    window.addEventListener('stacklab:theme', this.onTheme);
    this.show('Press Peek beside a learner to ask to see their terminal. They see the request and decide.');
  }

  /** Asks `name` to share their terminal; `away`: no page of theirs is open, so they see the request when they are back. */
  async request(learnerId: number, name: string, away = false): Promise<void> {
    if (this.peek) await this.stop();
    const response = await this.post('/peeks', { learnerId });
    if (!response.ok) return this.show(await errorMessage(response));
    const { peek } = (await response.json()) as { peek: unknown };
    const state = peekStateSchema.parse(peek);
    this.peek = { id: state.id, learnerId, name };
    if (state.status === 'active') this.open();
    else if (away) this.show(`Asked ${name} to share their terminal. ${name} is away (no page of the workshop is open), so they will see the request when they are back.`, true);
    else this.show(`Asked ${name} to share their terminal; waiting for their answer…`, true);
  }

  /** A workshop event from the dashboard's stream: the learner's answer, or the end. */
  onEvent(event: StreamEvent): void {
    if (!this.peek) return;
    const name = this.peek.name;
    if (event.type === 'left' && event.learnerId === this.peek.learnerId) return this.finish(`${name} left the workshop; the peek ended.`);
    if (event.payload.peek !== this.peek.id) return;
    if (event.type === 'peek-accepted') this.open();
    else if (event.type === 'peek-declined') this.finish(`${name} declined to share their terminal.`);
    else if (event.type === 'peek-ended') this.finish(event.payload.by === 'learner' ? `${name} stopped sharing their terminal.` : `You stopped viewing ${name}'s terminal.`);
  }

  async stop(): Promise<void> {
    const peek = this.peek;
    if (!peek) return;
    this.finish(`You stopped viewing ${peek.name}'s terminal.`);
    await this.post(`/peeks/${peek.id}/stop`);
  }

  dispose(): void {
    window.removeEventListener('stacklab:theme', this.onTheme);
    this.close();
  }

  private open(): void {
    const peek = this.peek;
    if (!peek || this.terminal) return;
    const heading = document.createElement('p');
    heading.className = 'peek-status';
    heading.setAttribute('role', 'status');
    heading.textContent = `Viewing ${peek.name}'s terminal, live and read-only.`;
    const screen = document.createElement('div');
    screen.className = 'peek-terminal';
    screen.setAttribute('aria-label', `${peek.name}'s terminal`);
    const stop = stopButton(() => void this.stop());
    this.root.replaceChildren(heading, stop, screen);
    this.terminal = new Terminal({ disableStdin: true, cursorBlink: false, rows: 24, cols: 100, scrollback: 2000, fontSize: 14, theme: terminalThemes[currentTheme()], fontFamily: '"JetBrains Mono", "DejaVu Sans Mono", Menlo, Consolas, monospace' });
    this.terminal.open(screen);
    const terminal = this.terminal;
    this.frames = new EventSource(`/api/workshops/${this.code}/peeks/${peek.id}/stream`);
    this.frames.onmessage = (message: MessageEvent<string>) => {
      const frame = JSON.parse(message.data) as Frame;
      if (frame.reset) terminal.reset();
      if (frame.size) terminal.resize(frame.size.cols, frame.size.rows);
      terminal.write(frame.data);
    };
  }

  private finish(message: string): void {
    this.close();
    this.show(message);
  }

  private close(): void {
    this.frames?.close();
    this.frames = undefined;
    this.terminal?.dispose();
    this.terminal = undefined;
    this.peek = undefined;
  }

  private show(message: string, cancellable = false): void {
    const text = document.createElement('p');
    text.className = 'peek-status';
    text.setAttribute('role', 'status');
    text.textContent = message;
    this.root.replaceChildren(text, ...(cancellable ? [stopButton(() => void this.stop(), 'Withdraw')] : []));
  }
}

function stopButton(onClick: () => void, label = 'Stop viewing'): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'button';
  button.textContent = label;
  button.addEventListener('click', onClick);
  return button;
}
