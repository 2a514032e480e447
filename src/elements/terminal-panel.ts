/**
 * <stacklab-terminal>: the terminal pane. Starts the VM after first paint, shows download
 * progress, a failure with a Retry button, then the xterm terminal; handles Run requests,
 * the toolbar (copy, paste, text size, screen-reader mode, collapse) and theme changes.
 *
 * The pane is marked transition:persist, so one element (and its terminal) lives across
 * client-side navigation; its state is mirrored in data-vm-state for styles and tests.
 */
import { readPreferences, writePreferences } from '../lib/preferences.ts';
import { listen } from '../lib/events.ts';
import { messageOf } from '../lib/message-of.ts';
import { currentTheme } from '../lib/theme.ts';
import type { TerminalView } from '../lib/terminal-view.ts';
import type { ThemeName } from '../lib/terminal-themes.ts';
import type { LoadProgress } from '../lib/vm-download.ts';
import { handOverVm } from '../lib/vm-handover.ts';
import { PersistentElement } from './persistent-element.ts';
import { measurePhase } from '../vm/perf-marks.ts';
import { vmSession, type VmStatus } from '../lib/vm-session.ts';
import { vmBelongsElsewhere, whenClaimedHere } from '../lib/one-tab.ts';
import { onTypingHeld, type TypingChange } from '../lib/terminal-input.ts';
import { healthNotice, progressText, stateName, statusLabel } from '../lib/vm-status-text.ts';

const NOTICE_MS = 5000;
/** Shown while typing waits for the VM's replacement (src/lib/terminal-input.ts). */
const TYPING_HELD_NOTICE = 'The VM is being set up: what you type is sent to it as soon as it is ready.';

export class TerminalPanelElement extends PersistentElement {
  private view?: TerminalView;
  private creatingView = false;
  private noticeTimer?: ReturnType<typeof setTimeout>;
  private unsubscribe?: () => void;
  private offEvents: Array<() => void> = [];

  protected setUp(): void {
    this.addEventListener('click', this.onToolbarClick);
    this.offEvents = [
      listen('stacklab:run', this.onRun),
      listen('stacklab:show-terminal', this.onShow),
      listen('stacklab:theme', this.onTheme),
      listen('stacklab:offline-ready', this.onOfflineReady),
      listen('stacklab:vm-replaced', this.onVmReplaced),
      listen('stacklab:exercise-moved', this.onExerciseMoved),
      onTypingHeld(this.onTypingHeld),
    ];
    this.unsubscribe = vmSession.on('status', (status) => this.render(status));
    this.syncToolbar();
    this.render(vmSession.status);
    // Let the lesson text paint first; the VM download and emulator start come after,
    // with the terminal's code loading alongside.
    requestAnimationFrame(() =>
      setTimeout(async () => {
        const oneTab = this.getAttribute('data-one-tab');
        // Held elsewhere: no VM, unless this tab gets the claim after all.
        if (oneTab !== null && (await vmBelongsElsewhere(location.search, oneTab || undefined))) await whenClaimedHere();
        if (!this.initialised) return;
        vmSession.start();
        void import('../lib/terminal-view.ts');
      }, 0),
    );
  }

  protected tearDown(): void {
    this.removeEventListener('click', this.onToolbarClick);
    for (const off of this.offEvents) off();
    this.unsubscribe?.();
    this.view?.dispose();
    this.view = undefined;
  }

  private render(status: VmStatus): void {
    this.dataset.vmState = stateName(status);
    this.renderHealth(status);
    const loading = this.partNamed('loading');
    const failure = this.partNamed('error');
    loading.hidden = status.state === 'ready' || status.state === 'failed';
    failure.hidden = status.state !== 'failed';
    this.partNamed('state').textContent = statusLabel(status);
    for (const button of this.querySelectorAll<HTMLButtonElement>('[data-needs-vm]')) button.disabled = status.state !== 'ready';
    if (status.state === 'idle' || status.state === 'loading') this.renderProgress(status.state === 'loading' ? status.progress : undefined);
    if (status.state === 'failed') {
      this.partNamed('error-title').textContent = status.error.failure === 'crashed' ? 'The Linux VM stopped.' : 'The Linux VM could not start.';
      this.partNamed('error-message').textContent = status.error.message;
      this.partNamed('error-advice').textContent = status.error.advice;
    }
    // The terminal is built while the VM loads, behind the progress, and shown attached once it is ready.
    if (status.state !== 'idle') void this.showTerminal();
  }

  /** A VM that was powered off, rebooted or stopped answering: say so until it runs again. */
  private renderHealth(status: VmStatus): void {
    const notice = status.state === 'ready' ? healthNotice(status.health) : undefined;
    const line = this.partNamed('notice');
    if (notice) {
      clearTimeout(this.noticeTimer);
      line.textContent = notice;
      line.dataset.health = 'fault';
    } else if (line.dataset.health) {
      delete line.dataset.health;
      line.textContent = '';
    }
  }

  private renderProgress(progress: LoadProgress | undefined): void {
    const { text, bar } = progressText(progress);
    const element = this.partNamed('progress') as HTMLProgressElement;
    this.partNamed('loading-text').textContent = text;
    if (!bar) return element.removeAttribute('value');
    element.max = bar.max;
    element.value = bar.value;
  }

  private async showTerminal(): Promise<void> {
    if (!this.view) await this.createView();
    const status = vmSession.status;
    if (this.view && status.state === 'ready') this.view.attach(status.machine);
    // A VM that failed after it ran (its worker stopped) takes no more keystrokes; Retry attaches the new one.
    else if (this.view && status.state === 'failed') this.view.detach();
  }

