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
 *
 * Mirrors its phase in data-phase (loading, intro, running, grading, finished) for styles and tests.
 */
import type { Report } from '../grading/report.ts';
import type { Exam, ExamTask } from '../exams/schema.ts';
import { describeRemaining, dueWarning, formatDuration, formatRemaining, remainingMs, urgency } from '../lib/exam-clock.ts';
import { beginSitting, clearSitting, newSeed, readSitting, submit, switchTask, taskStateKey, withReport, writeSitting, type Sitting } from '../lib/exam-sitting.ts';
import { EXERCISE_SAVED_EVENT, saveNow } from '../lib/exercise-autosave.ts';
import { activeExercise, saveActiveExercise, setActiveExercise, VM_REPLACED_EVENT, VM_RESET_EVENT } from '../lib/exercise-session.ts';
import { deleteExerciseState, hasExerciseState, loadExerciseState } from '../lib/exercise-states.ts';
import { formatBytes } from '../lib/format-bytes.ts';
import { checkItems } from '../lib/report-view.ts';
import { readyMachine, vmSession } from '../lib/vm-session.ts';

type Phase = 'loading' | 'intro' | 'running' | 'grading' | 'finished';

const TICK_MS = 250;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function browserStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

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

const timeOf = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });

export class ExamElement extends HTMLElement {
  private exam?: Exam;
  private sitting?: Sitting;
  private ticker?: ReturnType<typeof setInterval>;
  private announced = new Set<number>();
  /** VM work (set-up, restore, grading) runs one step at a time, in order. */
  private queue: Promise<unknown> = Promise.resolve();
  private offStatus?: () => void;
  private bundle?: { url: string; name: string; size: number };
  private restartAsked = false;

  private get phase(): Phase {
    return (this.dataset.phase as Phase | undefined) ?? 'loading';
  }

  connectedCallback(): void {
    this.addEventListener('click', this.onClick);
    window.addEventListener(VM_RESET_EVENT, this.onVmReset);
    window.addEventListener(EXERCISE_SAVED_EVENT, this.onSaved);
    document.addEventListener('visibilitychange', this.onTick);
    void this.init();
  }

