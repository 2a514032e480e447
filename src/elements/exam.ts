/**
 * <stacklab-exam exam="id">: an exam sitting (markup: src/components/ExamSitting.astro).
 *
 * - Start (once the VM runs): a random seed, the deadline, the first task set up.
 * - Countdown from the stored deadline, warnings at 15 and 5 minutes (visible and aria-live),
 *   automatic submission at 0:00; Submit asks for confirmation first.
 * - One VM state per task, in IndexedDB under taskStateKey(exam, seed, task): switching tasks
 *   saves the one on screen and restores (or sets up) the other. The task on screen is the
 *   "active exercise" of src/lib/exercise-session.ts under that key, so the lessons' autosave
 *   keeps it saved while the candidate types, and a lesson's Start would save it first.
 * - Reset VM in the terminal puts the task on screen back at its start.
 * - No hints, no grading before the end. On submission every started task is restored and
 *   graded with its grader for the drawn values; the report (per task, per check, verdict)
 *   and the results bundle follow (src/lib/exam-results.ts).
 * - The sitting lives in localStorage (src/lib/exam-sitting.ts): a reload resumes it with
 *   the clock still counting from the original start, or shows the report once graded.
 * - Never records lesson progress.
 * - With data-one-tab (a practice exam's page), one tab of the browser has the exam at a time
 *   (src/lib/one-tab.ts): another says so and can move it there (src/lib/one-tab-offer.ts).
 *
 * The logic lives in plain modules: the phases and their one transition function
 * (src/lib/exam-phase.ts), the clock (src/lib/exam-clock.ts), the VM work
 * (src/lib/exam-task-vm.ts), and what the sitting needs from outside — the clock, where an
 * autosaved task state goes, what becomes of the bundle — in the ExamHost interface
 * (src/lib/exam-host.ts; set `host` before connecting the element, localExamHost() by default).
 * This element renders the state and turns clicks into transitions.
 *
 * Mirrors its phase in data-phase (loading, intro, running, grading, finished) for styles and tests.
 */
import type { Bundle, Exam } from '../exams/schema.ts';
import { ANSWER_MAX_LENGTH, type Answers, type Question } from '../exercises/answers.ts';
import { describeRemaining, dueWarning, formatDuration, formatRemaining, remainingMs, urgency } from '../lib/exam-clock.ts';
import { localExamHost, type ExamHost } from '../lib/exam-host.ts';
import { examTransition, type ExamEvent, type ExamState, type Graded } from '../lib/exam-phase.ts';
import { sittingFacts, taskResultItem, verdictText } from '../lib/exam-result-view.ts';
import { beginSitting, clearSitting, newSeed, readSitting, writeSitting, type Sitting } from '../lib/exam-sitting.ts';
import { bringTask, gradeInVm, taskById, taskKey, type TaskArrival } from '../lib/exam-task-vm.ts';
import { dispatch, listen } from '../lib/events.ts';
import { saveNow } from '../lib/exercise-autosave.ts';
import { activeExercise, saveActiveExercise, setActiveExercise } from '../lib/exercise-session.ts';
import { deleteExerciseState, hasExerciseState, loadExerciseState } from '../lib/exercise-states.ts';
import { clockTime } from '../lib/format-time.ts';
import { messageOf } from '../lib/message-of.ts';
import { claimExamTab, offerTakeOver } from '../lib/one-tab-offer.ts';
import { readyMachine, vmSession } from '../lib/vm-session.ts';
import { browserLocalStorage } from '../lib/browser-storage.ts';

const TICK_MS = 250;
/** How long after the last keystroke in an answer field the task is saved (and, on an exam server, uploaded). */
const ANSWER_SAVE_DELAY_MS = 1500;

/** The build of the guest image the VM was loaded from (the loader read the same file), for the bundle. */
async function imageBuild(): Promise<string | undefined> {
  try {
    const { parseImageInfo } = await import('../vm/image-info.ts');
    const response = await fetch('/vm/image.json');
    return response.ok ? parseImageInfo(await response.json(), '/vm/image.json').build : undefined;
  } catch {
    return undefined;
  }
}

