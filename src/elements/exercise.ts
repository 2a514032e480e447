/**
 * <stacklab-exercise exercise="id" lesson="lesson-id" lesson-exercises="a b">: a graded
 * exercise (markup: src/components/Exercise.astro).
 *
 * - Start / Reset: reset the VM to its snapshot and run the exercise's setup.sh.
 * - Check: collects the VM's state and shows the grader's report, check by check.
 *   A pass records the best score and marks the exercise (and, once all of its exercises
 *   pass, the lesson) done in the progress store.
 * - Resume: the exercise's VM state is saved in IndexedDB when the learner leaves it for
 *   another one (or another page), after each Check, a few seconds after typing stops and
 *   when the tab is hidden or closed (src/lib/exercise-autosave.ts); Resume restores it,
 *   also after a reload.
 * - Reset VM in the terminal releases the exercise: Start (or Resume) sets it up again.
 * - One tab at a time (src/lib/exercise-tab.ts): where another tab of the browser has the
 *   exercise set up, this one says so and offers to move it here (that tab saves it and lets
 *   it go; this one resumes from the save); a tab the exercise moved away from says so too.
 * - Hints one at a time; the reference solution after a second, confirming click.
 * - An answer exercise (src/exercises/answers.ts) has one field per question: what is typed is
 *   kept in localStorage (src/lib/answer-store.ts) so a reload does not lose it, Enter in a
 *   field checks, and the Check grades the answers against the VM's state at that moment. A
 *   Start or Reset draws the exercise afresh, so it empties the fields.
 *
 * The VM is the page's one machine (src/lib/vm-session.ts); src/lib/exercise-session.ts
 * remembers which exercise it holds. Mirrors its state in data-state for styles and tests.
 */
import type { Answers } from '../exercises/answers.ts';
import type { Grader } from '../grading/grader.ts';
import { earnedScore, errorAdvice, reportSummary, type Report } from '../grading/report.ts';
import { browserAnswerStore } from '../lib/answer-store.ts';
import { holdWarmUp, warmUpInBackground } from '../state/warm-up.ts';
import { progressStore } from '../lib/browser-progress.ts';
import { listen } from '../lib/events.ts';
import { holdQuietSave, saveIfChanged } from '../lib/exercise-autosave.ts';
import { activeExercise, saveActiveExercise, savesFinished } from '../lib/exercise-session.ts';
import { hasExerciseState, loadExerciseState } from '../lib/exercise-states.ts';
import { exerciseOpenElsewhere, holdExercise, moveExerciseHere, whenExerciseLetGo } from '../lib/exercise-tab.ts';
import { clockTime } from '../lib/format-time.ts';
import { messageOf } from '../lib/message-of.ts';
import { announce, CHECK_REPORT_EVENT, EXERCISE_STARTED_EVENT, HINT_SHOWN_EVENT, SOLUTION_REVEALED_EVENT } from '../lib/classroom/events.ts';
import { checkItems, resolveReportFonts } from '../lib/report-view.ts';
import { readyMachine, vmSession } from '../lib/vm-session.ts';
import { healthFault } from '../lib/vm-status-text.ts';
import { handOverVm } from '../lib/vm-handover.ts';
import { isVmError } from '../vm/errors.ts';
import type { GuestMachine } from '../vm/machine-api.ts';
import { measurePhase } from '../vm/perf-marks.ts';

type State = 'idle' | 'busy' | 'started' | 'error';

/** What a Check runs: the grading of src/exercises/run.ts and the exercise's grader as defined (its answers filled in at the Check). */
interface CheckCode {
  gradeMachine: typeof import('../exercises/run.ts').gradeMachine;
  limits: typeof import('../exercises/run.ts').CHECK_LIMITS;
  definition: Grader;
  graderFor: typeof import('../grading/grader.ts').graderFor;
}

async function loadCheckCodeOf(exerciseId: string): Promise<CheckCode> {
  const [{ gradeMachine, CHECK_LIMITS }, { loadGrader }, { graderFor }] = await Promise.all([
    import('../exercises/run.ts'),
    import('../grading/registry.ts'),
    import('../grading/grader.ts'),
  ]);
  return { gradeMachine, limits: CHECK_LIMITS, definition: await loadGrader(exerciseId), graderFor };
}

