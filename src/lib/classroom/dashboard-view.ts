/**
 * Draws the instructor's dashboard from a snapshot: the roster by exercise grid (a heat map of
 * the best score the learner's work earned per cell, leaving out the checks the set-up already
 * satisfies, marked "now failing" when a pass was followed by a failing Check; the
 * failing check's title on hover or focus), who is away, each learner's
 * current exercise, time on it and stuck signal, the raised-hand queue, the per-check view across the
 * room, the broadcast form, the stuck setting, the CSV export, and a Peek button per learner
 * (the peek itself is drawn by peek-viewer.ts in its own section). The forms are drawn once, so
 * a reload while the instructor types keeps what they typed.
 */
import type { Dashboard, ExerciseProgress, RosterRow } from '../../server/schemas.ts';
import { reportTellsAnotherStory } from './earned-score.ts';
import { el } from '../element.ts';
import { joining } from './joining.ts';
import type { CourseTitles, TitleOf } from './course-titles.ts';
import { keepPlace } from '../keep-place.ts';

export interface DashboardActions {
  /** POST (or PATCH for '') to /api/workshops/<code><path>. */
  act(path: string, body?: object): Promise<void>;
  /** Asks to see a learner's terminal (`away`: no page of theirs is open now). */
  peek(learnerId: number, name: string, away: boolean): void;
  /** Gives a learner who is away a link to carry on from another computer (their laptop died). */
  rejoinLink(learnerId: number, name: string): void;
}

export const minutes = (ms: number | null) => (ms === null ? '' : ms < 60_000 ? 'under a minute' : `${Math.floor(ms / 60_000)} min`);

/** 0..1 of the earned maximum, for the heat map; -1 when not started. */
export const heat = (cell: ExerciseProgress | undefined) => (!cell || cell.status === 'not-started' ? -1 : cell.earnedMax > 0 ? cell.earned / cell.earnedMax : 0);

/** What a started cell says: the earned score, and the learner's own figure where the set-up's checks make it tell another story (not 5/5 beside 8/8). */
export function scoreLabel(cell: ExerciseProgress): string {
  const earned = `${cell.earned}/${cell.earnedMax}`;
  if (!reportTellsAnotherStory(cell)) return earned;
  return `${earned} earned (the learner's report says ${cell.best}/${cell.max}, counting the checks the set-up already satisfies)`;
}

function cellFor(row: RosterRow, exercise: string, titleOf: TitleOf): HTMLTableCellElement {
  const cell = row.exercises[exercise];
  const level = heat(cell);
  const label = !cell || cell.status === 'not-started' ? 'not started' : `${scoreLabel(cell)}, ${cell.status}${cell.failingCheck ? `, latest Check fails: ${cell.failingCheck.title}` : ''}`;
  // A cell that passed keeps its best score green; a latest Check that fails since is marked on it too.
  const regressed = cell?.status === 'pass' && cell.failingCheck !== null;
  const td = el(
    'td',
    { className: 'heat', tabIndex: 0, title: label },
    !cell || cell.status === 'not-started' ? '–' : `${cell.earned}/${cell.earnedMax}`,
    ...(regressed ? [el('span', { className: 'heat-note' }, 'now failing')] : []),
  );
  td.dataset.status = cell?.status ?? 'not-started';
  td.dataset.exercise = exercise;
  td.dataset.place = `${row.id}:${exercise}`;
  td.style.setProperty('--heat', String(Math.max(0, level)));
  td.setAttribute('aria-label', `${row.name}, ${titleOf(exercise)}: ${label}`);
  if (cell?.failingCheck) td.dataset.failing = cell.failingCheck.title;
  return td;
}

/** The roster's caption: the learners who joined and have not left, and how many of them are away. */
export function roomCount(rows: readonly Pick<RosterRow, 'leftAt' | 'awayFor'>[]): string {
  const inRoom = rows.filter((r) => r.leftAt === null);
  const away = inRoom.filter((r) => r.awayFor !== null).length;
  return `${inRoom.length} ${inRoom.length === 1 ? 'learner' : 'learners'} in the room${away > 0 ? `, ${away} of them away` : ''}`;
}

function peekButton(r: RosterRow, actions: DashboardActions): HTMLButtonElement {
  const button = el('button', { type: 'button', className: 'button button-small peek-button', onclick: () => actions.peek(r.id, r.name, r.awayFor !== null) }, 'Peek');
  button.dataset.place = `${r.id}:peek`;
  return button;
}