export class ExamElement extends HTMLElement {
  /** Where the clock comes from, where autosaved task states go, what becomes of the bundle. */
  host: ExamHost = localExamHost();
  private exam?: Exam;
  private state: ExamState = { phase: 'loading' };
  private ticker?: ReturnType<typeof setInterval>;
  private answerSaveTimer?: ReturnType<typeof setTimeout>;
  private announced = new Set<number>();
  /** VM work (set-up, restore, grading) runs one step at a time, in order. */
  private queue: Promise<unknown> = Promise.resolve();
  private offStatus?: () => void;
  private offEvents: Array<() => void> = [];
  private bundle?: Bundle;
  private restartAsked = false;

  /** The sitting of any phase that has one. */
  private get sitting(): Sitting | undefined {
    return 'sitting' in this.state ? this.state.sitting : undefined;
  }

  /** The running sitting, or undefined in any other phase. */
  private get running(): Sitting | undefined {
    return this.state.phase === 'running' ? this.state.sitting : undefined;
  }

  connectedCallback(): void {
    this.addEventListener('click', this.onClick);
    this.addEventListener('input', this.onAnswerInput);
    this.offEvents = [listen('stacklab:vm-reset', this.onVmReset), listen('stacklab:exercise-saved', this.onSaved)];
    document.addEventListener('visibilitychange', this.onTick);
    void this.init();
  }

  disconnectedCallback(): void {
    this.removeEventListener('click', this.onClick);
    this.removeEventListener('input', this.onAnswerInput);
    for (const off of this.offEvents) off();
    document.removeEventListener('visibilitychange', this.onTick);
    this.offStatus?.();
    this.stopClock();
    clearTimeout(this.answerSaveTimer);
    this.forgetBundle();
    // Leaving the page: the sitting goes on (the clock is the stored deadline); keep the task's work.
    const status = vmSession.status;
    const sitting = this.running;
    if (sitting && activeExercise() === taskKey(sitting, sitting.currentTask) && status.state === 'ready') {
      void saveActiveExercise(status.machine);
    }
  }

  private async init(): Promise<void> {
    try {
      const { examById } = await import('../lib/exam-catalog.ts');
      this.exam = examById(this.getAttribute('exam') ?? '');
    } catch (error) {
      this.text('intro-status', `This exam could not be loaded: ${messageOf(error)}`);
      return;
    }
    if (!this.isConnected) return;
    if (this.hasAttribute('data-one-tab') && !(await this.claimThisTab(this.exam.id))) return;
    this.offStatus = vmSession.on('status', () => this.renderStartAvailability());
    this.move({ type: 'loaded', sitting: readSitting(browserLocalStorage(), this.exam) });
    this.render();
    this.resume();
  }

  /**
   * One tab of the browser works on the exam at a time (src/lib/one-tab-offer.ts): true when this
   * tab has it. Otherwise the page says where it is and offers to move it here, and runs no sitting.
   */
  private async claimThisTab(examId: string): Promise<boolean> {
    const why = await claimExamTab(examId);
    if (!why) return true;
    this.partNamed('intro').hidden = true;
    this.partNamed('elsewhere').hidden = false;
    offerTakeOver({ text: this.partNamed('elsewhere-text'), button: this.button('take-over'), error: this.partNamed('elsewhere-error') }, examId, why);
    return false;
  }

  /** Applies `event` to the state (src/lib/exam-phase.ts); false when the phase does not allow it. The caller stores and renders. */
  private move(event: ExamEvent): boolean {
    const before = this.state;
    this.state = examTransition(before, event);
    return this.state !== before;
  }

