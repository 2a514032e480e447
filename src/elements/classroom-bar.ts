/**
 * <stacklab-classroom>: "You are in: <title>" with Raise hand and Leave, and the instructor's
 * latest broadcast, for a learner who joined a workshop; nothing at all for one who did not.
 * When the instructor asks to see the terminal it opens a dialog (Accept / Decline), and while
 * a peek lasts it shows "Your instructor is viewing your terminal" with Stop.
 */
import type { StreamEvent } from '../server/schemas.ts';
import { CLASSROOM_PEEK_EVENT, type PeekView } from '../lib/classroom/learner-peek.ts';
import { CLASSROOM_CHANGED_EVENT, CLASSROOM_MESSAGE_EVENT, installReporter, learnerPeek, leave, membership, report } from '../lib/classroom/reporter.ts';

export class ClassroomBarElement extends HTMLElement {
  private readonly onMessage = (event: Event) => this.showMessage((event as CustomEvent<StreamEvent>).detail);
  private readonly onChanged = (event: Event) => this.render((event as CustomEvent<{ message?: string }>).detail?.message);
  private readonly onPeek = (event: Event) => this.showPeek((event as CustomEvent<PeekView>).detail);

  connectedCallback(): void {
    installReporter();
    window.addEventListener(CLASSROOM_MESSAGE_EVENT, this.onMessage);
    window.addEventListener(CLASSROOM_CHANGED_EVENT, this.onChanged);
    window.addEventListener(CLASSROOM_PEEK_EVENT, this.onPeek);
    this.render();
  }

  disconnectedCallback(): void {
    window.removeEventListener(CLASSROOM_MESSAGE_EVENT, this.onMessage);
    window.removeEventListener(CLASSROOM_CHANGED_EVENT, this.onChanged);
    window.removeEventListener(CLASSROOM_PEEK_EVENT, this.onPeek);
  }

  private render(notice?: string): void {
    const current = membership();
    this.hidden = !current && !notice;
    if (!current) {
      this.replaceChildren(...(notice ? [Object.assign(document.createElement('p'), { className: 'classroom-notice', textContent: notice })] : []));
      return;
    }
    this.innerHTML = `
      <p class="classroom-where">You are in: <strong data-part="title"></strong> <span data-part="name"></span></p>
      <button type="button" class="button" data-part="raise" aria-expanded="false" aria-controls="classroom-hand">Raise hand</button>
      <button type="button" class="button" data-part="leave">Leave</button>
      <form id="classroom-hand" data-part="hand" hidden>
        <label>Message for your instructor (optional) <input name="message" maxlength="500" autocomplete="off" /></label>
        <button type="submit" class="button button-primary">Send</button>
      </form>
      <p class="classroom-message" data-part="message" role="status" aria-live="polite"></p>
      <p class="classroom-peek-on" data-part="peek-on" role="status" hidden>
        <span data-part="peek-text"></span>
        <button type="button" class="button button-primary" data-part="peek-stop">Stop</button>
      </p>
      <dialog class="classroom-peek-ask" data-part="peek-ask" aria-labelledby="classroom-peek-title">
        <h2 id="classroom-peek-title">Share your terminal?</h2>
        <p data-part="peek-who"></p>
        <p>They would see a live, read-only copy of your terminal: what it shows now and everything it shows next, until you press Stop. They cannot type in it. Nothing is shared unless you accept.</p>
        <div class="classroom-peek-buttons">
          <button type="button" class="button button-primary" data-part="peek-accept">Accept</button>
          <button type="button" class="button" data-part="peek-decline">Decline</button>
        </div>
      </dialog>`;
    this.partEl('title').textContent = current.title;
    this.partEl('name').textContent = `as ${current.name}`;
    const form = this.partEl('hand') as HTMLFormElement;
    const raise = this.partEl('raise');
    raise.addEventListener('click', () => {
      form.hidden = !form.hidden;
      raise.setAttribute('aria-expanded', String(!form.hidden));
      if (!form.hidden) form.querySelector('input')?.focus();
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const input = form.querySelector('input')!;
      report({ type: 'hand-raised', message: input.value.trim() });
      input.value = '';
      form.hidden = true;
      raise.setAttribute('aria-expanded', 'false');
      this.partEl('message').textContent = 'Your hand is raised; your instructor will come to you.';
    });
    this.partEl('leave').addEventListener('click', () => void leave());
    this.partEl('peek-accept').addEventListener('click', () => void learnerPeek.accept());
    this.partEl('peek-decline').addEventListener('click', () => void learnerPeek.decline());
    this.partEl('peek-stop').addEventListener('click', () => void learnerPeek.stop());
    // Esc closes the dialog: that is a decline.
    this.partEl('peek-ask').addEventListener('cancel', (event) => {
      event.preventDefault();
      void learnerPeek.decline();
    });
    this.showPeek(learnerPeek.current);
  }

  private showPeek(view: PeekView): void {
    if (!this.querySelector('[data-part="peek-ask"]')) return;
    const ask = this.partEl('peek-ask') as HTMLDialogElement;
    if (view.kind === 'asked') {
      this.partEl('peek-who').textContent = `Your instructor (${view.instructor}) asks to see your terminal.`;
      if (!ask.open) ask.showModal();
    } else if (ask.open) ask.close();
    const on = this.partEl('peek-on');
    on.hidden = view.kind !== 'active';
    if (view.kind === 'active') {
      this.partEl('peek-text').textContent = view.here ? 'Your instructor is viewing your terminal.' : 'Your instructor is viewing your terminal (shared from another tab).';
    }
    if (view.kind === 'none' && view.notice) this.partEl('message').textContent = view.notice;
  }

  private showMessage(event: StreamEvent): void {
    const text =
      event.type === 'broadcast' ? `From your instructor: ${String(event.payload.message ?? '')}` : event.type === 'hand-acknowledged' ? 'Your instructor has seen your raised hand.' : event.type === 'hand-resolved' ? 'Your raised hand is resolved.' : '';
    if (text && this.querySelector('[data-part="message"]')) this.partEl('message').textContent = text;
  }

  private partEl(name: string): HTMLElement {
    return this.querySelector<HTMLElement>(`[data-part="${name}"]`)!;
  }
}