/** After how long a Check still running says why it takes a while. */
const SLOW_CHECK_MS = 2_500;

/** Why this tab has not got the exercise: another tab had it set up ('open'), or took it from this one ('moved'). */
type Elsewhere = { why: 'open' } | { why: 'moved'; movedAt: string; saved: boolean };

const elsewhereText = (elsewhere: Elsewhere) =>
  elsewhere.why === 'open'
    ? 'This exercise is open in another tab of this browser. Work there, or move it to this tab: the other tab saves your work on it and lets it go, and this tab goes on from that save.'
    : elsewhere.saved
      ? `This exercise moved to another tab at ${clockTime(elsewhere.movedAt)}, after saving your work here. Work there, or move it back to this tab.`
      : `This exercise moved to another tab at ${clockTime(elsewhere.movedAt)}; your latest work here could not be saved, so that tab goes on from the last save. Work there, or move it back to this tab.`;

/** What a Check still running after SLOW_CHECK_MS says: a probe waiting for its answer, or a slow guest. */
const slowCheckText = (sendsTraffic: boolean) =>
  sendsTraffic
    ? 'Still checking: this Check also sends test traffic of its own, and a probe that gets no answer waits for its time-out (a few seconds) before it counts as failed.'
    : 'Still checking: the VM is slow to answer (a command still running, or a busy computer). A Check gives up after about 20 seconds and says why.';

export class ExerciseElement extends HTMLElement {
  private unsubscribe?: () => void;
  private offEvents: Array<() => void> = [];
  private hintsShown = 0;
  private solutionAsked = false;
  /** Counts Starts, Resets, Resumes and Checks: a Check overtaken by a Reset shows nothing. */
  private action = 0;
  /** Counts the times the exercise was shown as elsewhere: only the latest waits for the other tab to let go. */
  private elsewhereShown = 0;
  /** The Check's code and grader, loading or loaded (see loadCheckCode). */
  private checkCode?: Promise<CheckCode>;

  private get exerciseId(): string {
    return this.getAttribute('exercise') ?? '';
  }

  connectedCallback(): void {
    this.addEventListener('click', this.onClick);
    this.addEventListener('input', this.onAnswerInput);
    this.addEventListener('keydown', this.onAnswerKey);
    this.fillAnswers(browserAnswerStore().load(this.exerciseId));
    this.offEvents = [listen('stacklab:exercise-saved', this.onSaved), listen('stacklab:vm-reset', this.onVmReset), listen('stacklab:exercise-moved', this.onMoved)];
    this.unsubscribe = progressStore().subscribe(() => this.renderDone());
    this.renderDone();
    if (activeExercise() === this.exerciseId) {
      this.setState('started', 'This exercise is set up in the VM. Work in the terminal, then press Check.');
    } else {
      void this.offerResume();
    }
  }

  disconnectedCallback(): void {
    this.removeEventListener('click', this.onClick);
    this.removeEventListener('input', this.onAnswerInput);
    this.removeEventListener('keydown', this.onAnswerKey);
    for (const off of this.offEvents) off();
    this.unsubscribe?.();
    // Leaving the page: keep this exercise's VM state so coming back can resume it.
    const status = vmSession.status;
    if (activeExercise() === this.exerciseId && status.state === 'ready') void saveActiveExercise(status.machine);
  }

  private readonly onSaved = ({ exercise, savedAt }: { exercise: string; savedAt: string }) => {
    if (exercise !== this.exerciseId) return;
    const saved = this.el('[data-part="saved"]');
    saved.hidden = false;
    saved.dataset.savedAt = savedAt;
    saved.textContent = `Saved ${clockTime(savedAt)}`;
    saved.title = 'Your VM state is kept in this browser; after a reload, Resume brings it back.';
  };

  /** The learner reset the whole VM from the terminal: this exercise is no longer set up. */
  private readonly onVmReset = () => {
    if (this.dataset.state !== 'started' && this.dataset.state !== 'error') return;
    this.hideReport();
    this.setState('idle', 'The VM was reset, so this exercise is no longer set up. Press Start to set it up again.');
    void this.offerResume();
  };