  /** Shows the current phase and starts what it runs (the clock, grading, the task's VM). */
  private render(): void {
    const state = this.state;
    this.dataset.phase = state.phase;
    this.partNamed('intro').hidden = state.phase !== 'intro';
    this.partNamed('running').hidden = state.phase !== 'running';
    this.partNamed('result').hidden = state.phase !== 'finished';
    this.partNamed('grading').hidden = state.phase !== 'grading';
    if (state.phase !== 'grading') this.partNamed('grade-again').hidden = true;
    // While grading, the VM moves from task to task: typing into it would change what is graded.
    document.querySelector('stacklab-terminal')?.toggleAttribute('inert', state.phase === 'grading');
    switch (state.phase) {
      case 'intro':
        return this.renderStartAvailability();
      case 'running':
        this.text('seed', state.sitting.seed);
        return this.renderTasks(state.sitting);
      case 'grading':
        this.stopClock();
        return;
      case 'finished':
        return this.showResult(state.sitting);
    }
  }

  private renderStartAvailability(): void {
    if (this.state.phase !== 'intro') return;
    const state = vmSession.status.state;
    this.button('start').disabled = state !== 'ready';
    this.text(
      'intro-status',
      state === 'ready'
        ? `Ready. The clock (${formatDuration(this.exam!.timeLimitMinutes * 60_000)}) starts when you press Start.`
        : state === 'failed'
          ? 'The Linux VM could not start (see the terminal pane). Press Retry there; Start becomes available once it runs.'
          : 'The Linux VM is loading; Start becomes available once it is ready.',
    );
  }

  /** After a reload: a running sitting's clock and task come back; a submitted one is graded (again). */
  private resume(): void {
    if (this.state.phase === 'grading') return this.enqueue(() => this.grade());
    if (this.state.phase !== 'running') return;
    this.startClock();
    const sitting = this.running;
    if (sitting) this.enqueue(() => this.putOnScreen(sitting.currentTask, 'resume'));
  }

  private async start(): Promise<void> {
    if (this.state.phase !== 'intro' || vmSession.status.state !== 'ready') return;
    this.button('start').disabled = true;
    const build = await imageBuild();
    const sitting = beginSitting(this.exam!, newSeed(), new Date(this.host.now()), build);
    if (!this.move({ type: 'begin', sitting })) return;
    const stored = this.store();
    this.announced.clear();
    this.render();
    this.startClock();
    if (!stored) this.text('warning', 'This browser does not let the page store data: a reload or a closed tab would lose this sitting. Keep this tab open until you submit.');
    this.enqueue(() => this.putOnScreen(sitting.currentTask, 'new'));
  }

  // ---- The clock ----

  private startClock(): void {
    this.stopClock();
    this.onTick();
    if (this.state.phase === 'running') this.ticker = setInterval(this.onTick, TICK_MS);
  }

  private stopClock(): void {
    clearInterval(this.ticker);
    this.ticker = undefined;
  }

  private readonly onTick = () => {
    const sitting = this.running;
    if (!sitting || !this.exam) return;
    const remaining = remainingMs(Date.parse(sitting.deadline), this.host.now());
    const clock = this.partNamed('clock');
    this.text('clock-time', formatRemaining(remaining));
    clock.title = describeRemaining(remaining);
    clock.dataset.urgency = urgency(remaining);
    const warning = dueWarning(remaining, this.exam.timeLimitMinutes, this.announced);
    if (warning) {
      for (const minutes of warning.covers) this.announced.add(minutes);
      this.text('warning', warning.message);
    }
    if (remaining <= 0) this.submitNow('timer');
  };

  // ---- Tasks ----

  private renderTasks(sitting: Sitting): void {
    for (const button of this.querySelectorAll<HTMLButtonElement>('button[data-action="task"]')) {
      const id = button.dataset.task ?? '';
      const current = id === sitting.currentTask;
      if (current) button.setAttribute('aria-current', 'step');
      else button.removeAttribute('aria-current');
      const state = button.querySelector('[data-part="task-state"]');
      if (state) state.textContent = current ? 'on screen' : sitting.startedTasks.includes(id) ? 'started' : 'not started';
    }
    void this.renderTaskText(sitting);
  }

