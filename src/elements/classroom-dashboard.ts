/**
 * <stacklab-classroom-dashboard code="K7MQ2X">: the instructor's live view of a workshop (and,
 * without a code, the instructor's workshops with a form to create one). It
 * loads the dashboard snapshot, then listens on the workshop's event stream and reloads the
 * snapshot (at most twice a second) whenever something happens; the stream's reconnects carry
 * Last-Event-ID, so nothing is missed. The peek section follows the same stream for the
 * learner's answers. Without a session it offers the log-in form (src/lib/instructor-login.ts).
 */
import { dashboardSchema, streamEventSchema, type Dashboard, type ListedWorkshop } from '../server/schemas.ts';
import { errorMessage } from '../lib/classroom/client.ts';
import { forgetLoginNotice, showInstructorLogin } from '../lib/instructor-login.ts';
import { renderDashboard } from '../lib/classroom/dashboard-view.ts';
import { courseTitles, type CourseTitles } from '../lib/classroom/course-titles.ts';
import { linkGroupBoxes } from '../lib/classroom/picker-groups.ts';
import { endsAtFromInput } from '../lib/classroom/joining.ts';
import { workshopItem } from '../lib/classroom/workshop-list.ts';
import { PeekViewer } from '../lib/classroom/peek-viewer.ts';
import { showShareLink } from '../lib/share-link.ts';

export class ClassroomDashboardElement extends HTMLElement {
  private csrf = '';
  private stream: EventSource | undefined;
  private reload: ReturnType<typeof setTimeout> | undefined;
  private tick: ReturnType<typeof setInterval> | undefined;
  private peek: PeekViewer | undefined;
  private titles: CourseTitles | undefined;

  private get code(): string {
    return (this.getAttribute('code') || new URLSearchParams(location.search).get('code') || '').toUpperCase();
  }

  connectedCallback(): void {
    void this.start();
  }

  disconnectedCallback(): void {
    this.stream?.close();
    this.peek?.dispose();
    clearTimeout(this.reload);
    clearInterval(this.tick);
  }

  private async start(): Promise<void> {
    const session = await fetch('/api/auth/session');
    if (session.status === 401) return this.showLogin();
    if (!session.ok) return this.showError(await errorMessage(session));
    // Already logged in: a spent link that led here needs no word.
    forgetLoginNotice();
    this.csrf = ((await session.json()) as { csrfToken: string }).csrfToken;
    if (!this.code) return this.showWorkshops();
    const snapshot = await this.load();
    if (!snapshot) return;
    this.stream = new EventSource(`/api/workshops/${this.code}/stream?after=${snapshot.lastEventId}`);
    this.stream.onmessage = (message: MessageEvent<string>) => {
      const event = streamEventSchema.safeParse(JSON.parse(message.data));
      if (event.success) this.peek?.onEvent(event.data);
      this.scheduleReload();
    };
    // Times on the current exercise and the stuck signal move with the clock, not only with events.
    this.tick = setInterval(() => this.scheduleReload(), 30_000);
  }

  private scheduleReload(): void {
    this.reload ??= setTimeout(() => {
      this.reload = undefined;
      void this.load();
    }, 500);
  }

  private async load(): Promise<Dashboard | undefined> {
    const response = await fetch(`/api/workshops/${this.code}`);
    if (!response.ok) {
      this.showError(await errorMessage(response));
      return undefined;
    }
    const snapshot = dashboardSchema.parse(await response.json());
    renderDashboard(this, snapshot, { act: (path, body) => this.act(path, body), peek: (id, name, away) => void this.peek?.request(id, name, away), rejoinLink: (id, name) => void this.rejoinLink(id, name) }, (this.titles ??= courseTitles(document)));
    this.peek ??= new PeekViewer(this.querySelector<HTMLElement>('.dashboard-peek .region')!, this.code, (path, body) => this.send(path, 'POST', body));
    return snapshot;
  }

  private send(path: string, method: string, body: object = {}): Promise<Response> {
    return fetch(`/api/workshops/${this.code}${path}`, { method, headers: { 'content-type': 'application/json', 'x-csrf-token': this.csrf }, body: JSON.stringify(body) });
  }