/** Away, a learner may be on another computer now: the link that brings them back as themselves. */
function rejoinButton(r: RosterRow, actions: DashboardActions): HTMLButtonElement {
  const button = el('button', { type: 'button', className: 'button rejoin-button', onclick: () => actions.rejoinLink(r.id, r.name) }, 'Link to another computer');
  button.dataset.place = `${r.id}:rejoin`;
  button.setAttribute('aria-label', `Link to another computer for ${r.name}`);
  return button;
}

/** An exercise's column head: its title (the id, as the CSV export names the column, on hover). */
function exerciseHead(exercise: string, titleOf: TitleOf): HTMLTableCellElement {
  const th = el('th', { scope: 'col', className: 'exercise-head', title: exercise }, titleOf(exercise));
  th.dataset.exercise = exercise;
  return th;
}

function roster(snapshot: Dashboard, actions: DashboardActions, titles: CourseTitles): HTMLElement {
  const titleOf = titles.exercise;
  const exercises = snapshot.workshop.exercises.length > 0 ? snapshot.workshop.exercises : [...new Set(snapshot.roster.flatMap((r) => Object.keys(r.exercises)))];
  const head = el('tr', {}, el('th', { scope: 'col' }, 'Learner'), el('th', { scope: 'col' }, 'Now on'), ...exercises.map((e) => exerciseHead(e, titleOf)));
  const rows = snapshot.roster.map((r) => {
    const tr = el(
      'tr',
      {},
      el(
        'th',
        { scope: 'row' },
        r.name,
        r.leftAt !== null ? ' (left)' : '',
        ...(r.awayFor !== null ? [' ', el('span', { className: 'away-badge', title: 'No page of the workshop is open in their browser' }, `away ${minutes(r.awayFor)}`)] : []),
        ...(r.stuck ? [' ', el('span', { className: 'stuck-badge', title: r.stuck.detail }, `stuck: ${r.stuck.detail}`)] : []),
        ...(r.leftAt === null ? [' ', peekButton(r, actions)] : []),
        ...(r.leftAt === null && r.awayFor !== null ? [' ', rejoinButton(r, actions)] : []),
      ),
      el('td', {}, r.currentExercise ? `${titleOf(r.currentExercise)}, ${minutes(r.timeOnCurrent)}` : r.currentLesson ? titles.lesson(r.currentLesson) : ''),
      ...exercises.map((e) => cellFor(r, e, titleOf)),
    );
    if (r.stuck) tr.dataset.stuck = r.stuck.reason;
    if (r.awayFor !== null) tr.dataset.away = '';
    return tr;
  });
  // A workshop of many exercises is wider than a laptop's screen: the grid scrolls sideways on its own, the learners' names staying in view.
  const box = el('div', { className: 'table-scroll roster-scroll' }, el('table', { className: 'roster' }, el('caption', {}, roomCount(snapshot.roster)), el('thead', {}, head), el('tbody', {}, ...rows)));
  box.addEventListener('mouseover', sideFailingNote);
  box.addEventListener('focusin', sideFailingNote);
  return box;
}

/**
 * A failing cell's note ("latest Check fails: …") is one line above the cell. Centred on a cell
 * near the scrolling grid's visible edge, the box cut it off: it runs rightwards from a cell in
 * the visible left half and leftwards from one in the right half.
 */
function sideFailingNote(event: Event): void {
  const cell = event.target instanceof Element ? event.target.closest<HTMLElement>('td.heat[data-failing]') : null;
  const box = cell?.closest<HTMLElement>('.roster-scroll');
  if (!cell || !box) return;
  const [own, seen] = [cell.getBoundingClientRect(), box.getBoundingClientRect()];
  cell.dataset.noteSide = own.left + own.width / 2 > seen.left + seen.width / 2 ? 'end' : 'start';
}

function hands(snapshot: Dashboard, actions: DashboardActions): HTMLElement {
  if (snapshot.hands.length === 0) return el('p', {}, 'No raised hands.');
  return el(
    'ol',
    { className: 'hands' },
    ...snapshot.hands.map((h) => {
      const buttons = [
        ...(h.acknowledgedAt === null ? [el('button', { type: 'button', className: 'button', onclick: () => void actions.act(`/hands/${h.id}/acknowledge`) }, 'Acknowledge')] : [' (acknowledged) ']),
        el('button', { type: 'button', className: 'button', onclick: () => void actions.act(`/hands/${h.id}/resolve`) }, 'Resolve'),
      ];
      return el('li', {}, el('strong', {}, h.learnerName), h.message ? `: ${h.message} ` : ' ', ...buttons);
    }),
  );
}

