/**
 * <stacklab-classroom>: "You are in: <title>" with Raise hand and Leave, and the instructor's
 * latest broadcast, for a learner who joined a workshop; nothing at all for one who did not.
 */
import type { StreamEvent } from '../server/schemas.ts';
import { CLASSROOM_CHANGED_EVENT, CLASSROOM_MESSAGE_EVENT, installReporter, leave, membership, report } from '../lib/classroom/reporter.ts';

export class ClassroomBarElement extends HTMLElement {
  private readonly onMessage = (event: Event) => this.showMessage((event as CustomEvent<StreamEvent>).detail);
  private readonly onChanged = (event: Event) => this.render((event as CustomEvent<{ message?: string }>).detail?.message);

  connectedCallback(): void {
    installReporter();
    window.addEventListener(CLASSROOM_MESSAGE_EVENT, this.onMessage);
    window.addEventListener(CLASSROOM_CHANGED_EVENT, this.onChanged);
    this.render();
  }

  disconnectedCallback(): void {
    window.removeEventListener(CLASSROOM_MESSAGE_EVENT, this.onMessage);
    window.removeEventListener(CLASSROOM_CHANGED_EVENT, this.onChanged);
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
      <p class="classroom-message" data-part="message" role="status" aria-live="polite"></p>`;
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