  /** The task on screen, with this sitting's values written in (they are drawn in the browser from the seed). */
  private async renderTaskText(sitting: Sitting): Promise<void> {
    const { task, number } = taskById(this.exam!, sitting.currentTask);
    const [{ sittingTask }, { renderTaskMarkdown, renderInlineMarkdown }] = await Promise.all([import('../lib/exam-results.ts'), import('../lib/exercise-markdown.ts')]);
    if (this.sitting?.currentTask !== task.id) return;
    const { definition, values } = sittingTask(sitting, task);
    this.renderAnswerFields(definition.questions, sitting.answers?.[task.id] ?? {}, renderInlineMarkdown);
    const article = this.partNamed('task');
    article.dataset.task = task.id;
    article.dataset.values = JSON.stringify(values);
    this.text('task-title', `Task ${number}: ${definition.title} (${task.weight} points)`);
    this.partNamed('task-text').innerHTML = renderTaskMarkdown(definition.task);
  }

  /** An answer exercise's fields (src/exercises/answers.ts), one per question, filled with what was typed; hidden for other tasks. */
  private renderAnswerFields(questions: readonly Question[] | undefined, answers: Answers, inline: (text: string) => string): void {
    this.partNamed('task-answers').hidden = !questions;
    const fields = (questions ?? []).map((question, index) => {
      const row = document.createElement('div');
      row.className = 'exercise-answer';
      const label = document.createElement('label');
      label.htmlFor = `exam-answer-${question.id}`;
      label.innerHTML = `${index + 1}. ${inline(question.prompt)}`;
      const input = document.createElement('input');
      Object.assign(input, { id: label.htmlFor, type: 'text', value: answers[question.id] ?? '', maxLength: ANSWER_MAX_LENGTH, autocomplete: 'off', spellcheck: false });
      if (question.placeholder) input.placeholder = question.placeholder;
      input.dataset.question = question.id;
      input.setAttribute('aria-describedby', 'exam-answers-note');
      row.append(label, input);
      return row;
    });
    this.partNamed('task-answer-fields').replaceChildren(...fields);
  }

  /** Typing an answer keeps it in the sitting (stored at once, so a reload keeps it too). */
  private readonly onAnswerInput = (event: Event) => {
    if (!(event.target as HTMLElement).matches('input[data-question]')) return;
    const fields = [...this.partNamed('task-answer-fields').querySelectorAll<HTMLInputElement>('input[data-question]')];
    if (!this.move({ type: 'answer', answers: Object.fromEntries(fields.map((f) => [f.dataset.question!, f.value.trim()])) })) return;
    this.store();
    // Answers change nothing in the VM, so no autosave follows them: save once typing pauses, and the answers go with the state.
    clearTimeout(this.answerSaveTimer);
    this.answerSaveTimer = setTimeout(() => void saveNow(), ANSWER_SAVE_DELAY_MS);
  };

  private switchTo(taskId: string): void {
    const fresh = !this.running?.startedTasks.includes(taskId);
    if (!this.move({ type: 'switch', taskId })) return;
    this.store();
    this.text('saved', '');
    this.render();
    this.enqueue(() => this.putOnScreen(taskId, fresh ? 'new' : 'resume'));
  }

  /** Puts `taskId` in the VM (src/lib/exam-task-vm.ts) and says how it went. */
  private async putOnScreen(taskId: string, how: TaskArrival): Promise<void> {
    const sitting = this.running;
    if (!sitting || sitting.currentTask !== taskId) return;
    const { task, number } = taskById(this.exam!, taskId);
    if (how !== 'reset' && activeExercise() === taskKey(sitting, taskId) && vmSession.status.state === 'ready') return;
    this.setBusy(true, how === 'reset' ? `The VM was reset: setting task ${number} up again…` : `Setting up task ${number}…`);
    try {
      const machine = await readyMachine();
      const outcome = await bringTask(machine, sitting, task, how, () => this.state.phase === 'running');
      if (outcome === 'overtaken') return;
      if (outcome === 'set-up') void saveNow();
      this.setBusy(
        false,
        outcome === 'restored'
          ? `Task ${number}: back where you left off.`
          : how === 'resume'
            ? `No saved work was found for task ${number}, so it was set up again from its start.`
            : how === 'reset'
              ? `The VM was reset, so task ${number} is back at its start.`
              : `Task ${number} is set up. Work in the terminal; press Submit exam when you are done.`,
      );
    } catch (error) {
      this.setBusy(false, `Task ${number} could not be set up: ${messageOf(error)}. Press Reset VM in the terminal to set it up again, or reload the page.`);
    }
    dispatch('stacklab:exam-task-settled', { taskId });
  }