  disconnectedCallback(): void {
    this.removeEventListener('click', this.onClick);
    window.removeEventListener(VM_RESET_EVENT, this.onVmReset);
    window.removeEventListener(EXERCISE_SAVED_EVENT, this.onSaved);
    document.removeEventListener('visibilitychange', this.onTick);
    this.offStatus?.();
    this.stopClock();
    if (this.bundle) URL.revokeObjectURL(this.bundle.url);
    // Leaving the page: the sitting goes on (the clock is the stored deadline); keep the task's work.
    const status = vmSession.status;
    if (this.phase === 'running' && this.sitting && activeExercise() === this.keyOf(this.sitting.currentTask) && status.state === 'ready') {
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
    this.offStatus = vmSession.on('status', () => this.renderStartAvailability());
    this.sitting = readSitting(browserStorage(), this.exam);
    if (!this.sitting) return this.showIntro();
    if (this.sitting.report) return this.showResult();
    if (this.sitting.submission) return void this.enqueue(() => this.grade());
    this.showRunning();
    this.startClock();
    if (this.phase === 'running') this.enqueue(() => this.bringTask(this.sitting!.currentTask, 'resume'));
  }

  // ---- Phases ----

  private setPhase(phase: Phase): void {
    this.dataset.phase = phase;
    this.partNamed('intro').hidden = phase !== 'intro';
    this.partNamed('running').hidden = phase !== 'running';
    this.partNamed('result').hidden = phase !== 'finished';
    this.partNamed('grading').hidden = phase !== 'grading';
    if (phase !== 'grading') this.partNamed('grade-again').hidden = true;
    // While grading, the VM moves from task to task: typing into it would change what is graded.
    document.querySelector('stacklab-terminal')?.toggleAttribute('inert', phase === 'grading');
  }

  private showIntro(): void {
    this.setPhase('intro');
    this.renderStartAvailability();
  }

  private renderStartAvailability(): void {
    if (this.phase !== 'intro') return;
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

  private showRunning(): void {
    this.setPhase('running');
    this.text('seed', this.sitting!.seed);
    this.renderTasks();
  }

  private async start(): Promise<void> {
    if (this.phase !== 'intro' || vmSession.status.state !== 'ready') return;
    this.button('start').disabled = true;
    const build = await imageBuild();
    if (this.phase !== 'intro') return;
    this.sitting = beginSitting(this.exam!, newSeed(), new Date(), build);
    const stored = this.store();
    this.announced.clear();
    this.showRunning();
    this.startClock();
    if (!stored) this.text('warning', 'This browser does not let the page store data: a reload or a closed tab would lose this sitting. Keep this tab open until you submit.');
    this.enqueue(() => this.bringTask(this.sitting!.currentTask, 'new'));
  }

  // ---- The clock ----

  private startClock(): void {
    this.stopClock();
    this.onTick();
    if (this.phase === 'running') this.ticker = setInterval(this.onTick, TICK_MS);
  }

  private stopClock(): void {
    clearInterval(this.ticker);
    this.ticker = undefined;
  }

  private readonly onTick = () => {
    if (this.phase !== 'running' || !this.sitting || !this.exam) return;
    const remaining = remainingMs(Date.parse(this.sitting.deadline), Date.now());
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

  private keyOf(taskId: string): string {
    return taskStateKey(this.sitting!.examId, this.sitting!.seed, taskId);
  }

  private taskById(taskId: string): { task: ExamTask; number: number } {
    const index = this.exam!.tasks.findIndex((t) => t.id === taskId);
    return { task: this.exam!.tasks[index]!, number: index + 1 };
  }

  private renderTasks(): void {
    const sitting = this.sitting!;
    for (const button of this.querySelectorAll<HTMLButtonElement>('button[data-action="task"]')) {
      const id = button.dataset.task ?? '';
      const current = id === sitting.currentTask;
      if (current) button.setAttribute('aria-current', 'step');
      else button.removeAttribute('aria-current');
      const state = button.querySelector('[data-part="task-state"]');
      if (state) state.textContent = current ? 'on screen' : sitting.startedTasks.includes(id) ? 'started' : 'not started';
    }
    void this.renderTaskText();
  }

  /** The task on screen, with this sitting's values written in (they are drawn in the browser from the seed). */
  private async renderTaskText(): Promise<void> {
    const sitting = this.sitting!;
    const { task, number } = this.taskById(sitting.currentTask);
    const [{ sittingTask }, { renderTaskMarkdown }] = await Promise.all([import('../lib/exam-results.ts'), import('../lib/exercise-markdown.ts')]);
    if (this.sitting?.currentTask !== task.id) return;
    const { definition, values } = sittingTask(sitting, task);
    const article = this.partNamed('task');
    article.dataset.task = task.id;
    article.dataset.values = JSON.stringify(values);
    this.text('task-title', `Task ${number}: ${definition.title} (${task.weight} points)`);
    this.partNamed('task-text').innerHTML = renderTaskMarkdown(definition.task);
  }

  private switchTo(taskId: string): void {
    if (this.phase !== 'running' || !this.sitting || taskId === this.sitting.currentTask) return;
    const fresh = !this.sitting.startedTasks.includes(taskId);
    this.sitting = switchTask(this.sitting, taskId);
    this.store();
    this.text('saved', '');
    this.renderTasks();
    this.enqueue(() => this.bringTask(taskId, fresh ? 'new' : 'resume'));
  }

  /**
   * Puts `taskId` in the VM: whatever the VM held is saved first (the previous task, or a
   * lesson's exercise), then the task's saved state is restored, or the task is set up.
   */
  private async bringTask(taskId: string, how: 'new' | 'resume' | 'reset'): Promise<void> {
    if (this.phase !== 'running' || this.sitting?.currentTask !== taskId) return;
    const key = this.keyOf(taskId);
    const { task, number } = this.taskById(taskId);
    if (how !== 'reset' && activeExercise() === key && vmSession.status.state === 'ready') return;
    this.setBusy(true, how === 'reset' ? `The VM was reset: setting task ${number} up again…` : `Setting up task ${number}…`);
    try {
      const machine = await readyMachine();
      await saveActiveExercise(machine, key);
      const state = how === 'resume' ? await loadExerciseState(key) : undefined;
      setActiveExercise(undefined);
      if (state) {
        await machine.restoreState(state);
      } else {
        const [{ prepareExercise }, { sittingTask }] = await Promise.all([import('../exercises/run.ts'), import('../lib/exam-results.ts')]);
        await prepareExercise(machine, sittingTask(this.sitting, task).setup);
      }
      if (this.phase !== 'running') return;
      setActiveExercise(key);
      window.dispatchEvent(new CustomEvent(VM_REPLACED_EVENT));
      if (!state) void saveNow();
      this.setBusy(
        false,
        state
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
  }

  private setBusy(busy: boolean, text: string): void {
    this.toggleAttribute('data-busy', busy);
    this.button('save').disabled = busy;
    this.text('status', text);
  }

  /** The candidate reset the whole VM from the terminal: the task on screen starts over. */
  private readonly onVmReset = () => {
    if (this.phase !== 'running' || !this.sitting) return;
    const taskId = this.sitting.currentTask;
    this.enqueue(() => this.bringTask(taskId, 'reset'));
  };

  private readonly onSaved = (event: Event) => {
    const { exercise, savedAt } = (event as CustomEvent<{ exercise: string; savedAt: string }>).detail;
    if (this.phase !== 'running' || !this.sitting || exercise !== this.keyOf(this.sitting.currentTask)) return;
    const saved = this.partNamed('saved');
    saved.dataset.savedAt = savedAt;
    saved.textContent = `Saved ${timeOf(savedAt)}`;
  };

  /** "Check my work is saved": saves the task on screen now and says whether the browser kept it. Never grades. */
  private async checkSaved(): Promise<void> {
    const sitting = this.sitting;
    if (this.phase !== 'running' || !sitting) return;
    const key = this.keyOf(sitting.currentTask);
    const { number } = this.taskById(sitting.currentTask);
    if (activeExercise() !== key) return this.text('status', `Task ${number} is not in the VM yet; wait until it is set up.`);
    this.setBusy(true, 'Saving…');
    await saveNow();
    const kept = await hasExerciseState(key);
    this.setBusy(
      false,
      kept
        ? `Your work on task ${number} is saved in this browser (${timeOf(new Date().toISOString())}). It is graded only when the exam ends.`
        : `Your work on task ${number} could not be saved in this browser (storage blocked or full). Keep this tab open until you submit.`,
    );
  }

  // ---- Submitting and grading ----

  private submitNow(by: 'candidate' | 'timer'): void {
    if (this.phase !== 'running' || !this.sitting) return;
    this.sitting = submit(this.sitting, by, new Date());
    this.store();
    this.stopClock();
    this.partNamed('confirm').hidden = true;
    this.setPhase('grading');
    this.text('grading', by === 'timer' ? 'Time is up: your work was submitted.' : 'Submitted.');
    this.enqueue(() => this.grade());
  }

  private async grade(): Promise<void> {
    const exam = this.exam!;
    let sitting = this.sitting!;
    this.setPhase('grading');
    this.text('grading', sitting.submission?.submittedBy === 'timer' ? 'Time is up: your work was submitted. Grading…' : 'Submitted. Grading…');
    try {
      const machine = await readyMachine();
      // The work on screen, as it was at submission.
      if (activeExercise() === this.keyOf(sitting.currentTask)) await saveActiveExercise(machine);
      setActiveExercise(undefined);
      const [{ gradeMachine }, { loadGrader }, { graderFor }, { gradeSitting }] = await Promise.all([
        import('../exercises/run.ts'),
        import('../grading/registry.ts'),
        import('../grading/grader.ts'),
        import('../lib/exam-results.ts'),
      ]);
      const report = await gradeSitting(exam, sitting, {
        loadState: loadExerciseState,
        gradeState: async (task, state, values): Promise<Report> => {
          const grader = await loadGrader(task.exercise);
          await machine.restoreState(state);
          return gradeMachine(machine, graderFor(grader, values));
        },
        onTask: (_task, index, count) => this.text('grading', `Grading task ${index} of ${count}…`),
      });
      window.dispatchEvent(new CustomEvent(VM_REPLACED_EVENT));
      sitting = withReport(sitting, report);
      this.sitting = sitting;
      this.store();
      this.showResult();
    } catch (error) {
      this.text('grading', `Grading could not finish: ${messageOf(error)}. Your work is saved in this browser; press Grade again (if the VM failed, press Retry in the terminal pane first).`);
      this.partNamed('grade-again').hidden = false;
    }
  }

  private showResult(): void {
    const exam = this.exam!;
    const sitting = this.sitting!;
    const report = sitting.report!;
    this.setPhase('finished');
    const verdict = this.partNamed('verdict');
    verdict.dataset.passed = String(report.passed);
    verdict.textContent = `${report.passed ? 'Pass' : 'Fail'}: ${report.points} of ${report.maximum} points (${report.percent}%). The pass mark is ${exam.passPercent}%.`;
    const submission = sitting.submission!;
    this.text(
      'result-facts',
      `Seed ${sitting.seed}. Started ${timeOf(sitting.startedAt)}; ${submission.submittedBy === 'timer' ? 'submitted automatically when the time ran out' : 'submitted'} at ${timeOf(submission.endedAt)}.`,
    );
    void this.renderTaskResults();
  }

  private async renderTaskResults(): Promise<void> {
    const { sittingTask } = await import('../lib/exam-results.ts');
    const sitting = this.sitting!;
    const report = sitting.report!;
    const items = report.tasks.map((result, index) => {
      const task = this.exam!.tasks.find((t) => t.id === result.id)!;
      const { definition, values } = sittingTask(sitting, task);
      const item = document.createElement('li');
      item.className = 'exam-task-result';
      item.dataset.task = result.id;
      item.dataset.points = String(result.points);
      const heading = document.createElement('h3');
      heading.textContent = `Task ${index + 1}: ${definition.title}`;
      const points = document.createElement('span');
      points.className = 'exam-task-result-points';
      points.textContent = `${result.points} of ${result.weight} points`;
      heading.append(' ', points);
      item.append(heading);
      const entries = Object.entries(values);
      if (entries.length > 0) {
        const line = document.createElement('p');
        line.className = 'exam-task-values';
        line.textContent = `Your values: ${entries.map(([name, value]) => `${name} ${value}`).join(', ')}`;
        item.append(line);
      }
      const summary = document.createElement('p');
      summary.className = 'exercise-summary';
      const checks = result.report?.checks ?? [];
      if (!result.report) summary.textContent = 'Not started: no points.';
      else if (result.report.status === 'error') summary.textContent = `Could not be graded: ${result.report.message ?? 'a check failed to run'}. No points.`;
      else summary.textContent = `${checks.filter((c) => c.status === 'pass').length} of ${checks.length} checks pass (score ${result.report.score}/${result.report.maximum}).`;
      summary.dataset.status = result.report?.status ?? 'skip';
      item.append(summary);
      if (checks.length > 0) {
        const list = document.createElement('ol');
        list.className = 'exercise-checks';
        list.append(...checkItems(checks));
        item.append(list);
      }
      return item;
    });
    this.partNamed('task-results').replaceChildren(...items);
  }

  // ---- The results bundle ----

  private async download(): Promise<void> {
    const exam = this.exam!;
    const sitting = this.sitting;
    if (!sitting?.report) return;
    const button = this.button('download');
    button.disabled = true;
    try {
      if (!this.bundle) {
        this.text('download-status', 'Packing your VM states into the bundle…');
        const { buildBundle, bundleFileName } = await import('../lib/exam-results.ts');
        const bundle = await buildBundle(exam, sitting, loadExerciseState);
        const blob = new Blob([JSON.stringify(bundle)], { type: 'application/json' });
        this.bundle = { url: URL.createObjectURL(blob), name: bundleFileName(bundle), size: blob.size };
      }
      const link = document.createElement('a');
      link.href = this.bundle.url;
      link.download = this.bundle.name;
      link.hidden = true;
      this.append(link);
      link.click();
      link.remove();
      this.text('download-status', `Downloaded ${this.bundle.name} (${formatBytes(this.bundle.size)}). Hand this file to your instructor.`);
    } catch (error) {
      this.text('download-status', `The bundle could not be made: ${messageOf(error)}`);
    } finally {
      button.disabled = false;
    }
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
    if (sitting) {
      for (const task of this.exam!.tasks) await deleteExerciseState(this.keyOf(task.id));
      if (activeExercise()?.startsWith(`exam:${sitting.examId}:`)) setActiveExercise(undefined);
    }
    clearSitting(browserStorage(), this.exam!.id);
    this.sitting = undefined;
    if (this.bundle) URL.revokeObjectURL(this.bundle.url);
    this.bundle = undefined;
    this.text('download-status', '');
    this.text('warning', '');
    this.showIntro();
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
        return void this.download();
      case 'new-sitting':
        return void this.newSitting(button);
    }
  };

  private enqueue(step: () => Promise<void>): void {
    this.queue = this.queue.then(step, step);
  }

  /** Writes the sitting to localStorage; false when the browser would not keep it. */
  private store(): boolean {
    return writeSitting(browserStorage(), this.sitting!);
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
