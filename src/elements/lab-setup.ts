/**
 * <stacklab-lab-setup data-plan="{...}">: "Set up this lesson's lab" (markup:
 * src/components/LabSetup.astro). It saves the exercise the VM holds (so Resume finds it; when
 * that save fails it stops and says so, rather than lose the learner's work), resets the VM to its snapshot, then runs the earlier lessons' Run commands the plan lists
 * (src/lib/lab.ts) through the agent, showing each one as it goes.
 *
 * Through the agent rather than typed into the learner's shell: every command's exit code is
 * known, so a set-up that went wrong says which command and why instead of leaving a half-built
 * lab; the commands run exactly as the lesson-commands test runs them; and the learner's
 * terminal is not flooded with a lesson's worth of output. Mirrors its state in data-state.
 */
import { dispatch } from '../lib/events.ts';
import type { LabCommand, LabPlan } from '../lib/lab.ts';
import { replayCommands, ReplayError, type ReplayProgress } from '../lib/lab-replay.ts';
import { messageOf } from '../lib/message-of.ts';
import { handOverVm } from '../lib/vm-handover.ts';
import { readyMachine } from '../lib/vm-session.ts';

type State = 'idle' | 'busy' | 'ready' | 'error';

const NOT_SAVED =
  'The lab was not set up: the exercise in progress could not be saved, and setting up the lab would lose your work in it. Try again in a moment; to set up the lab anyway, press Reset VM in the terminal first (the exercise then starts over).';

export class LabSetupElement extends HTMLElement {
  connectedCallback(): void {
    this.addEventListener('click', this.onClick);
  }

  disconnectedCallback(): void {
    this.removeEventListener('click', this.onClick);
  }

  private get plan(): LabPlan {
    return JSON.parse(this.dataset.plan ?? '{"lessons":[],"commands":[]}') as LabPlan;
  }

  private readonly onClick = (event: MouseEvent) => {
    const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-action="set-up"]');
    if (!button || button.disabled) return;
    const plan = this.plan;
    const then = plan.commands.length > 0 ? `, then runs the ${plan.commands.length} Run commands of ${lessonNames(plan)} again` : '';
    if (!window.confirm(`Set up this lesson's lab? The VM goes back to its starting state${then}. What you changed in the VM is lost; saved exercises are kept.`)) return;
    void this.setUp(plan);
  };

  private async setUp(plan: LabPlan): Promise<void> {
    this.setState('busy', 'Saving any exercise in progress and resetting the VM…');
    dispatch('stacklab:show-terminal');
    try {
      const machine = await readyMachine();
      if ((await handOverVm(machine, { replacement: () => ({ kind: 'reset' }), requireSaved: true })).outcome === 'not-saved') {
        this.setState('error', NOT_SAVED);
        return;
      }
      await replayCommands(machine, plan.commands, (progress) => this.showProgress(progress));
      const built = plan.commands.length > 0 ? `the VM holds what ${lessonNames(plan)} built` : 'the VM is fresh';
      this.setState('ready', `Ready: ${built}. Saved exercises are kept; Resume brings them back.`);
    } catch (error) {
      const what =
        error instanceof ReplayError
          ? `lesson ${(error.command as LabCommand).lesson}'s command ${error.problem}`
          : messageOf(error);
      this.setState('error', `The lab could not be set up: ${what.replace(/\.?$/, '.')} Press "Set up this lesson's lab" to try again; if it stops again, reload the page.`);
    }
  }

  private showProgress({ done, total, next }: ReplayProgress & { next?: LabCommand }): void {
    const progress = this.el<HTMLProgressElement>('[data-part="progress"]');
    progress.hidden = total === 0;
    progress.max = Math.max(total, 1);
    progress.value = done;
    if (next) this.el('[data-part="status"]').textContent = `Lesson ${next.lesson}, command ${done + 1} of ${total}: ${next.command}`;
  }

  private setState(state: State, text: string): void {
    this.dataset.state = state;
    const status = this.el('[data-part="status"]');
    status.textContent = text;
    status.dataset.tone = state === 'error' ? 'error' : '';
    this.el<HTMLButtonElement>('button[data-action="set-up"]').disabled = state === 'busy';
    if (state !== 'busy') this.el('[data-part="progress"]').hidden = true;
  }

  private el<T extends HTMLElement = HTMLElement>(selector: string): T {
    const element = this.querySelector<T>(selector);
    if (!element) throw new Error(`<stacklab-lab-setup> is missing ${selector}; see src/components/LabSetup.astro.`);
    return element;
  }
}

/** "lesson 1" or "lessons 4 and 5", for the messages. */
function lessonNames(plan: LabPlan): string {
  const orders = plan.lessons.map((lesson) => lesson.order);
  if (orders.length === 1) return `lesson ${orders[0]}`;
  return `lessons ${orders.slice(0, -1).join(', ')} and ${orders.at(-1)}`;
}