  private setBusy(busy: boolean, text: string): void {
    this.toggleAttribute('data-busy', busy);
    this.button('save').disabled = busy;
    this.text('status', text);
  }

  /** The candidate reset the whole VM from the terminal: the task on screen starts over. */
  private readonly onVmReset = () => {
    const sitting = this.running;
    if (sitting) this.enqueue(() => this.putOnScreen(sitting.currentTask, 'reset'));
  };

  /**
   * A task of the sitting was saved: the task on screen, or the one just left for another (its
   * save on a switch ends after the switch), which goes to the host all the same.
   */
  private readonly onSaved = ({ exercise, savedAt }: { exercise: string; savedAt: string }) => {
    const sitting = this.running;
    const taskId = sitting && this.exam?.tasks.find((t) => taskKey(sitting, t.id) === exercise)?.id;
    if (!sitting || !taskId) return;
    if (taskId === sitting.currentTask) {
      const saved = this.partNamed('saved');
      saved.dataset.savedAt = savedAt;
      saved.textContent = `Saved ${clockTime(savedAt)}`;
    }
    const answers = sitting.answers?.[taskId];
    const taskLabel = `Task ${taskById(this.exam!, taskId).number}`;
    void this.host.taskSaved({ examId: sitting.examId, seed: sitting.seed, taskId, taskLabel, key: exercise, savedAt, ...(answers ? { answers } : {}) });
  };

  /** "Check my work is saved": saves the task on screen now and says whether the browser kept it. Never grades. */
  private async checkSaved(): Promise<void> {
    const sitting = this.running;
    if (!sitting) return;
    const key = taskKey(sitting, sitting.currentTask);
    const { number } = taskById(this.exam!, sitting.currentTask);
    if (activeExercise() !== key) return this.text('status', `Task ${number} is not in the VM yet; wait until it is set up.`);
    this.setBusy(true, 'Saving…');
    await saveNow();
    const kept = await hasExerciseState(key);
    this.setBusy(
      false,
      kept
        ? `Your work on task ${number} is saved in this browser (${clockTime()}). It is graded only when the exam ends.`
        : `Your work on task ${number} could not be saved in this browser (storage blocked or full). Keep this tab open until you submit.`,
    );
  }

  // ---- Submitting and grading ----

  private submitNow(by: 'candidate' | 'timer'): void {
    if (!this.move({ type: 'submit', by, now: new Date(this.host.now()) })) return;
    this.store();
    this.partNamed('confirm').hidden = true;
    this.render();
    this.text('grading', by === 'timer' ? 'Time is up: your work was submitted.' : 'Submitted.');
    this.enqueue(() => this.grade());
  }

  private async grade(): Promise<void> {
    if (this.state.phase !== 'grading') return;
    const sitting = this.state.sitting;
    this.render();
    this.text('grading', sitting.submission.submittedBy === 'timer' ? 'Time is up: your work was submitted. Grading…' : 'Submitted. Grading…');
    try {
      const machine = await readyMachine();
      const report = await gradeInVm(machine, this.exam!, sitting, (index, count) => this.text('grading', `Grading task ${index} of ${count}…`));
      this.move({ type: 'graded', report });
      this.store();
      this.render();
    } catch (error) {
      this.text('grading', `Grading could not finish: ${messageOf(error)}. Your work is saved in this browser; press Grade again (if the VM failed, press Retry in the terminal pane first).`);
      this.partNamed('grade-again').hidden = false;
    }
  }

  private showResult(sitting: Graded): void {
    const verdict = this.partNamed('verdict');
    verdict.dataset.passed = String(sitting.report.passed);
    verdict.textContent = verdictText(sitting.report, this.exam!.passPercent);
    this.text('result-facts', sittingFacts(sitting));
    void this.renderTaskResults(sitting);
  }