  private async createView(): Promise<void> {
    if (this.view || this.creatingView) return;
    this.creatingView = true;
    const createStart = performance.now();
    try {
      const { TerminalView } = await import('../lib/terminal-view.ts');
      if (!this.initialised || this.view) return;
      const preferences = readPreferences();
      this.view = new TerminalView(this.partNamed('host'), {
        theme: currentTheme(),
        fontSize: preferences.fontSize,
        screenReader: preferences.screenReader,
        notify: (message) => this.notify(message),
      });
      measurePhase('load', 'terminal-attach', createStart);
    } finally {
      this.creatingView = false;
    }
  }

  private readonly onRun = ({ command }: { command: string }) => {
    if (!command) return;
    this.setCollapsed(false);
    const state = vmSession.status.state;
    if (state === 'failed') return this.notify('The VM is not running. Press Retry, then run the command again.');
    if (state !== 'ready') this.notify(`"${command}" will run as soon as the VM has started.`);
    vmSession.run(command);
  };

  private readonly onShow = () => {
    this.setCollapsed(false);
    this.scrollIntoView({ block: 'nearest' });
    this.view?.focus();
  };

  private readonly onTheme = (theme: ThemeName) => {
    this.view?.setTheme(theme);
  };

  /** An exercise reset or restored the VM: what the terminal showed belongs to the old guest. */
  private readonly onVmReplaced = () => {
    if (vmSession.status.state !== 'ready') return;
    this.view?.clear();
    vmSession.status.machine.terminalInput('\n');
  };

  /** Typing during a set-up shows nothing until the new guest echoes it: say where it went. */
  private readonly onTypingHeld = (change: TypingChange) => {
    const line = this.partNamed('notice');
    if (change === 'waiting') {
      clearTimeout(this.noticeTimer);
      delete line.dataset.health;
      line.dataset.typing = 'held';
      line.textContent = TYPING_HELD_NOTICE;
    } else if (line.dataset.typing) {
      delete line.dataset.typing;
      line.textContent = '';
      this.renderHealth(vmSession.status);
    }
  };

  /** The exercise this VM held moved to another tab (src/lib/exercise-tab.ts): typing here goes on, but nothing of it is saved for the exercise. */
  private readonly onExerciseMoved = () =>
    this.notify('Your exercise moved to another tab of this browser, with your work. What you type here now is not saved; work in that tab, or move the exercise back.');

  private readonly onOfflineReady = () => this.notify('Saved for offline use: the lessons and the VM now work without a network.');

  private readonly onToolbarClick = (event: MouseEvent) => {
    const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-action]');
    if (!button || !this.contains(button)) return;
    const preferences = readPreferences();
    switch (button.dataset.action) {
      case 'retry':
        vmSession.start();
        break;
      case 'copy':
        void this.view?.copy();
        break;
      case 'paste':
        void this.view?.paste();
        break;
      case 'font-smaller':
      case 'font-larger': {
        const size = preferences.fontSize + (button.dataset.action === 'font-larger' ? 1 : -1);
        const saved = writePreferences({ fontSize: Math.min(28, Math.max(10, size)) });
        this.view?.setFontSize(saved.fontSize);
        this.notify(`Terminal text size ${saved.fontSize}`);
        break;
      }
      case 'screen-reader': {
        const saved = writePreferences({ screenReader: !preferences.screenReader });
        this.view?.setScreenReader(saved.screenReader);
        this.notify(saved.screenReader ? 'Screen-reader mode on.' : 'Screen-reader mode off.');
        break;
      }
      case 'reset':
        void this.resetVm();
        break;
      case 'collapse':
        this.setCollapsed(document.documentElement.dataset.terminal !== 'collapsed');
        break;
    }
    this.syncToolbar();
  };

  private async resetVm(): Promise<void> {
    const status = vmSession.status;
    if (status.state !== 'ready') return;
    if (!window.confirm('Reset the VM to its starting state? Everything you changed in it is lost.')) return;
    try {
      // Announced as reset and replaced: exercises let go of the VM, and onVmReplaced clears the screen.
      await handOverVm(status.machine, { replacement: () => ({ kind: 'reset' }), saveFirst: false });
      this.notify('The VM is back in its starting state.');
    } catch (error) {
      this.notify(`The reset failed: ${messageOf(error)}. Reload the page to start over.`);
    }
  }

  private setCollapsed(collapsed: boolean): void {
    if (collapsed) document.documentElement.dataset.terminal = 'collapsed';
    else delete document.documentElement.dataset.terminal;
    writePreferences({ terminalOpen: !collapsed });
    this.syncToolbar();
  }

  private syncToolbar(): void {
    const preferences = readPreferences();
    this.querySelector('[data-action="screen-reader"]')?.setAttribute('aria-pressed', String(preferences.screenReader));
    const collapse = this.querySelector('[data-action="collapse"]');
    const collapsed = document.documentElement.dataset.terminal === 'collapsed';
    collapse?.setAttribute('aria-expanded', String(!collapsed));
    if (collapse) collapse.textContent = collapsed ? 'Show terminal' : 'Hide terminal';
  }

  private notify(message: string): void {
    const line = this.partNamed('notice');
    delete line.dataset.health;
    delete line.dataset.typing;
    line.textContent = message;
    clearTimeout(this.noticeTimer);
    this.noticeTimer = setTimeout(() => {
      line.textContent = '';
      this.renderHealth(vmSession.status);
    }, NOTICE_MS);
  }

  /** An element of the pane's markup (TerminalPanel.astro), by its data-part name. */
  private partNamed(name: string): HTMLElement {
    const element = this.querySelector<HTMLElement>(`[data-part="${name}"]`);
    if (!element) throw new Error(`<stacklab-terminal> is missing its [data-part="${name}"] element; see TerminalPanel.astro.`);
    return element;
  }
}