  private async act(path: string, body: object = {}): Promise<void> {
    const response = await this.send(path, path === '' ? 'PATCH' : 'POST', body);
    if (!response.ok) this.showError(await errorMessage(response));
    else this.scheduleReload();
  }

  /** Once confirmed, a link for the learner to carry on from another computer, shown above the roster (which redraws). */
  private async rejoinLink(learnerId: number, name: string): Promise<void> {
    if (!window.confirm(`Give ${name} a link to carry on from another computer, with their progress? The browser they were in stops reporting to you, and the work inside their VM stays there: they start the exercise again.`)) return;
    const response = await this.send(`/learners/${learnerId}/rejoin`, 'POST');
    if (!response.ok) return this.showError(await errorMessage(response));
    const { rejoinUrl } = (await response.json()) as { rejoinUrl: string };
    showShareLink(this.querySelector<HTMLElement>('.dashboard-rejoin')!, {
      id: 'dashboard-rejoin-url',
      heading: `Link for ${name} to carry on from another computer`,
      note: `Give it to ${name} alone: whoever opens it takes part as ${name}, with their progress and Check results. The browser they were in no longer reports to you; the work inside their VM stays there. A new link replaces this one.`,
      label: 'Rejoin link',
      url: rejoinUrl,
    });
    this.scheduleReload();
  }

  /** Without a code: the instructor's workshops, and a form to create one. */
  private async showWorkshops(): Promise<void> {
    const response = await fetch('/api/workshops');
    if (!response.ok) return this.showError(await errorMessage(response));
    const { workshops } = (await response.json()) as { workshops: ListedWorkshop[] };
    this.innerHTML = `
      <h1>Your workshops</h1>
      <ul class="workshop-list" data-part="list"></ul>
      <h2>Create a workshop</h2>
      <form class="workshop-create">
        <label>Title <input name="title" required maxlength="120" autocomplete="off" /></label>
        <label>Closes to new learners at <input name="endsAt" type="datetime-local" /> <span class="field-note">(optional; those in it keep working, and the dashboard can close or open it any time)</span></label>
        <div data-part="exercises"></div>
        <button type="submit" class="button button-primary">Create</button>
        <p role="alert" data-part="error"></p>
      </form>`;
    // The course's exercises to tick, rendered by the page at build time.
    const picker = document.querySelector<HTMLTemplateElement>('template#workshop-exercise-picker');
    if (!picker) throw new Error('<stacklab-classroom-dashboard> needs template#workshop-exercise-picker; see src/pages/classroom/dashboard.astro.');
    this.querySelector('[data-part="exercises"]')!.replaceWith(document.importNode(picker.content, true));
    linkGroupBoxes(this.querySelector('.exercise-picker')!);
    const list = this.querySelector('[data-part="list"]')!;
    if (workshops.length === 0) list.replaceWith(Object.assign(document.createElement('p'), { textContent: 'You have no workshops yet.' }));
    list.append(...workshops.map(workshopItem));
    const form = this.querySelector('form')!;
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const data = new FormData(form);
      const exercises = data.getAll('exercise').map(String);
      const error = this.querySelector('[data-part="error"]')!;
      let endsAt: string | undefined;
      try {
        endsAt = endsAtFromInput(String(data.get('endsAt') ?? ''));
      } catch (e) {
        return void (error.textContent = (e as Error).message);
      }
      const created = await fetch('/api/workshops', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': this.csrf }, body: JSON.stringify({ title: data.get('title'), exercises, endsAt }) });
      if (!created.ok) return void (error.textContent = await errorMessage(created));
      const { code } = (await created.json()) as { code: string };
      location.search = `?code=${code}`;
    });
  }

  private showLogin(): void {
    showInstructorLogin(this, {
      heading: 'Log in to see the workshop',
      freshLink: `npx stacklab workshop login ${this.code || '<code>'}`,
      onLoggedIn: () => void this.start(),
    });
  }

  private showError(message: string): void {
    let alert = this.querySelector<HTMLElement>('.dashboard-error');
    if (!alert) {
      alert = Object.assign(document.createElement('p'), { className: 'dashboard-error' });
      alert.setAttribute('role', 'alert');
      this.prepend(alert);
    }
    alert.textContent = message;
  }
}