  private async renderTaskResults(sitting: Graded): Promise<void> {
    const [{ sittingTask }, { drawnValues }] = await Promise.all([import('../lib/exam-results.ts'), import('../exercises/parameters.ts')]);
    const items = sitting.report.tasks.map((result, index) => {
      const { definition, values } = sittingTask(sitting, taskById(this.exam!, result.id).task);
      return taskResultItem(result, index + 1, definition.title, drawnValues(definition.parameters, values));
    });
    this.partNamed('task-results').replaceChildren(...items);
  }

  // ---- The results bundle ----

  private async deliver(): Promise<void> {
    if (this.state.phase !== 'finished') return;
    const sitting = this.state.sitting;
    const button = this.button('download');
    button.disabled = true;
    try {
      if (!this.bundle) {
        this.text('download-status', 'Packing your VM states into the bundle…');
        const { buildBundle } = await import('../lib/exam-results.ts');
        this.bundle = await buildBundle(this.exam!, sitting, loadExerciseState);
      }
      this.text('download-status', await this.host.deliver(this.bundle));
    } catch (error) {
      this.text('download-status', `The bundle could not be made: ${messageOf(error)}`);
    } finally {
      button.disabled = false;
    }
  }

  private forgetBundle(): void {
    this.bundle = undefined;
    this.host.dispose?.();
  }

  /** Sit the exam again: a second, confirming click forgets this sitting and its VM states. */
  private async newSitting(button: HTMLButtonElement): Promise<void> {
    if (!this.restartAsked) {
      this.restartAsked = true;
      button.textContent = 'Sure? This sitting and its bundle are deleted from this browser. Sit it again';
      return;
    }
    this.restartAsked = false;
    button.textContent = 'Sit this exam again';
    const sitting = this.sitting;
    if (!sitting || !this.move({ type: 'forget' })) return;
    for (const task of this.exam!.tasks) await deleteExerciseState(taskKey(sitting, task.id));
    if (activeExercise()?.startsWith(`exam:${sitting.examId}:`)) setActiveExercise(undefined);
    clearSitting(browserLocalStorage(), this.exam!.id);
    this.forgetBundle();
    this.text('download-status', '');
    this.text('warning', '');
    this.render();
  }

  // ---- Plumbing ----

  private readonly onClick = (event: MouseEvent) => {
    const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-action]');
    if (!button || !this.contains(button) || button.disabled) return;
    switch (button.dataset.action) {
      case 'start':
        return void this.start();
      case 'task':
        return this.switchTo(button.dataset.task ?? '');
      case 'save':
        return void this.checkSaved();
      case 'submit':
        this.partNamed('confirm').hidden = false;
        return this.button('confirm-submit').focus();
      case 'cancel-submit':
        this.partNamed('confirm').hidden = true;
        return this.button('submit').focus();
      case 'confirm-submit':
        return this.submitNow('candidate');
      case 'grade':
        this.partNamed('grade-again').hidden = true;
        return this.enqueue(() => this.grade());
      case 'download':
        return void this.deliver();
      case 'new-sitting':
        return void this.newSitting(button);
    }
  };

  private enqueue(step: () => Promise<void>): void {
    this.queue = this.queue.then(step, step);
  }

  /** Writes the sitting to localStorage; false when the browser would not keep it. */
  private store(): boolean {
    const sitting = this.sitting;
    return sitting ? writeSitting(browserLocalStorage(), sitting) : false;
  }

  private partNamed(name: string): HTMLElement {
    const element = this.querySelector<HTMLElement>(`[data-part="${name}"]`);
    if (!element) throw new Error(`<stacklab-exam> is missing [data-part="${name}"]; see src/components/ExamSitting.astro.`);
    return element;
  }

  private button(action: string): HTMLButtonElement {
    const element = this.querySelector<HTMLButtonElement>(`button[data-action="${action}"]`);
    if (!element) throw new Error(`<stacklab-exam> is missing button[data-action="${action}"]; see src/components/ExamSitting.astro.`);
    return element;
  }

  private text(part: string, text: string): void {
    this.partNamed(part).textContent = text;
  }
}