/** Whether the workshop takes new learners (by the server's clock), and the button that closes it now or opens it again. */
function joiningLine(snapshot: Dashboard, actions: DashboardActions): Array<Node | string> {
  const state = joining(snapshot.workshop.endsAt, snapshot.now);
  const change = el('button', { type: 'button', className: 'button', onclick: () => void actions.act('', { endsAt: state.open ? 'now' : null }) }, state.action);
  return [el('span', { className: 'joining-state' }, `${state.text}. `), change];
}

function checks(snapshot: Dashboard, titleOf: TitleOf): HTMLElement {
  const failing = snapshot.checks.filter((c) => c.failing > 0);
  if (failing.length === 0) return el('p', {}, 'No check is failing in the room.');
  return el('ul', { className: 'check-summary' }, ...failing.map((c) => el('li', {}, `${c.failing} of ${c.room} fail `, el('code', {}, c.title), ` (${titleOf(c.exercise)})`)));
}

function forms(root: HTMLElement, snapshot: Dashboard, actions: DashboardActions): void {
  const broadcast = el('form', { className: 'broadcast' }, el('label', {}, 'Message to every learner ', el('input', { name: 'message', maxLength: 1000, required: true })), el('button', { type: 'submit', className: 'button button-primary' }, 'Send'));
  broadcast.addEventListener('submit', (event) => {
    event.preventDefault();
    const input = broadcast.querySelector('input')!;
    void actions.act('/broadcast', { message: input.value }).then(() => (input.value = ''));
  });
  const stuck = el(
    'form',
    { className: 'stuck-setting' },
    el('label', { htmlFor: 'stuck-minutes' }, 'Stuck after (minutes without progress)'),
    el('span', { className: 'field-row' }, el('input', { id: 'stuck-minutes', name: 'minutes', type: 'number', min: '1', max: '240', value: String(snapshot.workshop.stuckMinutes) }), el('button', { type: 'submit', className: 'button' }, 'Set')),
  );
  stuck.addEventListener('submit', (event) => {
    event.preventDefault();
    void actions.act('', { stuckMinutes: Number(stuck.querySelector('input')!.value) });
  });
  const code = snapshot.workshop.code;
  root.replaceChildren(
    el('h1', {}, snapshot.workshop.title),
    el('p', {}, 'Join code ', el('strong', { className: 'join-code' }, code), ' · learners join at ', el('a', { href: `/classroom/join/?code=${code}` }, `/classroom/join/?code=${code}`), ' · ', el('a', { href: `/api/workshops/${code}/export.csv` }, 'Export CSV')),
    el('p', { className: 'dashboard-joining' }),
    el('section', { className: 'dashboard-hands' }, el('h2', {}, 'Raised hands'), el('div', { className: 'region' })),
    el('section', { className: 'dashboard-checks' }, el('h2', {}, 'Checks failing across the room'), el('div', { className: 'region' })),
    el('section', { className: 'dashboard-roster' }, el('h2', {}, 'Roster'), el('section', { className: 'dashboard-rejoin share-link', hidden: true }), el('div', { className: 'region' })),
    el('section', { className: 'dashboard-peek' }, el('h2', {}, 'Terminal peek'), el('div', { className: 'region' })),
    el('section', { className: 'dashboard-tools' }, el('h2', {}, 'Tell the room'), broadcast, stuck),
  );
  root.dataset.rendered = code;
}

/** `titles` name the exercises and lessons (src/lib/classroom/course-titles.ts). */
export function renderDashboard(root: HTMLElement, snapshot: Dashboard, actions: DashboardActions, titles: CourseTitles): void {
  if (root.dataset.rendered !== snapshot.workshop.code) forms(root, snapshot, actions);
  const region = (section: string) => root.querySelector<HTMLElement>(`.${section} .region`)!;
  root.querySelector('.dashboard-joining')!.replaceChildren(...joiningLine(snapshot, actions));
  region('dashboard-hands').replaceChildren(hands(snapshot, actions));
  region('dashboard-checks').replaceChildren(checks(snapshot, titles.exercise));
  const rosterRegion = region('dashboard-roster');
  const restorePlace = keepPlace(rosterRegion, '.roster-scroll');
  rosterRegion.replaceChildren(roster(snapshot, actions, titles));
  restorePlace();
}
