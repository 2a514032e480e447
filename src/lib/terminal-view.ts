/**
 * One xterm.js terminal showing the VM's learner shell. It is created while the VM still
 * loads; once a machine is attached it replays the shell's recent history, forwards
 * keystrokes, and tells the guest its size. It fits itself to its box, and `dispose()`
 * releases everything it registered.
 */
import { FitAddon } from '@xterm/addon-fit';
import { Terminal, type IDisposable } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import type { GuestMachine } from '../vm/machine-api.ts';
import { measurePhase } from '../vm/perf-marks.ts';
import { attachClipboard, clipboardKeyHandler, copySelection, pasteClipboard, type ClipboardHooks } from './terminal-clipboard.ts';
import { KEYBOARD_EXIT_HINT_ID, KeyboardExit } from './terminal-keyboard-exit.ts';
import { typeInto } from './terminal-input.ts';
import { terminalThemes, type ThemeName } from './terminal-themes.ts';

const GUEST_SIZE_DELAY_MS = 200;
/** What the learner's shell prompt starts with (the image's PS1). */
const PROMPT_TEXT = 'root@stacklab';
/** The first prompt of a page load is measured once, whichever view shows it. */
let promptSeen = false;

export interface TerminalViewOptions extends ClipboardHooks {
  theme: ThemeName;
  fontSize: number;
  screenReader: boolean;
}

export class TerminalView {
  readonly terminal: Terminal;
  private readonly fit = new FitAddon();
  private readonly keyboardExit: KeyboardExit;
  private readonly disposables: IDisposable[] = [];
  /** What ties the view to its machine: released when another machine is attached. */
  private machineDisposables: IDisposable[] = [];
  private machine?: GuestMachine;
  private readonly resizeObserver: ResizeObserver;
  private fitFrame = 0;
  private sizeTimer?: ReturnType<typeof setTimeout>;

  /**
   * Creates the terminal in `host`, which stays inert (out of the tab order, deaf to clicks)
   * until a machine is attached: the view can be built while the VM still loads.
   */
  constructor(
    private readonly host: HTMLElement,
    private readonly options: TerminalViewOptions,
  ) {
    this.terminal = new Terminal({
      fontFamily: '"JetBrains Mono", "DejaVu Sans Mono", Menlo, Consolas, monospace',
      fontSize: options.fontSize,
      theme: terminalThemes[options.theme],
      screenReaderMode: options.screenReader,
      cursorBlink: true,
      scrollback: 5000,
      rightClickSelectsWord: false,
      allowProposedApi: false,
    });
    host.inert = true;
    this.terminal.loadAddon(this.fit);
    this.terminal.open(host);
    // Esc then Tab leaves the terminal (terminal-keyboard-exit.ts); a held Esc goes to the guest before any other input.
    this.keyboardExit = new KeyboardExit((data) => this.send(data));
    const clipboardKey = clipboardKeyHandler(this.terminal, options);
    this.terminal.attachCustomKeyEventHandler((event) => this.keyboardExit.handleKey(event) && clipboardKey(event));
    this.terminal.textarea?.setAttribute('aria-describedby', KEYBOARD_EXIT_HINT_ID);
    this.disposables.push(
      this.fit,
      this.keyboardExit,
      attachClipboard(this.terminal, host, options),
      this.terminal.onData((data) => {
        this.keyboardExit.flush();
        this.send(data);
      }),
      this.terminal.onBinary((data) => {
        this.keyboardExit.flush();
        this.send(Uint8Array.from(data, (c) => c.charCodeAt(0)));
      }),
      this.terminal.onResize(() => this.scheduleGuestSize()),
      this.watchForFirstPrompt(),
    );
    this.resizeObserver = new ResizeObserver(() => this.scheduleFit());
    this.resizeObserver.observe(host);
    this.scheduleFit();
  }

  /** Shows `machine`'s shell: its recent output, then everything it writes; keystrokes go to it. */
  attach(machine: GuestMachine): void {
    if (this.machine === machine) return;
    this.detach();
    this.machine = machine;
    this.terminal.write(machine.terminalHistory());
    this.machineDisposables.push({ dispose: machine.on('terminal-output', (bytes) => this.terminal.write(bytes)) });
    this.host.inert = false;
    this.scheduleGuestSize();
  }

  /** Keystrokes and pastes to the attached machine, held while its VM is being replaced. */
  private send(data: string | Uint8Array): void {
    if (this.machine) typeInto(this.machine, data);
  }

  /** Records when the shell's prompt is first on the screen (the load's `first-prompt`, from navigation). */
  private watchForFirstPrompt(): IDisposable {
    if (promptSeen) return { dispose() {} };
    const watch = this.terminal.onWriteParsed(() => {
      const buffer = this.terminal.buffer.active;
      if (promptSeen || !buffer.getLine(buffer.baseY + buffer.cursorY)?.translateToString(true).includes(PROMPT_TEXT)) return;
      promptSeen = true;
      measurePhase('load', 'first-prompt', 0);
      watch.dispose();
    });
    return watch;
  }

  setTheme(theme: ThemeName): void {
    this.terminal.options.theme = terminalThemes[theme];
  }

  setFontSize(size: number): void {
    this.terminal.options.fontSize = size;
    this.scheduleFit();
  }

  setScreenReader(enabled: boolean): void {
    this.terminal.options.screenReaderMode = enabled;
  }

  copy(): Promise<void> {
    return copySelection(this.terminal, this.options);
  }

  paste(): Promise<void> {
    return pasteClipboard(this.terminal, this.options);
  }

  /** Empties the screen and scrollback (after the VM was reset). */
  clear(): void {
    this.terminal.reset();
  }

  focus(): void {
    this.terminal.focus();
  }

  dispose(): void {
    cancelAnimationFrame(this.fitFrame);
    this.detach();
    this.resizeObserver.disconnect();
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
    this.terminal.dispose();
  }

  /** Lets go of the machine: its output stays on the screen, and the terminal is inert until the next `attach`. */
  detach(): void {
    clearTimeout(this.sizeTimer);
    for (const disposable of this.machineDisposables.splice(0)) disposable.dispose();
    this.machine = undefined;
    this.host.inert = true;
  }

  private scheduleFit(): void {
    cancelAnimationFrame(this.fitFrame);
    this.fitFrame = requestAnimationFrame(() => {
      // A hidden pane (collapsed on a narrow screen) has no size to fit to.
      if (this.host.offsetWidth > 0 && this.host.offsetHeight > 0) this.fit.fit();
    });
  }

  /**
   * Tells the guest the size once resizing settles: each report is a request to the agent,
   * and dragging the divider would otherwise queue one per frame ahead of the graders.
   */
  private scheduleGuestSize(): void {
    clearTimeout(this.sizeTimer);
    const machine = this.machine;
    if (!machine) return;
    this.sizeTimer = setTimeout(() => {
      const { rows, cols } = this.terminal;
      machine.resizeTerminal(rows, cols).catch((error: unknown) => {
        console.warn('Stacklab: could not tell the guest the terminal size', error);
      });
    }, GUEST_SIZE_DELAY_MS);
  }
}