  /** Another tab took this exercise: this tab saved it and let it go. */
  private readonly onMoved = ({ exercise, movedAt, saved }: { exercise: string; movedAt: string; saved: boolean }) => {
    if (exercise !== this.exerciseId) return;
    ++this.action; // a Check still running here reports nothing
    this.showElsewhere({ why: 'moved', movedAt, saved });
  };

  /** Says where the exercise is and offers to move it here; Start and Resume wait for that. */
  private showElsewhere(elsewhere: Elsewhere): void {
    this.hideReport();
    this.setState('idle', elsewhereText(elsewhere));
    this.dataset.elsewhere = elsewhere.why;
    this.el('[data-action="start"]').hidden = true;
    this.el('[data-action="resume"]').hidden = true;
    const moveHere = this.el('[data-action="move-here"]') as HTMLButtonElement;
    moveHere.hidden = false;
    moveHere.disabled = false;
    // Once the other tab is closed (or moves on to another exercise), Start and Resume are offered again.
    const shown = ++this.elsewhereShown;
    void whenExerciseLetGo(this.exerciseId).then(() => {
      if (shown !== this.elsewhereShown || !this.dataset.elsewhere || moveHere.disabled || !this.isConnected) return;
      this.hideElsewhere();
      this.setState('idle', 'Press Start to set the VM up for this exercise.');
      void this.offerResume();
    });
  }

  private hideElsewhere(): void {
    delete this.dataset.elsewhere;
    this.el('[data-action="move-here"]').hidden = true;
    this.el('[data-action="start"]').hidden = false;
  }

  /** Holds the exercise for this tab before its VM is set up for it; false (and says where it is) when another tab has it. */
  private async holdHere(): Promise<boolean> {
    if (await holdExercise(this.exerciseId)) return true;
    this.showElsewhere({ why: 'open' });
    return false;
  }

  /** Asks the tab that has the exercise to save it and let it go, then goes on from that save here. */
  private async moveHere(button: HTMLButtonElement): Promise<void> {
    button.disabled = true;
    this.el('[data-part="status"]').textContent = 'Asking the other tab to save your work on this exercise and let it go…';
    const slow = () =>
      (this.el('[data-part="status"]').textContent =
        'Still waiting for the other tab to save your work and let the exercise go. If it is frozen or no longer answers, close it: this tab then goes on from its last save.');
    try {
      await moveExerciseHere(this.exerciseId, slow);
    } catch (error) {
      button.disabled = false;
      this.setState('error', `The exercise could not move to this tab: ${messageOf(error).replace(/\.?$/, '.')}`);
      return;
    }
    this.hideElsewhere();
    if (await hasExerciseState(this.exerciseId)) await this.resume();
    else await this.prepare('Setting up the exercise: resetting the VM and running its set-up…', 'Ready. Work in the terminal, then press Check.');
  }

  private async offerResume(): Promise<void> {
    if (await exerciseOpenElsewhere(this.exerciseId)) {
      if (activeExercise() !== this.exerciseId && this.isConnected) this.showElsewhere({ why: 'open' });
      return;
    }
    await savesFinished();
    if (!(await hasExerciseState(this.exerciseId)) || activeExercise() === this.exerciseId || !this.isConnected) return;
    this.el('[data-action="resume"]').hidden = false;
    this.el('[data-action="start"]').textContent = 'Start fresh';
    this.el('[data-part="status"]').textContent = 'You worked on this exercise before. Resume where you left off, or start fresh.';
  }

