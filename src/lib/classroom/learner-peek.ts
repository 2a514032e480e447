/**
 * The learner's side of a terminal peek: what the server says about this learner's open peek
 * (asked for, or active), the learner's answers, and the relay of the terminal output, which
 * runs only in the tab where the learner pressed Accept (remembered for this tab, so a reload
 * resumes it) and only while the peek is active. Every change goes out as a window event for
 * the workshop bar, which shows the consent dialog and the "viewing your terminal" indicator.
 */
import type { GuestMachine } from '../../vm/machine-api.ts';
import { answerPeek, fetchOpenPeek, postPeekFrame, type Membership } from './client.ts';
import { PeekRelay, type TerminalSource } from './peek-relay.ts';

export const CLASSROOM_PEEK_EVENT = 'stacklab:classroom-peek';
const ACCEPTED_KEY = 'stacklab:classroom:peek-accepted';

export type PeekView =
  | { kind: 'none'; notice?: string }
  | { kind: 'asked'; peekId: number; instructor: string }
  | { kind: 'active'; peekId: number; instructor: string; here: boolean };

/** The page's VM terminal, followed across a VM that loads later or is replaced. */
async function vmTerminal(): Promise<TerminalSource> {
  const { vmSession } = await import('../vm-session.ts');
  const machineOf = (status: typeof vmSession.status): GuestMachine | undefined => (status.state === 'ready' ? status.machine : undefined);
  return {
    history: () => machineOf(vmSession.status)?.terminalHistory() ?? new Uint8Array(),
    size: () => machineOf(vmSession.status)?.terminalDimensions,
    onOutput: (listener) => {
      let current: GuestMachine | undefined;
      let detach: (() => void) | undefined;
      const follow = (status: typeof vmSession.status) => {
        const next = machineOf(status);
        if (next === current) return;
        detach?.();
        current = next;
        detach = next?.on('terminal-output', listener);
      };
      follow(vmSession.status);
      const off = vmSession.on('status', follow);
      return () => {
        off();
        detach?.();
      };
    },
  };
}

export class LearnerPeek {
  private view: PeekView = { kind: 'none' };
  private readonly relay: PeekRelay;
  private refreshing: Promise<void> = Promise.resolve();

  constructor(
    private readonly membership: () => Membership | undefined,
    private readonly session: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | undefined,
    private readonly terminal: () => Promise<TerminalSource> = vmTerminal,
    /** The server's address; '' in the browser (same origin). */
    private readonly base = '',
  ) {
    this.relay = new PeekRelay(
      (frame) => {
        const current = this.membership();
        return current && this.view.kind === 'active' ? postPeekFrame(current, this.view.peekId, frame, this.base) : Promise.resolve('over');
      },
      () => void this.refresh(),
    );
  }

  get current(): PeekView {
    return this.view;
  }

  /** Reads the open peek from the server (at start, and on each peek event of the learner's stream). */
  refresh(): Promise<void> {
    this.refreshing = this.refreshing.then(() => this.load()).catch(() => undefined);
    return this.refreshing;
  }

  async accept(): Promise<void> {
    const current = this.membership();
    if (!current || this.view.kind !== 'asked') return;
    const { peekId, instructor } = this.view;
    try {
      await answerPeek(current, peekId, 'accept', this.base);
    } catch (error) {
      return this.show({ kind: 'none', notice: error instanceof Error ? error.message : String(error) });
    }
    this.session?.setItem(ACCEPTED_KEY, String(peekId));
    this.show({ kind: 'active', peekId, instructor, here: true });
    this.relay.start(await this.terminal());
  }

  async decline(): Promise<void> {
    const current = this.membership();
    if (!current || this.view.kind !== 'asked') return;
    const { peekId } = this.view;
    this.show({ kind: 'none', notice: 'You declined; your instructor sees nothing of your terminal.' });
    await answerPeek(current, peekId, 'decline', this.base).catch(() => undefined);
  }

  /** Stops at once in this tab (nothing more is sent), then tells the server. */
  async stop(): Promise<void> {
    this.relay.stop();
    this.session?.removeItem(ACCEPTED_KEY);
    const current = this.membership();
    if (this.view.kind === 'none' || !current) return;
    const { peekId } = this.view;
    this.show({ kind: 'none', notice: 'You stopped sharing your terminal.' });
    await answerPeek(current, peekId, 'stop', this.base).catch(() => undefined);
  }

  /** The workshop membership ended: nothing is relayed any more. */
  end(): void {
    this.relay.stop();
    this.session?.removeItem(ACCEPTED_KEY);
    this.show({ kind: 'none' });
  }

  private async load(): Promise<void> {
    const current = this.membership();
    const open = current ? await fetchOpenPeek(current, this.base) : null;
    if (open === null || open === 'ended') {
      const wasOn = this.view.kind === 'active';
      this.relay.stop();
      this.session?.removeItem(ACCEPTED_KEY);
      if (this.view.kind !== 'none') this.show({ kind: 'none', notice: wasOn ? 'Your instructor is no longer viewing your terminal.' : undefined });
      return;
    }
    if (open.status === 'requested') return this.show({ kind: 'asked', peekId: open.id, instructor: open.instructor });
    const here = this.session?.getItem(ACCEPTED_KEY) === String(open.id);
    this.show({ kind: 'active', peekId: open.id, instructor: open.instructor, here });
    if (here && !this.relay.active) this.relay.start(await this.terminal());
  }

  private show(view: PeekView): void {
    this.view = view;
    window.dispatchEvent(new CustomEvent<PeekView>(CLASSROOM_PEEK_EVENT, { detail: view }));
  }
}