  private readonly onClick = (event: MouseEvent) => {
    const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-action]');
    if (!button || !this.contains(button) || button.disabled) return;
    switch (button.dataset.action) {
      case 'start':
        return void this.prepare('Setting up the exercise: resetting the VM and running its set-up…', 'Ready. Work in the terminal, then press Check.');
      case 'reset':
        return void this.prepare('Resetting the exercise…', 'The exercise is back at its start. Work in the terminal, then press Check.');
      case 'resume':
        return void this.resume();
      case 'move-here':
        return void this.moveHere(button);
      case 'check':
        return void this.check();
      case 'hint':
        return this.showHint(button);
      case 'solution':
        return this.showSolution(button);
    }
  };

  /** The answer fields, one per question; none for an exercise that asks nothing. */
  private answerFields(): HTMLInputElement[] {
    return [...this.querySelectorAll<HTMLInputElement>('input[data-question]')];
  }

  /** The typed answers by question id; undefined for an exercise that asks nothing. */
  private answers(): Answers | undefined {
    const fields = this.answerFields();
    return fields.length === 0 ? undefined : Object.fromEntries(fields.map((f) => [f.dataset.question!, f.value.trim()]));
  }

  private fillAnswers(answers: Answers): void {
    for (const field of this.answerFields()) field.value = answers[field.dataset.question!] ?? '';
  }

  private readonly onAnswerInput = (event: Event) => {
    if (!(event.target as HTMLElement).matches('input[data-question]')) return;
    browserAnswerStore().save(this.exerciseId, this.answers() ?? {});
  };

  /** Enter in an answer field checks, as the Check button would. */
  private readonly onAnswerKey = (event: KeyboardEvent) => {
    if (event.key !== 'Enter' || !(event.target as HTMLElement).matches('input[data-question]')) return;
    event.preventDefault();
    const check = this.el('[data-action="check"]') as HTMLButtonElement;
    if (!check.disabled) void this.check();
  };

  private async prepare(busyText: string, doneText: string): Promise<void> {
    if (!(await this.holdHere())) return;
    const action = ++this.action;
    this.setState('busy', busyText);
    this.hideReport();
    this.getReadyForChecks();
    try {
      const machine = await readyMachine();
      const { exerciseById } = await import('../lib/exercise-catalog.ts');
      const { outcome } = await handOverVm(machine, {
        to: this.exerciseId,
        replacement: () => ({ kind: 'setup', script: exerciseById(this.exerciseId).setup }),
        stillWanted: () => action === this.action,
      });
      if (outcome !== 'done') return;
      // The set-up drew the exercise afresh: answers about the last one are stale.
      this.fillAnswers({});
      browserAnswerStore().clear(this.exerciseId);
      void this.warmUpForCheck(machine);
      this.el('[data-action="resume"]').hidden = true;
      this.el('[data-action="start"]').textContent = 'Start';
      this.setState('started', doneText);
      announce(EXERCISE_STARTED_EVENT, { exercise: this.exerciseId });
    } catch (error) {
      if (action === this.action) this.showError('The exercise could not be set up', error);
    }
  }

  private async resume(): Promise<void> {
    if (!(await this.holdHere())) return;
    const action = ++this.action;
    this.setState('busy', 'Restoring your saved VM…');
    this.hideReport();
    this.getReadyForChecks();
    try {
      const machine = await readyMachine();
      const { outcome } = await handOverVm(machine, {
        to: this.exerciseId,
        replacement: async () => {
          const state = await loadExerciseState(this.exerciseId);
          if (!state) throw new Error('the saved state could not be read');
          return { kind: 'restore', state };
        },
        // Overtaken by a Reset, or moved to another tab meanwhile: the exercise is not taken here.
        stillWanted: () => action === this.action,
      });
      if (outcome !== 'done') return;
      void this.warmUpForCheck(machine);
      this.el('[data-action="resume"]').hidden = true;
      this.el('[data-action="start"]').textContent = 'Start';
      this.setState('started', 'Back where you left off. Press Check when you are done.');
    } catch (error) {
      if (action === this.action) this.showError('Your saved VM could not be restored', error);
    }
  }

  /**
   * At Start and Resume, while the VM is set up or restored and the page waits: loads the
   * Check's code (loadCheckCode) and, once the page is idle, lays out a report's fonts
   * (resolveReportFonts: a forced layout of the page, about 250 ms on a long lesson), so the
   * first Check finds both done. Asked once Start had ended, the layout came due (2 s at most)
   * just when a quick learner's first Check ran, and held that Check up.
   */
  private getReadyForChecks(): void {
    void this.loadCheckCode().catch(() => undefined); // a failure is the Check's to report
    const report = this.el('[data-part="report"]');
    const whenIdle = globalThis.requestIdleCallback ?? ((run: () => void) => setTimeout(run, 200));
    whenIdle(() => resolveReportFonts(report), { timeout: 1000 });
  }

  /** Warms the guest up with this exercise's own collection, so the first Check is fast. */
  private async warmUpForCheck(machine: GuestMachine): Promise<void> {
    warmUpInBackground(machine, (await this.loadCheckCode().catch(() => undefined))?.definition.request);
  }

  /**
   * The Check's code and this exercise's grader, loaded once. Asked for at Start and Resume, so
   * they load while the VM is set up: asked for by the first Check, they held it up by 0.4-0.9 s
   * right after a lab's Start (a grader and its lab's code, fetched and compiled while the page
   * was busy). A load that failed is tried again by the next ask.
   */
  private loadCheckCode(): Promise<CheckCode> {
    this.checkCode ??= loadCheckCodeOf(this.exerciseId).catch((error: unknown) => {
      this.checkCode = undefined;
      throw error;
    });
    return this.checkCode;
  }

  private async check(): Promise<void> {
    // The warm-up carries on after the Check: a learner who checks early still gets warm Checks later.
    const releaseWarmUp = holdWarmUp();
    // So is a save that the terminal's quiet calls for: the Check saves after its report.
    const releaseQuietSave = holdQuietSave();
    /** Set once the report's frame releases the warm-up and the quiet save itself. */
    let releasedAfterDraw = false;
    const clickedAt = performance.now();
    const action = ++this.action;
    let slow: ReturnType<typeof setTimeout> | undefined;
    // Reset stays offered: it is the way out of a Check on a VM that stopped answering.
    this.setState('busy', 'Checking…', { resetAllowed: true });
    try {
      const machine = await readyMachine();
      const { gradeMachine, limits, definition, graderFor } = await this.loadCheckCode();
      const grader = graderFor(definition, undefined, this.answers());
      // "Checking…" alone for seconds reads as a hang: say what the wait is.
      const sendsTraffic = (grader.request.probes ?? []).length > 0;
      slow = setTimeout(
        () => {
          if (action === this.action && this.dataset.state === 'busy') this.el('[data-part="status"]').textContent = slowCheckText(sendsTraffic);
        },
        Math.max(0, SLOW_CHECK_MS - (performance.now() - clickedAt)),
      );
      const report = await gradeMachine(machine, grader, limits, clickedAt);
      if (action !== this.action) return; // a Reset took over while the Check ran
      // An emulator that stopped for good (the session failed) says why itself; a guest that stopped, its health.
      const session = vmSession.status;
      const fault = session.state === 'failed' ? session.error.message : healthFault(machine.health);
      if (report.status === 'error' && fault) {
        this.hideReport();
        this.setState('error', `The check could not run. ${fault} Press Reset to set the exercise up again; your progress marks are kept.`);
        return;
      }
      const drawStart = performance.now();
      this.renderReport(report);
      // Drawn once the next frame is painted. The autosave (a copy of the guest's memory) and
      // the warm-up's next round wait for that frame: on a machine with few cores, a guest
      // running at once held the page's layout off the CPU for hundreds of milliseconds.
      releasedAfterDraw = true;
      requestAnimationFrame(() =>
        setTimeout(() => {
          measurePhase('check', 'draw', drawStart);
          releaseWarmUp();
          releaseQuietSave();
          void saveIfChanged();
        }, 0),
      );
      announce(CHECK_REPORT_EVENT, {
        exercise: this.exerciseId,
        report: {
          status: report.status,
          score: report.score,
          maximum: report.maximum,
          checks: report.checks.map(({ id, title, status }) => ({ id, title, status })),
          earned: earnedScore(report),
        },
      });
      if (report.status === 'error') {
        this.setState('error', errorAdvice(report));
        return;
      }
      this.recordProgress(report);
      this.setState('started', report.status === 'pass' ? 'Well done: every check passes.' : 'Not yet: see the first failing check below.');
    } catch (error) {
      if (action !== this.action) return;
      this.hideReport();
      this.showError('The check could not run', error);
    } finally {
      clearTimeout(slow);
      if (!releasedAfterDraw) {
        releaseWarmUp();
        releaseQuietSave();
      }
    }
  }

  private recordProgress(report: Report): void {
    const store = progressStore();
    store.recordExerciseResult(this.exerciseId, { score: report.score, maximum: report.maximum, passed: report.status === 'pass' });
    const lesson = this.getAttribute('lesson');
    const all = (this.getAttribute('lesson-exercises') ?? '').split(/\s+/).filter(Boolean);
    if (lesson && all.length > 0 && all.every((id) => store.isExerciseDone(id))) store.markDone(lesson);
  }

  private renderReport(report: Report): void {
    const summary = this.el('[data-part="summary"]');
    summary.dataset.status = report.status;
    summary.textContent = reportSummary(report);
    const notice = this.el('[data-part="report-notice"]');
    notice.hidden = !report.notice;
    notice.textContent = report.notice ?? '';

    const list = this.el('[data-part="checks"]');
    list.replaceChildren(...checkItems(report.checks));
    this.el('[data-part="report"]').hidden = false;
  }

  private hideReport(): void {
    this.el('[data-part="report"]').hidden = true;
  }

  /** Shows what went wrong and points at Reset; never a pass. */
  private showError(what: string, error: unknown): void {
    const detail = messageOf(error).replace(/\.?$/, '.');
    const advice = isVmError(error)
      ? ' The VM did not answer as expected. Press Reset to set the exercise up again; if that fails too, reload the page.'
      : ' Press Reset to set the exercise up again.';
    this.setState('error', `${what}: ${detail}${advice}`);
  }

  private showHint(button: HTMLButtonElement): void {
    const hints = [...this.querySelectorAll<HTMLElement>('[data-part="hints"] > li')];
    const next = hints[this.hintsShown];
    if (!next) return;
    next.hidden = false;
    this.hintsShown += 1;
    announce(HINT_SHOWN_EVENT, { exercise: this.exerciseId, hint: this.hintsShown });
    if (this.hintsShown >= hints.length) button.hidden = true;
    else button.textContent = `Show a hint (${this.hintsShown + 1} of ${hints.length})`;
  }

  private showSolution(button: HTMLButtonElement): void {
    if (!this.solutionAsked) {
      this.solutionAsked = true;
      button.textContent = 'Are you sure? Show the solution';
      return;
    }
    this.el('[data-part="solution"]').hidden = false;
    button.hidden = true;
    announce(SOLUTION_REVEALED_EVENT, { exercise: this.exerciseId });
  }

  private setState(state: State, text: string, { resetAllowed = false } = {}): void {
    this.dataset.state = state;
    const status = this.el('[data-part="status"]');
    status.textContent = text;
    status.dataset.tone = state === 'error' ? 'error' : '';
    const busy = state === 'busy';
    const started = state === 'started' || (state === 'error' && activeExercise() === this.exerciseId);
    const start = this.el('[data-action="start"]') as HTMLButtonElement;
    start.disabled = busy;
    // Once the exercise is under way, Check is the main action.
    start.classList.toggle('button-primary', !started);
    (this.el('[data-action="resume"]') as HTMLButtonElement).disabled = busy;
    (this.el('[data-action="check"]') as HTMLButtonElement).disabled = busy || !started;
    // Reset is always offered once something went wrong, as the way out.
    (this.el('[data-action="reset"]') as HTMLButtonElement).disabled = !resetAllowed && (busy || !(started || state === 'error'));
  }

  private renderDone(): void {
    const result = progressStore().exerciseResult(this.exerciseId);
    const mark = this.el('[data-part="done"]');
    this.toggleAttribute('data-done', result?.doneAt !== undefined);
    if (result?.doneAt) {
      mark.hidden = false;
      mark.textContent = `Done ✓ best ${result.bestScore}/${result.maximum}`;
    } else if (result) {
      mark.hidden = false;
      mark.textContent = `Best so far ${result.bestScore}/${result.maximum}`;
    } else {
      mark.hidden = true;
    }
  }

  private el(selector: string): HTMLElement {
    const element = this.querySelector<HTMLElement>(selector);
    if (!element) throw new Error(`<stacklab-exercise> is missing ${selector}; see src/components/Exercise.astro.`);
    return element;
  }
}
